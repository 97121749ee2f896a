import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildServerLaunch, cdsArchivePath, formatCommandLine, splitVmArgs, staleCdsFiles, STARTUP_FLAGS, startupFlags } from '../src/launch';

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
  it('runs the jar with --stdio after the VM arguments, JVM logging sent to stderr, start-up flags first', () => {
    const { launch, warnings } = buildServerLaunch({ javaExecutable: '/jdk/bin/java', jarPath: '/ext/server/meshprobe.jar', vmargs: '-Xmx1G' });
    assert.deepEqual(launch, {
      command: '/jdk/bin/java',
      args: ['-Xlog:disable', '-Xlog:all=warning:stderr', ...STARTUP_FLAGS, '-Xmx1G', '-jar', '/ext/server/meshprobe.jar', '--stdio'],
    });
    assert.deepEqual(warnings, []);
  });

  it('keeps the optimising compiler for a large workspace, and C1 alone for others', () => {
    const small = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar' }).launch.args;
    const large = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', largeWorkspace: true }).launch.args;
    assert.ok(small.includes('-XX:TieredStopAtLevel=1'));
    assert.ok(!large.includes('-XX:TieredStopAtLevel=1'));
    assert.ok(large.includes('-XX:+UseSerialGC'));
    assert.deepEqual(startupFlags(false), STARTUP_FLAGS);
  });

  it("puts the user's -Xlog after its own, so that it adds to them and JVM warnings still avoid stdout", () => {
    const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '-Xlog:gc:stderr' });
    assert.deepEqual(launch.args, ['-Xlog:disable', '-Xlog:all=warning:stderr', ...STARTUP_FLAGS, '-Xlog:gc:stderr', '-jar', 'm.jar', '--stdio']);
  });

  it('lets the user turn a start-up flag back: their arguments come later and win', () => {
    const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '-XX:TieredStopAtLevel=4' });
    assert.ok(launch.args.indexOf('-XX:TieredStopAtLevel=4') > launch.args.indexOf('-XX:TieredStopAtLevel=1'));
  });

  it('drops arguments that would run another program', () => {
    const { launch, warnings } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '-jar other.jar -Xss4m -cp x --stdio' });
    assert.deepEqual(launch.args.slice(2 + STARTUP_FLAGS.length), ['-Xss4m', '-jar', 'm.jar', '--stdio']);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0], /ignored "-jar other\.jar"/);
  });

  it('maps the class-data archive when it exists, with -Xshare:auto, and tells the server where it lives', () => {
    const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs: '', cdsArchive: { path: '/s/a b.jsa', exists: true } });
    assert.deepEqual(launch.args.slice(0, 5), [
      '-Xlog:disable', '-Xlog:all=warning:stderr', '-XX:SharedArchiveFile=/s/a b.jsa', '-Xshare:auto', '-Dmeshprobe.cds.archive=/s/a b.jsa',
    ]);
    assert.deepEqual(launch.args.slice(-3), ['-jar', 'm.jar', '--stdio']);
  });

  it('without an archive yet, only tells the server where to create it: a missing archive would cost the JDK its own', () => {
    const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', cdsArchive: { path: '/s/a.jsa', exists: false } });
    assert.ok(!launch.args.some((a) => a.startsWith('-XX:SharedArchiveFile') || a.startsWith('-Xshare')), launch.args.join(' '));
    assert.ok(launch.args.includes('-Dmeshprobe.cds.archive=/s/a.jsa'));
  });

  it('stays out of class-data sharing when the user chooses it', () => {
    for (const vmargs of ['-Xshare:off', '-XX:SharedArchiveFile=/mine.jsa']) {
      const { launch } = buildServerLaunch({ javaExecutable: 'java', jarPath: 'm.jar', vmargs, cdsArchive: { path: '/s/a.jsa', exists: true } });
      assert.ok(!launch.args.some((a) => a.includes('/s/a.jsa')), launch.args.join(' '));
      assert.ok(launch.args.includes(vmargs));
    }
  });

  it('formats a command line that a shell can take back', () => {
    assert.equal(formatCommandLine({ command: '/opt/my jdk/bin/java', args: ['-jar', 'm.jar'] }), "'/opt/my jdk/bin/java' -jar m.jar");
  });
});

describe('cdsArchivePath', () => {
  it('is one file per extension version and Java, in the storage folder', () => {
    const a = cdsArchivePath('/store/cds', '0.1.0', '/jdk17/bin/java', '17.0.15');
    assert.match(a, /^\/store\/cds\/meshprobe-0\.1\.0-[0-9a-f]{12}\.jsa$/);
    assert.equal(cdsArchivePath('/store/cds', '0.1.0', '/jdk17/bin/java', '17.0.15'), a, 'stable');
    assert.notEqual(cdsArchivePath('/store/cds', '0.1.0', '/jdk17/bin/java', '17.0.16'), a, 'a Java updated in place');
    assert.notEqual(cdsArchivePath('/store/cds', '0.1.0', '/jdk21/bin/java', '17.0.15'), a, 'another Java');
    assert.notEqual(cdsArchivePath('/store/cds', '0.2.0', '/jdk17/bin/java', '17.0.15'), a, 'another extension version');
  });

  it("removes only other versions' archives and their side files", () => {
    const names = [
      'meshprobe-0.1.0-0123456789ab.jsa', 'meshprobe-0.1.0-0123456789ab.jsa.id', 'meshprobe-0.1.0-ba9876543210.jsa',
      'meshprobe-0.0.9-0123456789ab.jsa', 'meshprobe-0.0.9-0123456789ab.jsa.id', 'meshprobe-0.0.9-0123456789ab.jsa.lock',
      'notes.txt', 'meshprobe-0.0.9.jsa',
    ];
    assert.deepEqual(staleCdsFiles(names, '0.1.0'), [
      'meshprobe-0.0.9-0123456789ab.jsa', 'meshprobe-0.0.9-0123456789ab.jsa.id', 'meshprobe-0.0.9-0123456789ab.jsa.lock',
    ]);
  });
});
