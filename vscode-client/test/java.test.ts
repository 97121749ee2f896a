import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findJava, javaCandidates, normalizeHome, parseJavaVersion, type JavaCandidate } from '../src/java';

describe('parseJavaVersion', () => {
  const cases: [string, number, string][] = [
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)', 17, '17.0.15'],
    ['java version "1.8.0_292"\nJava(TM) SE Runtime Environment (build 1.8.0_292-b10)', 8, '1.8.0_292'],
    ['openjdk version "25" 2025-09-16', 25, '25'],
    ['openjdk version "21-ea" 2023-09-19', 21, '21-ea'],
    ['openjdk version "11.0.2" 2019-01-15', 11, '11.0.2'],
    ['Picked up JAVA_TOOL_OPTIONS: -Dfile.encoding=UTF-8\nopenjdk version "21.0.4" 2024-07-16 LTS', 21, '21.0.4'],
    ['openjdk 21.0.2 2024-01-16\nOpenJDK Runtime Environment', 21, '21.0.2'],
    ['java version "9"', 9, '9'],
  ];
  for (const [output, major, text] of cases) {
    it(`reads ${text} as Java ${major}`, () => {
      assert.deepEqual(parseJavaVersion(output), { major, text });
    });
  }

  it('returns undefined for output without a version', () => {
    assert.equal(parseJavaVersion('bash: java: command not found'), undefined);
    assert.equal(parseJavaVersion(''), undefined);
  });
});

describe('javaCandidates', () => {
  const onPath = new Set(['/usr/bin/java', '/opt/jdk/bin/java']);
  const isFile = (f: string) => onPath.has(f);

  it('looks at JDK_HOME, JAVA_HOME, then each java on the PATH, in that order', () => {
    const candidates = javaCandidates({
      env: { JDK_HOME: '/jdk17', JAVA_HOME: '/jdk21', PATH: '/usr/local/bin:/usr/bin:/opt/jdk/bin' },
      platform: 'linux',
      isFile,
    });
    assert.deepEqual(
      candidates.map((c) => [c.source, c.executable]),
      [
        ['JDK_HOME', '/jdk17/bin/java'],
        ['JAVA_HOME', '/jdk21/bin/java'],
        ['PATH', '/usr/bin/java'],
        ['PATH', '/opt/jdk/bin/java'],
      ],
    );
  });

  it('uses only the setting when meshprobe.java.home is set', () => {
    const candidates = javaCandidates({ settingHome: '/my/jdk', env: { JAVA_HOME: '/jdk21', PATH: '/usr/bin' }, platform: 'linux', isFile });
    assert.deepEqual(candidates, [{ source: 'setting', home: '/my/jdk', executable: '/my/jdk/bin/java' }]);
  });

  it('treats an empty or blank setting as unset', () => {
    const candidates = javaCandidates({ settingHome: '  ', env: { PATH: '/usr/bin' }, platform: 'linux', isFile });
    assert.deepEqual(candidates.map((c) => c.source), ['PATH']);
  });

  it('does not list the same java twice', () => {
    const candidates = javaCandidates({ env: { PATH: '/usr/bin:/usr/bin' }, platform: 'linux', isFile });
    assert.equal(candidates.length, 1);
  });

  it('uses java.exe and ; on Windows', () => {
    const candidates = javaCandidates({
      env: { JAVA_HOME: 'C:\\Program Files\\Java\\jdk-21', Path: 'C:\\Windows;C:\\jdk\\bin' },
      platform: 'win32',
      isFile: (f) => f === 'C:\\jdk\\bin\\java.exe',
    });
    assert.deepEqual(
      candidates.map((c) => c.executable),
      ['C:\\Program Files\\Java\\jdk-21\\bin\\java.exe', 'C:\\jdk\\bin\\java.exe'],
    );
  });

  it('strips quotes and expands ~ in a home', () => {
    assert.equal(normalizeHome('"/opt/jdk 21"', '/home/me'), '/opt/jdk 21');
    assert.equal(normalizeHome('~/jdks/21', '/home/me'), '/home/me/jdks/21');
    assert.equal(normalizeHome('', '/home/me'), undefined);
  });
});

describe('findJava', () => {
  const versions: Record<string, string> = {
    '/jdk11/bin/java': 'openjdk version "11.0.2" 2019-01-15',
    '/jdk17/bin/java': 'openjdk version "17.0.15" 2025-04-15',
    '/usr/bin/java': 'openjdk version "21-ea" 2023-09-19',
  };
  const run = async (exe: string) => {
    if (versions[exe]) {
      return versions[exe];
    }
    throw new Error(`spawn ${exe} ENOENT`);
  };
  const isFile = (f: string) => f in versions;
  const home = (source: JavaCandidate['source'], dir: string): JavaCandidate => ({ source, home: dir, executable: `${dir}/bin/java` });

  it('takes the first Java 17 or newer', async () => {
    const result = await findJava([home('JAVA_HOME', '/jdk11'), home('JDK_HOME', '/jdk17'), { source: 'PATH', executable: '/usr/bin/java' }], run, isFile);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.candidate.executable, '/jdk17/bin/java');
    assert.equal(result.ok && result.version.major, 17);
  });

  it('accepts an early-access build of a new enough release', async () => {
    const result = await findJava([{ source: 'PATH', executable: '/usr/bin/java' }], run, isFile);
    assert.equal(result.ok && result.version.text, '21-ea');
  });

  it('says which Java was too old and where to get a new one', async () => {
    const result = await findJava([home('JAVA_HOME', '/jdk11')], run, isFile);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'too-old');
    assert.match(!result.ok ? result.message : '', /Java 17 or newer.*JAVA_HOME=\/jdk11 is Java 11\.0\.2.*adoptium\.net.*meshprobe\.java\.home/);
  });

  it('blames the setting when meshprobe.java.home points at no Java', async () => {
    const result = await findJava([home('setting', '/nowhere')], run, isFile);
    assert.equal(!result.ok && result.reason, 'setting-invalid');
    assert.match(!result.ok ? result.message : '', /meshprobe\.java\.home \(\/nowhere\) has no java in its bin folder/);
  });

  it('blames the setting when meshprobe.java.home is too old', async () => {
    const result = await findJava([home('setting', '/jdk11')], run, isFile);
    assert.equal(!result.ok && result.reason, 'setting-invalid');
    assert.match(!result.ok ? result.message : '', /is Java 11\.0\.2/);
  });

  it('explains what to install when there is no Java at all', async () => {
    const result = await findJava([], run, isFile);
    assert.equal(!result.ok && result.reason, 'not-found');
    assert.match(!result.ok ? result.message : '', /none was found.*JDK_HOME, JAVA_HOME and the PATH.*adoptium\.net/);
  });

  it('goes on past a java that cannot run', async () => {
    const result = await findJava([{ source: 'PATH', executable: '/broken/java' }, home('JDK_HOME', '/jdk17')], run, () => true);
    assert.equal(result.ok && result.candidate.source, 'JDK_HOME');
    assert.match(result.tried[0].problem ?? '', /could not be run: spawn \/broken\/java ENOENT/);
  });
});
