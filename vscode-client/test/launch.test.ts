import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildServerLaunch, formatCommandLine, splitVmArgs } from '../src/launch';

describe('splitVmArgs', () => {
  const cases: [string | undefined, string[]][] = [
    [undefined, []],
    ['', []],
    ['  -Xmx1G   -XX:+UseSerialGC ', ['-Xmx1G', '-XX:+UseSerialGC']],
    ['-Dname="a b" -Dother=c', ['-Dname=a b', '-Dother=c']],
    ["-Dq='single quoted'", ['-Dq=single quoted']],
    ['-Dpath=C:\\jdk\\lib', ['-Dpath=C:\\jdk\\lib']],
    ['-Dspace=a\\ b', ['-Dspace=a b']],
    ['-Dempty=""', ['-Dempty=']],
    ['""', ['']],
  ];
  for (const [input, expected] of cases) {
    it(`splits ${JSON.stringify(input)}`, () => assert.deepEqual(splitVmArgs(input), expected));
  }
});

describe('buildServerLaunch', () => {
  it('runs the jar with --stdio after the VM arguments, JVM logging sent to stderr', () => {
    const { launch, warnings } = buildServerLaunch({ javaExecutable: '/jdk/bin/java', jarPath: '/ext/server/meshprobe.jar', vmargs: '-Xmx1G -XX:+UseSerialGC' });
    assert.deepEqual(launch, {
      command: '/jdk/bin/java',
      args: ['-Xlog:disable', '-Xlog:all=warning:stderr', '-Xmx1G', '-XX:+UseSerialGC', '-jar', '/ext/server/meshprobe.jar', '--stdio'],
    });
    assert.deepEqual(warnings, []);
  });

  it("leaves logging to the user's -Xlog", () => {
    const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '-Xlog:gc:stderr' });
    assert.deepEqual(launch.args, ['-Xlog:gc:stderr', '-jar', 'm.jar', '--stdio']);
  });

  it('drops arguments that would run another program', () => {
    const { launch, warnings } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '-jar other.jar -Xss4m -cp x --stdio' });
    assert.deepEqual(launch.args.slice(2), ['-Xss4m', '-jar', 'm.jar', '--stdio']);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /ignored "-jar other\.jar"/);
  });

  it('formats a command line that a shell can take back', () => {
    assert.equal(formatCommandLine({ command: '/opt/my jdk/bin/java', args: ['-jar', 'm.jar'] }), "'/opt/my jdk/bin/java' -jar m.jar");
  });
});
