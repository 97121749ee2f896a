// End-to-end test of the Meshprobe extension in real VS Code (code-server) driven by headless Chromium.
// It acts as a person would: open the manifest, wait for the problem, hover the probe key, open the
// quick-fix menu, apply the preferred fix, and see the text change and the problem go. Each step is
// screenshotted. Run through run.sh, which installs the tools and builds the .vsix.
//
// Environment:
//   MESHPROBE_E2E_TOOLS        folder with node_modules/{code-server,playwright-core} (from install.sh)
//   MESHPROBE_VSIX             the .vsix to install
//   MESHPROBE_EXAMPLES         workspace to open, copied to a temporary folder first (default <repo>/examples);
//   MESHPROBE_E2E_MANIFEST     the manifest to open, relative to the workspace (default: picked, see pickManifest)
//   MESHPROBE_E2E_LEVEL        full (default) | activation: stop after "extension activated, server started"
//                              | java-error: with meshprobe.java.home pointing nowhere, expect the Java error
//                              and its "Open Settings" button
//   MESHPROBE_E2E_RULE         rule id to wait for (default probe-blocked-by-strict-mtls)
//   MESHPROBE_E2E_HOVER        regular expression the hover must match (default: STRICT|mTLS)
//   MESHPROBE_E2E_REASON       regular expression the problem's message must carry, in plain text (default: requires STRICT mTLS)
//   MESHPROBE_E2E_FIX          regular expression for the preferred fix's title (default: probe rewrite)
//   MESHPROBE_SCREENSHOTS      screenshot folder (default build/vscode-e2e-screenshots)
//   MESHPROBE_E2E_KEEP=1       keep the temporary folder (user data, workspace, logs)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const env = process.env;
const tools = path.resolve(env.MESHPROBE_E2E_TOOLS ?? path.join(repo, 'build/vscode-e2e/tools'));
const vsix = path.resolve(env.MESHPROBE_VSIX ?? path.join(repo, 'vscode-client/meshprobe-0.1.0.vsix'));
const examples = path.resolve(env.MESHPROBE_EXAMPLES ?? path.join(repo, 'examples'));
const screenshots = path.resolve(repo, env.MESHPROBE_SCREENSHOTS ?? 'build/vscode-e2e-screenshots');
const level = env.MESHPROBE_E2E_LEVEL ?? 'full';
const rule = env.MESHPROBE_E2E_RULE ?? 'probe-blocked-by-strict-mtls';
const hoverPattern = new RegExp(env.MESHPROBE_E2E_HOVER ?? 'STRICT|mTLS', 'i');
// The deciding reason the problem's message must carry, in plain text (DESIGN §2: no backticks).
const reasonPattern = new RegExp(env.MESHPROBE_E2E_REASON ?? 'requires STRICT mTLS');
const fixPattern = new RegExp(env.MESHPROBE_E2E_FIX ?? 'probe rewrite', 'i');
const codeServer = path.join(tools, 'node_modules/.bin/code-server');
const { chromium } = createRequire(path.join(tools, 'package.json'))('playwright-core');

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (message) => console.log(`[e2e ${elapsed()}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshprobe-e2e-'));
const userData = path.join(tmp, 'user-data');
const extensionsDir = path.join(tmp, 'extensions');
const workspace = path.join(tmp, 'workspace');
let serverProcess;
let saveCodeServerLog = () => undefined;
let browser;
let page;
let shot = 0;
const results = [];

async function screenshot(name) {
  if (!page) return;
  const file = path.join(screenshots, `${String(++shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file }).catch((e) => say(`screenshot ${name} failed: ${e.message}`));
  say(`screenshot ${path.relative(repo, file)}`);
}

/** Runs one named step; the first failure is screenshotted and ends the run. */
async function step(name, body) {
  const t0 = Date.now();
  try {
    const detail = await body();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    say(`ok   ${name}${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - t0 });
    say(`FAIL ${name}: ${error.stack ?? error}`);
    await screenshot(`failure-${name.replace(/\W+/g, '-')}`);
    throw error;
  }
}

async function waitFor(what, predicate, timeoutMs, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await predicate();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
}

function filesUnder(dir, accept, depth = 8) {
  if (!existsSync(dir) || depth < 0) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : filesUnder(full, accept, depth - 1);
    return accept(full) ? [full] : [];
  });
}

const PROBE_KEY = /^\s*(-\s+)?(livenessProbe|readinessProbe|startupProbe):/m;
const REWRITE_OFF = /rewriteAppHTTPProbers["']?\s*:\s*["']?(false|0|f|F|FALSE|False)\b/;

const manifestsWithProbes = (root) =>
  filesUnder(root, (f) => /\.ya?ml$/.test(f) && !/\.fixed\.ya?ml$/.test(f))
    .sort()
    .filter((f) => PROBE_KEY.test(readFileSync(f, 'utf8')));

/** Asks the server's command line which files have the rule; undefined when it cannot tell. */
function manifestFromCheck(root, jar) {
  if (!jar) return undefined;
  const r = spawnSync('java', ['-jar', jar, 'check', '--format', 'json', '--fail-on', 'never', '.'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  try {
    const finding = JSON.parse(r.stdout).findings?.find((f) => f.rule === rule);
    return finding ? path.resolve(root, finding.file) : undefined;
  } catch {
    return undefined;
  }
}

/** A README bullet that names a manifest and the rule, e.g. "- `shop/web.yaml`: ... `probe-blocked-by-strict-mtls`". */
function manifestFromReadme(root) {
  const readme = path.join(root, 'README.md');
  if (!existsSync(readme)) return undefined;
  for (const item of readFileSync(readme, 'utf8').split(/\n(?=\s*[-*] )/)) {
    const file = /`([^`]+\.ya?ml)`/.exec(item)?.[1];
    if (file && item.includes(rule) && existsSync(path.join(root, file))) return path.join(root, file);
  }
  return undefined;
}

/**
 * The manifest the test opens: MESHPROBE_E2E_MANIFEST; else the first file where the server's
 * `check` reports the rule; else the one the workspace README names for the rule; else the first
 * manifest with a probe and rewriting turned off (the seed case); else the first with a probe.
 */
function pickManifest(root, jar) {
  if (env.MESHPROBE_E2E_MANIFEST) return { file: path.join(root, env.MESHPROBE_E2E_MANIFEST), why: 'MESHPROBE_E2E_MANIFEST' };
  const fromCheck = manifestFromCheck(root, jar);
  if (fromCheck) return { file: fromCheck, why: 'meshprobe check' };
  const fromReadme = manifestFromReadme(root);
  if (fromReadme) return { file: fromReadme, why: 'README.md' };
  const withProbe = manifestsWithProbes(root);
  const rewriteOff = withProbe.find((f) => REWRITE_OFF.test(readFileSync(f, 'utf8')));
  return rewriteOff ? { file: rewriteOff, why: 'probe with rewriting off' } : { file: withProbe[0], why: 'first manifest with a probe' };
}

function prepareWorkspace() {
  if (!existsSync(examples) || !manifestsWithProbes(examples).length) throw new Error(`${examples} holds no manifest with a probe`);
  const source = examples;
  cpSync(source, workspace, { recursive: true });
  return source;
}

/**
 * A Helm chart beside the examples, released into namespace shop (whose injection and the mesh-wide STRICT
 * policy the examples hold): its template writes the livenessProbe key, values.yaml the probe's body and
 * the pod's rewrite annotation "false". The workspace's settings point meshprobe.tools.helm at the helm
 * the test set-up installs (MESHPROBE_E2E_HELM, default build/tools/bin/helm): code-server's PATH has none.
 */
function addChart() {
  const helm = path.resolve(env.MESHPROBE_E2E_HELM ?? path.join(repo, 'build/tools/bin/helm'));
  if (!existsSync(helm)) throw new Error(`no helm at ${helm}; run scripts/install-test-deps.sh`);
  const dir = path.join(workspace, 'charts/storefront');
  cpSync(path.join(repo, 'test-fixtures/src/main/resources/contexts/chart_probe_from_values_toyaml/chart'), dir, { recursive: true });
  writeFileSync(path.join(workspace, '.meshprobe.yaml'), 'helm:\n  releases:\n    - chart: charts/storefront\n      name: storefront\n      namespace: shop\n');
  mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'meshprobe.tools.helm': helm }, null, 2));
  const template = path.join(dir, 'templates/deployment.yaml');
  const values = path.join(dir, 'values.yaml');
  return { helm, template, values, relTemplate: path.relative(workspace, template), valuesText: readFileSync(values, 'utf8') };
}

function writeUserSettings() {
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settings = {
    'security.workspace.trust.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.colorTheme': 'Default Light Modern',
    'chat.commandCenter.enabled': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.hover.delay': 200,
    'editor.minimap.enabled': false,
    'window.restoreWindows': 'none',
  };
  if (level === 'java-error') settings['meshprobe.java.home'] = path.join(tmp, 'no-such-jdk');
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function codeServerEnv() {
  // code-server writes its config.yaml and state under XDG folders: keep them in the temporary folder.
  return { ...env, XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'), XDG_CACHE_HOME: path.join(tmp, 'cache') };
}

/** The extension's log channel as written to disk by VS Code (LogOutputChannel). */
function meshprobeLog() {
  return filesUnder(path.join(userData, 'logs'), (f) => path.basename(f) === 'Meshprobe.log')
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

function extensionHostLogs() {
  return filesUnder(path.join(userData, 'logs'), (f) => /exthost.*\.log$|remoteexthost\.log$/.test(path.basename(f)))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The extension's LSP trace channel as written to disk (a plain output channel: "Meshprobe Trace"). */
function meshprobeTrace() {
  return filesUnder(path.join(userData, 'logs'), (f) => /Meshprobe Trace\.log$/.test(path.basename(f)))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** Edits the user's settings.json as a person would by hand; VS Code picks the change up from the file. */
function setUserSetting(key, value) {
  const file = path.join(userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8'));
  if (value === undefined) delete settings[key];
  else settings[key] = value;
  writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** LSP4J's own log lines, in either of their forms (java.util.logging's two lines, or routed through the server's log). */
const LSP4J_LINE = /org\.eclipse\.lsp4j|RemoteEndpoint|handleCancellation|cancel notification|\blsp4j\b/;

/**
 * The hover widget needs no scrolling at its default size: its content's scrollHeight fits its
 * clientHeight (VS Code caps the widget at max(editor height / 4, 250 px) and scrolls the rest).
 */
async function hoverFits(hover) {
  return hover.evaluate((node) => {
    const content = node.querySelector('.monaco-hover-content') ?? node;
    return { scrollHeight: content.scrollHeight, clientHeight: content.clientHeight };
  });
}

/** The inlay hints the editor renders: injected text that starts with one of Meshprobe's marks. */
async function renderedHints() {
  const texts = await page.locator('.editor-group-container .monaco-editor .view-lines .view-line span span').allInnerTexts();
  return texts.map((t) => t.replace(/\u00a0/g, ' ').trim()).filter((t) => /^[✗✓→⚠] /.test(t));
}

/** Opens a workspace file through Quick Open and waits for its editor. */
async function openFile(rel) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(rel);
  // The list shows recently opened files until the filter applies: wait for the file's own row.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: path.basename(rel) }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[aria-label*="${path.basename(rel)}"]`).waitFor({ timeout: 15_000 });
  await sleep(300);
}

async function problemRows() {
  return page.locator('.markers-panel .monaco-list-row').allInnerTexts().catch(() => []);
}

const editorSquiggle = () => page.locator('.editor-group-container .monaco-editor .squiggly-error').first();

async function main() {
  mkdirSync(path.join(screenshots, 'logs'), { recursive: true });
  for (const old of readdirSync(screenshots)) if (old.endsWith('.png')) rmSync(path.join(screenshots, old));
  if (!existsSync(vsix)) throw new Error(`no .vsix at ${vsix}`);
  if (!existsSync(codeServer)) throw new Error(`no code-server at ${codeServer}; run install.sh`);

  const source = prepareWorkspace();
  say(`workspace ${source} -> ${workspace}; level ${level}`);
  writeUserSettings();
  let installedJar;

  await step('install the .vsix with code-server --install-extension', async () => {
    const r = spawnSync(codeServer, ['--user-data-dir', userData, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
      env: codeServerEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`exit ${r.status}: ${out}`);
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('meshprobe.meshprobe-'));
    if (installed.length !== 1) throw new Error(`extension folder not found in ${extensionsDir}`);
    const jar = path.join(extensionsDir, installed[0], 'server', 'meshprobe.jar');
    if (!existsSync(jar)) throw new Error(`no server jar in the installed extension (${jar})`);
    installedJar = jar;
    return `${installed[0]}, jar ${statSync(jar).size} bytes`;
  });

  const picked = pickManifest(workspace, level === 'full' && !env.MESHPROBE_E2E_STUB ? installedJar : undefined);
  const chart = level === 'full' && !env.MESHPROBE_E2E_STUB ? addChart() : undefined;
  if (!picked.file || !existsSync(picked.file)) throw new Error(`no manifest to open in ${source}`);
  const manifest = picked.file;
  const relManifest = path.relative(workspace, manifest);
  const original = readFileSync(manifest, 'utf8');
  say(`manifest ${relManifest} (chosen by ${picked.why})`);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  await step('start code-server on 127.0.0.1', async () => {
    const log = path.join(tmp, 'code-server.log');
    serverProcess = spawn(
      codeServer,
      [
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--user-data-dir', userData,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--disable-proxy',
        '--ignore-last-opened',
      ],
      { env: codeServerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const chunks = [];
    serverProcess.stdout.on('data', (d) => chunks.push(d));
    serverProcess.stderr.on('data', (d) => chunks.push(d));
    saveCodeServerLog = () => writeFileSync(log, Buffer.concat(chunks));
    await waitFor('code-server /healthz', async () => {
      if (serverProcess.exitCode !== null) throw new Error(`code-server exited: ${Buffer.concat(chunks)}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    }, 60_000);
    return `port ${port}, pid ${serverProcess.pid}`;
  });

  await step('open the workspace in headless Chromium', async () => {
    browser = await chromium.launch({
      executablePath: env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => say(`page error: ${e.message}`));
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    await screenshot('workbench');
  });

  await step('open the manifest', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(relManifest);
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab[aria-label*="${path.basename(manifest)}"]`).waitFor({ timeout: 15_000 });
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
    await screenshot('manifest-open');
  });

  if (level === 'java-error') {
    await step('a missing Java is explained, with a button to the setting', async () => {
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Meshprobe needs Java 17' }).first();
      await toast.waitFor({ timeout: 30_000 });
      const text = await toast.innerText();
      for (const expected of ['meshprobe.java.home', 'no-such-jdk', 'Open Settings', 'Get Java (adoptium.net)']) {
        if (!text.includes(expected)) throw new Error(`the Java error lacks "${expected}": ${text}`);
      }
      if ((await page.locator('.part.statusbar .statusbar-item', { hasText: 'Meshprobe' }).locator('.codicon-error').count()) === 0) {
        throw new Error('the status bar item does not show the failure');
      }
      await screenshot('java-error');
      await toast.getByRole('button', { name: 'Open Settings' }).click();
      await page.locator('.settings-editor').waitFor({ timeout: 15_000 });
      await page.locator('.settings-editor .setting-item', { hasText: 'Java: Home' }).first().waitFor({ timeout: 15_000 });
      await sleep(500);
      await screenshot('java-setting-opened');
      return text.replace(/\s+/g, ' ').slice(0, 300);
    });
    return;
  }

  await step('extension activated, server process started, no activation error', async () => {
    // The status bar item appears when the extension activates (on the first YAML file).
    const status = page.locator('.part.statusbar .statusbar-item', { hasText: 'Meshprobe' }).first();
    await status.waitFor({ timeout: 30_000 });
    await runCommand('Meshprobe: Show Output');
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.waitFor({ timeout: 10_000 });
    const started = /Server process started \(pid (\d+)\)/;
    // VS Code writes the channel to disk lazily; the Output view shows it sooner.
    const log = await waitFor('"Server process started" in the Meshprobe output', async () => {
      const text = `${await output.innerText().catch(() => '')}\n${meshprobeLog()}`;
      return started.test(text) ? text : undefined;
    }, 60_000);
    if (!/Meshprobe [\d.]+ activating/.test(log)) throw new Error('the Meshprobe output does not show activation');
    const exthost = extensionHostLogs();
    if (/Activating extension '?meshprobe\.meshprobe'? failed/i.test(exthost)) throw new Error('activation error in the extension host log');
    const toasts = (await page.locator('.notifications-toasts .notification-toast').allInnerTexts()).join('\n');
    if (/Meshprobe needs Java|Activating extension .*meshprobe.* failed/i.test(toasts)) throw new Error(`error notification: ${toasts}`);
    await sleep(1000);
    await screenshot('activated-server-started');
    const java = /Using Java (\S+) from ([^:]+):/.exec(log);
    return `status bar "${(await status.innerText()).trim()}", Java ${java?.[1]} from ${java?.[2]}, ${started.exec(log)[0]}`;
  });

  if (level === 'activation') return;

  await step(`the Problems panel shows ${rule}`, async () => {
    await page.locator('#status\\.problems').click();
    await page.locator('.markers-panel').waitFor({ timeout: 10_000 });
    const row = await waitFor(`a problem with ${rule}`, async () => {
      // Fail fast once the extension has given up on the server (red status bar item).
      if ((await page.locator('.part.statusbar .statusbar-item', { hasText: 'Meshprobe' }).locator('.codicon-error').count()) > 0) {
        const messages = (await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts()).join(' | ');
        throw new Error(`the Meshprobe server is down: ${messages || 'see logs/Meshprobe.log'}`);
      }
      return (await problemRows()).find((t) => t.includes(rule));
    }, 90_000, 500);
    await screenshot('problems');
    if (!reasonPattern.test(row) || row.includes('`')) throw new Error(`the problem does not give its reason ${reasonPattern} in plain text: ${row}`);
    return row.replace(/\s+/g, ' ').slice(0, 200);
  });

  if (!env.MESHPROBE_E2E_STUB) {
    await step("the problem's code link opens the rule's bundled page", async () => {
      const link = page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first().locator('a', { hasText: rule }).first();
      await link.click();
      const tab = page.locator(`.tabs-container .tab[aria-label*="${rule}"]`).first();
      await tab.waitFor({ timeout: 20_000 });
      await sleep(1500);
      await screenshot('rule-page');
      const label = await tab.getAttribute('aria-label');
      await openFile(relManifest);
      return label;
    });
  }

  let hoverText = '';
  await step('hovering the probe key shows the explanation', async () => {
    await page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first().click();
    const squiggle = editorSquiggle();
    await squiggle.waitFor({ state: 'visible', timeout: 10_000 });
    const box = await squiggle.boundingBox();
    // The squiggle decoration covers the reported key: hover its middle.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    // The server's own hover is a markdown part; the problem's message is a separate marker part.
    const serverHover = hover.locator('.markdown-hover').filter({ hasText: /\S/ }).first();
    await serverHover.waitFor({ state: 'visible', timeout: 15_000 });
    await sleep(500);
    writeFileSync(path.join(screenshots, 'logs', 'hover.html'), await hover.innerHTML());
    hoverText = await serverHover.innerText();
    await screenshot('hover');
    // The box holds the diagnostic (the verdict, its facts) and the server's part under it.
    const boxText = await hover.innerText();
    if (!hoverPattern.test(boxText)) throw new Error(`the hover does not match ${hoverPattern}: ${boxText}`);
    if (!env.MESHPROBE_E2E_STUB && !/What would change it/.test(hoverText)) {
      throw new Error(`the server's part does not say what would change the verdict: ${hoverText}`);
    }
    // On the key the box also holds the diagnostic (its message and related facts); the server then
    // leaves those facts out of its own part, so the whole box fits without scrolling.
    const size = await hoverFits(hover);
    const own = await serverHover.evaluate((node) => (node.closest('.hover-row') ?? node).getBoundingClientRect().height);
    if (!env.MESHPROBE_E2E_STUB && size.scrollHeight > size.clientHeight) {
      throw new Error(`the hover box scrolls: ${size.scrollHeight} px of content in a ${size.clientHeight} px box (the explanation is ${Math.round(own)} px)`);
    }
    if (!env.MESHPROBE_E2E_STUB) {
      // Nothing was set in the editor: nothing may be credited to editor settings.
      if (/editor settings/.test(hoverText)) throw new Error(`a default is credited to editor settings: ${hoverText}`);
      if (/^#+ |What happens at runtime/m.test(hoverText)) throw new Error(`the hover holds the rule page: ${hoverText}`);
    }
    return `explanation ${Math.round(own)} px, with the diagnostic ${size.scrollHeight} px, box ${size.clientHeight} px, no scrolling: ${hoverText.replace(/\s+/g, ' ').slice(0, 160)}`;
  });

  await step('Meshprobe: Explain Probe at Cursor shows the hover', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 450);
    const squiggle = editorSquiggle();
    const box = await squiggle.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await runCommand('Meshprobe: Explain Probe at Cursor');
    const hover = page.locator('.monaco-hover:not(.hidden)').filter({ has: page.locator('.markdown-hover') }).filter({ hasText: hoverPattern }).first();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot('explain-probe');
  });

  if (!env.MESHPROBE_E2E_STUB) {
    await step('the hover also answers inside the probe block, where the inlay hint sits', async () => {
      await page.keyboard.press('Escape');
      await page.mouse.move(5, 450);
      const line = page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'httpGet:' }).first();
      const word = line.locator('span', { hasText: /^httpGet$/ }).first();
      const box = await (await word.count() ? word : line).boundingBox();
      await page.mouse.move(box.x + 20, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover:not(.hidden)').filter({ has: page.locator('.markdown-hover') }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await sleep(400);
      const size = await hoverFits(hover);
      await screenshot('hover-inside-probe');
      const text = await hover.innerText();
      if (!/STRICT/.test(text)) throw new Error(`no explanation on httpGet: ${text}`);
      if (size.scrollHeight > size.clientHeight) throw new Error(`the hover scrolls: ${size.scrollHeight} > ${size.clientHeight}`);
      const links = await hover.locator('.rendered-markdown a').allInnerTexts();
      if (links.some((l) => l.includes('file://'))) throw new Error(`raw file:// link text: ${links}`);
      return `${size.scrollHeight}/${size.clientHeight} px; links ${JSON.stringify(links)}`;
    });

    await step('inlay hints are whole (no ellipsis) and their tooltip names what decided the probe', async () => {
      await page.keyboard.press('Escape');
      await page.mouse.move(5, 450);
      const hints = await waitFor('inlay hints in the manifest', async () => {
        const h = await renderedHints();
        return h.length ? h : undefined;
      }, 20_000);
      await screenshot('inlay-hints');
      const cut = hints.filter((h) => h.includes('…') || h.length > 30);
      if (cut.length) throw new Error(`truncated hints: ${JSON.stringify(cut)}`);
      let tooltip = '';
      if (existsSync(path.join(workspace, 'shop/payments.yaml'))) {
        // payments: its probe port is excluded from the sidecar, which the tooltip must say.
        await openFile('shop/payments.yaml');
        // The probe is near the end of the file: bring it into view.
        await page.keyboard.press('Control+End');
        await sleep(300);
        const hint = await waitFor('the payments hint', async () => (await renderedHints()).find((h) => h.startsWith('✓')), 20_000);
        const span = page.locator('.editor-group-container .monaco-editor .view-lines .view-line span span', { hasText: hint.replace(/ /g, '\u00a0') }).first();
        const box = await span.boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /payments\.yaml:17/ }).first();
        await hover.waitFor({ state: 'visible', timeout: 15_000 });
        await sleep(300);
        tooltip = (await hover.innerText()).replace(/\s+/g, ' ');
        await screenshot('inlay-hint-tooltip');
        if (/mtls-strict/.test(tooltip)) throw new Error(`the tooltip names the mesh-wide policy, which did not decide: ${tooltip}`);
        await page.keyboard.press('Escape');
        await page.mouse.move(5, 450);
        await openFile(relManifest);
        await editorSquiggle().waitFor({ state: 'visible', timeout: 15_000 });
      }
      return `${JSON.stringify(hints)}; payments tooltip: ${tooltip.slice(0, 200)}`;
    });

    await step('a burst of typing leaves no LSP4J line in the output channel', async () => {
      const before = meshprobeLog().split('\n').length;
      // Type at the end of the first line (a comment), hovering the probe between keystrokes: VS Code
      // cancels hovers, inlay hints, code actions and diagnostics pulls as the text changes.
      const box = await editorSquiggle().boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      for (let i = 0; i < 40; i++) {
        await page.keyboard.type(i % 8 === 7 ? ' ' : 'x', { delay: 0 });
        if (i % 5 === 0) await page.mouse.move(box.x + 5 + (i % 3) * 10, box.y + box.height / 2);
        await sleep(30);
      }
      await sleep(1500);
      for (let i = 0; i < 60 && (await page.locator('.tabs-container .tab.dirty').count()) > 0; i++) {
        await page.keyboard.press('Control+Z');
        await sleep(50);
      }
      if ((await page.locator('.tabs-container .tab.dirty').count()) > 0) throw new Error('could not undo the typing');
      await runCommand('Meshprobe: Show Output');
      const output = page.locator('.part.panel .monaco-editor .view-lines').first();
      await output.waitFor({ timeout: 10_000 });
      await sleep(1500);
      await screenshot('output-after-typing');
      const text = `${await output.innerText().catch(() => '')}\n${meshprobeLog()}`;
      const lsp4j = text.split('\n').filter((l) => LSP4J_LINE.test(l));
      if (lsp4j.length) throw new Error(`LSP4J lines in the output channel: ${JSON.stringify(lsp4j.slice(0, 6))}`);
      const sent = /Settings for the server[^:]*: (\{.*\})/.exec(text);
      // Only what was set: nothing, but the helm the workspace's settings name for the chart.
      const expected = JSON.stringify(chart ? { tools: { helm: chart.helm } } : {});
      if (!sent || sent[1] !== expected) throw new Error(`the client sent settings the user never set: ${sent?.[0]}`);
      // Back to the finding, as the next steps expect: the Problems panel, the cursor on the probe key.
      await page.locator('#status\\.problems').click();
      await page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first().click();
      await editorSquiggle().waitFor({ state: 'visible', timeout: 10_000 });
      const key = await editorSquiggle().boundingBox();
      await page.mouse.click(key.x + key.width / 2, key.y + key.height / 2);
      await page.mouse.move(5, 450);
      return `${meshprobeLog().split('\n').length - before} new log lines, none from LSP4J; ${sent[0]}`;
    });
  }

  await step('the quick-fix menu offers the preferred fix', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    const items = page.locator('.action-widget .monaco-list-row.action');
    await items.first().waitFor({ timeout: 15_000 });
    await sleep(300);
    const titles = (await items.allInnerTexts()).map((t) => t.trim());
    await screenshot('quick-fix-menu');
    if (!titles.some((t) => fixPattern.test(t))) throw new Error(`no fix matching ${fixPattern} in ${JSON.stringify(titles)}`);
    await page.keyboard.press('Escape');
    return JSON.stringify(titles);
  });

  await step('applying the preferred fix changes the text and clears the problem', async () => {
    // Auto Fix applies the quick fix the server marked isPreferred (resolving its edit first).
    await page.keyboard.press('Shift+Alt+.');
    await waitFor('the editor to become dirty', () => page.locator('.tabs-container .tab.dirty').count().then((n) => n > 0), 15_000);
    await page.keyboard.press('Control+S');
    const fixed = await waitFor('the manifest on disk to change', () => {
      const now = readFileSync(manifest, 'utf8');
      return now !== original ? now : undefined;
    }, 15_000);
    await waitFor(`${rule} to leave the Problems panel`, async () => !(await problemRows()).some((t) => t.includes(rule)), 30_000, 500);
    await sleep(500);
    await screenshot('fixed');
    const before = original.split('\n');
    const after = fixed.split('\n');
    const changed = after.filter((line, i) => line !== before[i]).slice(0, 4);
    return `changed lines now read ${JSON.stringify(changed)}`;
  });

  await step('Meshprobe: Fix All Probe Problems in File fixes the file again after an undo', async () => {
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await page.keyboard.press('Control+S');
    await waitFor('the manifest on disk to be back to the original', () => readFileSync(manifest, 'utf8') === original, 15_000);
    await waitFor(`${rule} to come back`, async () => (await problemRows()).some((t) => t.includes(rule)), 30_000, 500);
    await runCommand('Meshprobe: Fix All Probe Problems in File');
    await waitFor('the editor to become dirty', () => page.locator('.tabs-container .tab.dirty').count().then((n) => n > 0), 15_000);
    await page.keyboard.press('Control+S');
    await waitFor('the manifest on disk to change', () => readFileSync(manifest, 'utf8') !== original, 15_000);
    await waitFor(`${rule} to leave the Problems panel`, async () => !(await problemRows()).some((t) => t.includes(rule)), 30_000, 500);
    await sleep(500);
    await screenshot('fixed-all');
  });

  if (chart) {
    await step('a Helm chart template shows its problem on the template line, and the hover explains it', async () => {
      await openFile(chart.relTemplate);
      const squiggle = editorSquiggle();
      await squiggle.waitFor({ state: 'visible', timeout: 60_000 });
      const line = page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'livenessProbe:' }).first();
      const [box, lineBox] = [await squiggle.boundingBox(), await line.boundingBox()];
      if (Math.abs(box.y + box.height / 2 - (lineBox.y + lineBox.height / 2)) > lineBox.height) {
        throw new Error(`the squiggle (y ${box.y}) is not on the template's livenessProbe line (y ${lineBox.y})`);
      }
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover:not(.hidden) .markdown-hover').filter({ hasText: /rejected by the sidecar/ }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      const text = await hover.innerText();
      if (!/values\.yaml:3/.test(text)) throw new Error(`the hover does not place the rewrite annotation on values.yaml:3: ${text}`);
      await screenshot('chart-template-problem');
      await page.mouse.move(5, 450);
      if (!(await page.locator('.markers-panel').isVisible())) await page.locator('#status\\.problems').click();
      const row = await waitFor(`${rule} for the template`, async () => (await problemRows()).find((t) => t.includes(rule) && t.includes('Liveness probe will fail')), 30_000, 500);
      return row.replace(/\s+/g, ' ').slice(0, 200);
    });

    await step('the quick fix on the template turns the rewrite on in values.yaml, and the problem goes', async () => {
      const squiggle = editorSquiggle();
      const box = await squiggle.boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.keyboard.press('Control+.');
      const items = page.locator('.action-widget .monaco-list-row.action');
      await items.first().waitFor({ timeout: 15_000 });
      await sleep(300);
      const titles = (await items.allInnerTexts()).map((t) => t.trim());
      await screenshot('chart-quick-fix-menu');
      if (!titles.some((t) => /probe rewrite.*values\.yaml/i.test(t))) throw new Error(`no fix editing values.yaml in ${JSON.stringify(titles)}`);
      await page.keyboard.press('Escape');
      // Auto Fix applies the preferred quick fix: its edit is in values.yaml, which is not open.
      await page.keyboard.press('Shift+Alt+.');
      await waitFor('values.yaml to be edited (its tab dirty)', async () => (await page.locator('.tabs-container .tab.dirty[aria-label*="values.yaml"]').count()) > 0, 20_000);
      // Typing paused, so the chart is rendered with the unsaved values.yaml: the problem goes before the save.
      await waitFor('the template\'s squiggle to go once the edited values are rendered', async () => (await editorSquiggle().count()) === 0, 30_000, 500);
      await screenshot('chart-fixed-unsaved');
      await runCommand('File: Save All');
      const saved = await waitFor('values.yaml on disk to hold the rewrite turned on', () => {
        const now = readFileSync(chart.values, 'utf8');
        return now !== chart.valuesText ? now : undefined;
      }, 20_000);
      if (!saved.includes('sidecar.istio.io/rewriteAppHTTPProbers: "true"')) throw new Error(`values.yaml now reads: ${saved}`);
      await sleep(1000);
      if ((await editorSquiggle().count()) > 0) throw new Error('the problem came back after the save');
      await screenshot('chart-fixed');
      const changed = saved.split('\n').filter((l, i) => l !== chart.valuesText.split('\n')[i]);
      return `values.yaml: ${JSON.stringify(changed)}`;
    });
  }

  await step('a server killed by a signal is restarted', async () => {
    await runCommand('Meshprobe: Show Output');
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    await output.waitFor({ timeout: 10_000 });
    const text = async () => `${await output.innerText().catch(() => '')}\n${meshprobeLog()}`;
    const pids = async () => [...(await text()).matchAll(/Server process started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const before = await pids();
    const victim = before[before.length - 1];
    process.kill(victim, 'SIGKILL');
    const restarted = await waitFor('a new server process', async () => (await pids()).find((pid) => !before.includes(pid)), 30_000, 500);
    await waitFor('the restarted server to initialize', async () => (await text()).split(`pid ${restarted}`)[1]?.includes('Server initialized'), 30_000, 500);
    await screenshot('restarted-after-kill');
    return `killed pid ${victim}, restarted as pid ${restarted}`;
  });

  await step('Meshprobe: Restart Server starts a new server process', async () => {
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    const text = async () => `${await output.innerText().catch(() => '')}\n${meshprobeLog()}`;
    const pids = async () => [...(await text()).matchAll(/Server process started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const before = await pids();
    await runCommand('Meshprobe: Restart Server');
    const restarted = await waitFor('a new server process', async () => (await pids()).find((pid) => !before.includes(pid)), 30_000, 500);
    await waitFor('the restarted server to initialize', async () => (await text()).split(`pid ${restarted}`)[1]?.includes('Server initialized'), 30_000, 500);
    return `new pid ${restarted}`;
  });

  if (env.MESHPROBE_E2E_STUB) return;

  await step('the settings are editable in the Settings UI, and Restart Server uses a new Java', async () => {
    // Another JDK than the one the server runs now: one under /usr/lib/jvm, else a folder whose bin/java
    // links to the same java (the server's command line then names that folder).
    const running = /Using Java \S+ from [^:]+: (\S+)/.exec(meshprobeLog())?.[1];
    const runningReal = running && existsSync(running) ? realpathSync(running) : undefined;
    const jvms = existsSync('/usr/lib/jvm') ? readdirSync('/usr/lib/jvm').map((d) => path.join('/usr/lib/jvm', d)) : [];
    let otherJdk = jvms.find((d) => existsSync(path.join(d, 'bin/java')) && realpathSync(path.join(d, 'bin/java')) !== runningReal);
    let linked = false;
    if (!otherJdk) {
      if (!runningReal) throw new Error('no Java to point meshprobe.java.home at');
      otherJdk = path.join(tmp, 'other-jdk');
      mkdirSync(path.join(otherJdk, 'bin'), { recursive: true });
      symlinkSync(runningReal, path.join(otherJdk, 'bin/java'));
      linked = true;
    }
    // The Java path is machine-scoped: under code-server (a remote) it is edited in the Remote tab.
    await runCommand('Preferences: Open Remote Settings');
    await page.locator('.settings-editor').waitFor({ timeout: 15_000 });
    // The search box has the focus when the Settings editor opens.
    await page.locator('.settings-editor .setting-item').first().waitFor({ timeout: 15_000 });
    await page.keyboard.type('meshprobe');
    await page.locator('.settings-editor .setting-item', { hasText: 'Istio: Version' }).first().waitFor({ timeout: 15_000 });
    await sleep(800);
    await screenshot('settings');
    // The list is virtual: scroll through it, reading every Meshprobe setting as it is drawn.
    const seen = new Map();
    const tree = page.locator('.settings-editor .settings-tree-container').first();
    const treeBox = await tree.boundingBox();
    for (let i = 0; i < 30; i++) {
      for (const text of await page.locator('.settings-editor .setting-item').allInnerTexts()) {
        const title = text.split('\n')[0].trim();
        if (title.startsWith('Meshprobe')) seen.set(title, text);
      }
      await page.mouse.move(treeBox.x + treeBox.width / 2, treeBox.y + treeBox.height / 2);
      await page.mouse.wheel(0, 250);
      await sleep(150);
      if (i === 2) await screenshot('settings-scrolled');
    }
    const expected = Object.keys(JSON.parse(readFileSync(path.join(repo, 'vscode-client/package.json'), 'utf8')).contributes.configuration.properties).length;
    if (seen.size < expected) throw new Error(`only ${seen.size} of ${expected} Meshprobe settings shown: ${[...seen.keys()]}`);
    const jsonOnly = [...seen].filter(([, text]) => /Edit in settings\.json/.test(text)).map(([title]) => title);
    if (jsonOnly.length) throw new Error(`settings editable only in settings.json: ${jsonOnly.join(' | ')}`);
    // Now the Java path alone.
    await page.keyboard.press('Control+F');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('meshprobe.java.home');
    const javaHome = page.locator('.settings-editor .setting-item', { hasText: 'Java: Home' }).first();
    await javaHome.waitFor({ timeout: 15_000 });
    await sleep(500);
    const input = javaHome.locator('input').first();
    if ((await input.count()) === 0) throw new Error('Java: Home has no input box');
    // Typed as a person types (the Settings editor redraws the item as the value changes).
    await input.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(otherJdk);
    await page.keyboard.press('Tab');
    await sleep(1500);
    const text = async () => meshprobeLog();
    const pids = async () => [...(await text()).matchAll(/Server process started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
    const before = await pids();
    // The change offers a restart (the command Meshprobe: Restart Server does the same).
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: 'restart the server' }).first();
    await offer.waitFor({ timeout: 15_000 });
    await offer.getByRole('button', { name: 'Restart Server' }).click();
    const restarted = await waitFor('a new server process', async () => (await pids()).find((pid) => !before.includes(pid)), 40_000, 500);
    await waitFor('the restarted server to initialize', async () => (await text()).split(`pid ${restarted}`)[1]?.includes('Server initialized'), 40_000, 500);
    let exe = '';
    try {
      exe = linked ? readFileSync(`/proc/${restarted}/cmdline`, 'utf8').split('\0')[0] : readlinkSync(`/proc/${restarted}/exe`);
    } catch (e) {
      throw new Error(`cannot read the server process's executable: ${e.message}`);
    }
    if (!exe.startsWith(otherJdk)) throw new Error(`the restarted server runs ${exe}, not the Java of ${otherJdk}`);
    await runCommand('Meshprobe: Show Output');
    await sleep(800);
    await screenshot('restarted-with-other-java');
    return `pid ${restarted} runs ${exe}`;
  });

  /** Picks an option of an enum setting's drop-down in the open Settings editor. */
  async function chooseSetting(key, title, option) {
    await runCommand('Preferences: Open Remote Settings');
    await page.locator('.settings-editor .setting-item').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+F');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(key);
    const item = page.locator('.settings-editor .setting-item', { hasText: title }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.scrollIntoViewIfNeeded();
    await item.locator('.setting-item-control select, .setting-item-control .monaco-select-box').first().click();
    await page.locator('.select-box-dropdown-list-container .monaco-list-row', { hasText: new RegExp(`^${option}`) }).first().click();
    await sleep(800);
  }

  await step('diagnostics.scope workspace shows the problems of files nobody opened', async () => {
    // A manifest written to disk and never opened: with openFiles it has no problem in the panel.
    const legacy = path.join(path.dirname(manifest), 'legacy.yaml');
    writeFileSync(legacy, original.replace(/name: web\b/g, 'name: legacy').replace(/app: web\b/g, 'app: legacy'));
    await chooseSetting('meshprobe.diagnostics.scope', 'Diagnostics: Scope', 'workspace');
    await page.locator('#status\\.problems').click();
    await page.locator('.markers-panel').waitFor({ timeout: 10_000 });
    const row = await waitFor('legacy.yaml in the Problems panel', async () => {
      const rows = await problemRows();
      return rows.some((t) => t.includes('legacy.yaml')) && rows.some((t) => t.includes(rule)) ? rows : undefined;
    }, 40_000, 500);
    await sleep(500);
    await screenshot('problems-workspace-scope');
    if ((await page.locator('.tabs-container .tab[aria-label*="legacy.yaml"]').count()) > 0) throw new Error('legacy.yaml was opened');
    await chooseSetting('meshprobe.diagnostics.scope', 'Diagnostics: Scope', 'openFiles');
    await page.locator('#status\\.problems').click();
    await waitFor('legacy.yaml to leave the Problems panel', async () => !(await problemRows()).some((t) => t.includes('legacy.yaml')), 30_000, 500);
    rmSync(legacy);
    return row.filter((t) => t.includes('legacy')).join(' | ').replace(/\s+/g, ' ').slice(0, 200);
  });

  await step('meshprobe.trace.server alone turns the LSP trace on', async () => {
    await chooseSetting('meshprobe.trace.server', 'Trace: Server', 'messages');
    try {
      await openFile(relManifest);
      await page.mouse.move(5, 450);
      const line = page.locator('.editor-group-container .monaco-editor .view-line', { hasText: 'httpGet:' }).first();
      const box = await line.boundingBox();
      await page.mouse.click(box.x + box.width - 5, box.y + box.height / 2);
      await runCommand('Meshprobe: Explain Probe at Cursor');
      const traced = await waitFor('a traced hover in the Meshprobe Trace channel', async () => {
        const t = meshprobeTrace();
        return /Sending request 'textDocument\/hover/.test(t) ? t : undefined;
      }, 20_000, 500);
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill('>Output: Show Output Channels');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Output Channels' }).first().click();
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Meshprobe Trace' }).first().click();
      await sleep(1000);
      await screenshot('trace');
      return traced.split('\n').find((l) => l.includes('textDocument/hover'));
    } finally {
      await chooseSetting('meshprobe.trace.server', 'Trace: Server', 'off');
    }
  });
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  if (!results.some((r) => !r.ok)) say(`FAIL ${error.stack ?? error}`);
} finally {
  await browser?.close().catch(() => undefined);
  if (serverProcess && serverProcess.exitCode === null) {
    try {
      process.kill(-serverProcess.pid, 'SIGTERM');
    } catch {
      serverProcess.kill('SIGTERM');
    }
    await sleep(1000);
  }
  const logs = path.join(screenshots, 'logs');
  mkdirSync(logs, { recursive: true });
  saveCodeServerLog();
  writeFileSync(path.join(logs, 'Meshprobe.log'), meshprobeLog());
  writeFileSync(path.join(logs, 'exthost.log'), extensionHostLogs());
  if (existsSync(path.join(tmp, 'code-server.log'))) cpSync(path.join(tmp, 'code-server.log'), path.join(logs, 'code-server.log'));
  if (env.MESHPROBE_E2E_KEEP === '1') say(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
  const passed = results.filter((r) => r.ok).length;
  say(`screenshots in ${screenshots}`);
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(failed ? 1 : 0);
}
