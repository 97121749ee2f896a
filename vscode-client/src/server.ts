// The server's lifecycle inside VS Code: find Java, start the bundled jar, forward settings, restart
// after a crash a bounded number of times, and keep the status bar in step. The decisions themselves
// (which Java, which arguments, which settings, whether to restart) live in the vscode-free modules.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { findJava, javaCandidates, MIN_JAVA_MAJOR, type JavaSearch } from './java';
import { buildServerLaunch, cdsArchivePath, formatCommandLine, LARGE_WORKSPACE_MANIFESTS, staleCdsFiles } from './launch';
import { RestartPolicy } from './restartPolicy';
import { EXPERIMENTAL_CAPABILITIES, meshprobeRule, RULE_PAGE_COMMAND, rulePageLink } from './rulePages';
import { logLevelOfServerLine } from './serverLog';
import { restrictedSetting, toServerSettings, type InspectedSetting, type ServerSettings } from './settings';
import { parseStatusParams, presentStatus, type ServerStatus } from './status';
import { TraceChannel } from './traceChannel';

export const SECTION = 'meshprobe';

const STATUS_NOTIFICATION = 'meshprobe/status';
const ADOPTIUM = 'https://adoptium.net/';

/** Settings that change which process runs; the server must restart to pick them up. */
const LAUNCH_SETTINGS = ['meshprobe.java.home', 'meshprobe.server.vmargs'];
/** Settings the server receives; anything else in the section is the client's own. */
const SERVER_SETTINGS = ['meshprobe.istio', 'meshprobe.mesh', 'meshprobe.defaultNamespace', 'meshprobe.rules', 'meshprobe.tools', 'meshprobe.diagnostics'];

/** A Meshprobe diagnostic's code link opens the rule's bundled page instead of the upstream page. */
function linkRulePage(d: vscode.Diagnostic): vscode.Diagnostic {
  const rule = meshprobeRule(d.source, d.code);
  if (rule) {
    d.code = { value: rule, target: vscode.Uri.parse(rulePageLink(rule)) };
  }
  return d;
}

/**
 * The client library reports each failed start with a notification of its own; MeshprobeServer
 * restarts quietly and speaks up once, when it gives up, so those go to the log only.
 */
class MeshprobeLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    if (/couldn't create connection to server|^Server initialization failed|^Stopping server failed/.test(message)) {
      // "Stopping server failed" follows every failed start: the library stops a client that is not running.
      if (/^Stopping server failed/.test(message)) {
        this.outputChannel.debug(message);
        return;
      }
      super.error(message, data, false);
      return;
    }
    super.error(message, data, showNotification);
  }
}

export class MeshprobeServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private process: ChildProcess | undefined;
  /** True while a stop was asked for, so that the resulting close is not counted as a crash. */
  private stopping = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly restarts = new RestartPolicy();
  private readonly statusItem: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private lastSettingWarnings = '';
  private lastSentSettings = '';
  /** The LSP exchange, while meshprobe.trace.server asks for it. */
  private readonly trace = new TraceChannel(SECTION);
  private starting: Promise<void> | undefined;
  /** Bumped by stop(), so that a start still looking for Java does not go on afterwards. */
  private generation = 0;
  /** The server's last line on stderr, quoted when it stops unexpectedly. */
  private lastServerLine: string | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.statusItem = vscode.window.createStatusBarItem('meshprobe.status', vscode.StatusBarAlignment.Right, 100);
    this.statusItem.name = 'Meshprobe';
    this.statusItem.command = 'meshprobe.showOutput';
    this.setStatus({ kind: 'starting' });
    this.statusItem.show();

    this.disposables.push(
      this.statusItem,
      this.trace,
      vscode.workspace.onDidChangeConfiguration((e) => this.onConfigurationChanged(e)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (this.hasWorkspaceLaunchSettings()) {
          this.log.info('The workspace is now trusted; restarting the server to use its Java settings.');
          void this.restart();
        } else {
          // The workspace's tool settings, and the tools its .meshprobe.yaml names, may be used now.
          void this.languageClient?.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: this.serverSettings() } });
        }
      }),
    );
  }

  get isRunning(): boolean {
    return this.client?.state === State.Running;
  }

  /** Starts the server unless it is running or starting; never throws (failures are shown to the user). */
  start(): Promise<void> {
    if (this.client) {
      return Promise.resolve();
    }
    this.starting ??= this.doStart().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const generation = this.generation;
    this.setStatus({ kind: 'starting' });
    const jar = this.context.asAbsolutePath('server/meshprobe.jar');
    if (!fs.existsSync(jar)) {
      this.fail(`The Meshprobe server (${jar}) is missing from the extension; reinstall the extension.`);
      return;
    }

    const trusted = vscode.workspace.isTrusted;
    const config = vscode.workspace.getConfiguration(SECTION);
    const javaHome = restrictedSetting(config.inspect<string>('java.home') as InspectedSetting<string>, trusted);
    const vmargs = restrictedSetting(config.inspect<string>('server.vmargs') as InspectedSetting<string>, trusted);
    if (javaHome.ignoredWorkspaceValue) {
      this.log.warn(`meshprobe.java.home from the workspace settings (${javaHome.ignoredWorkspaceValue}) is not used: the workspace is not trusted.`);
    }
    if (vmargs.ignoredWorkspaceValue) {
      this.log.warn(`meshprobe.server.vmargs from the workspace settings (${vmargs.ignoredWorkspaceValue}) is not used: the workspace is not trusted.`);
    }

    const search = await findJava(
      javaCandidates({ settingHome: javaHome.value ?? undefined, env: process.env, platform: process.platform }),
    );
    if (generation !== this.generation) {
      return; // stopped while looking for Java
    }
    this.logJavaSearch(search);
    if (!search.ok) {
      this.fail(`Java ${MIN_JAVA_MAJOR}+ not found.`);
      void this.showJavaError(search.message);
      return;
    }

    const largeWorkspace = await this.isLargeWorkspace();
    if (generation !== this.generation) {
      return; // stopped while counting manifests
    }
    const built = buildServerLaunch({
      javaExecutable: search.candidate.executable,
      jarPath: jar,
      vmargs: vmargs.value,
      cdsArchive: this.cdsArchive(search.candidate.executable, search.version.text),
      largeWorkspace,
    });
    built.warnings.forEach((w) => this.log.warn(w));
    const launch = built.launch;
    const cwd = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? os.homedir();

    let launched: ChildProcess | undefined;
    const serverOptions: ServerOptions = async () => {
      this.log.info(`Starting server: ${formatCommandLine(launch)}`);
      this.lastServerLine = undefined;
      const child = spawn(launch.command, launch.args, { cwd, env: process.env, stdio: 'pipe', windowsHide: true });
      this.process = child;
      launched = child;
      child.on('spawn', () => this.log.info(`Server process started (pid ${child.pid}).`));
      child.on('error', (error) => this.log.error(`Server process could not run: ${error.message}`));
      child.on('exit', (code, signal) => {
        const line = `Server process (pid ${child.pid}) exited ${signal ? `by signal ${signal}` : `with exit code ${code}`}.`;
        if (code === 0 || this.stopping) {
          this.log.info(line);
        } else {
          this.log.warn(line);
        }
        if (this.process === child) {
          this.process = undefined;
        }
      });
      return child;
    };

    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.trace,
      // Hovers link a rule's page through this command; no other command runs from server Markdown.
      markdown: { isTrusted: { enabledCommands: [RULE_PAGE_COMMAND] } },
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      stdioOptions: {
        // Only used by transports other than stdio; ours carries LSP on stdout.
        stdout: (input, channel) => {
          readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (line) => channel.info(line));
        },
        stderr: (input, channel) => {
          readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (line) => {
            channel[logLevelOfServerLine(line)](line);
            if (line.trim() !== '') {
              this.lastServerLine = line.trim();
            }
          });
        },
      },
      initializationOptions: () => this.serverSettings(),
      synchronize: {
        // DESIGN §5: every .yaml/.yml of the workspace is indexed, so a PeerAuthentication edited in
        // another file re-lints the open ones.
        fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
      },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => next(uri, diagnostics.map(linkRulePage)),
        provideDiagnostics: async (document, previousResultId, token, next) => {
          const report = await next(document, previousResultId, token);
          if (report && 'items' in report) {
            report.items = report.items.map(linkRulePage);
          }
          return report;
        },
        provideWorkspaceDiagnostics: (resultIds, token, reporter, next) =>
          next(resultIds, token, (chunk) => {
            chunk?.items.forEach((item) => 'items' in item && item.items.forEach(linkRulePage));
            reporter(chunk);
          }),
        workspace: {
          // The server pulls the `meshprobe` section; answer with the same normalized object as
          // initializationOptions instead of VS Code's raw one (client-only keys, empty strings).
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? this.serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : result[i],
            );
          },
        },
      },
      // Crashes and failed starts are counted and restarted by this class (see onServerDown), with a
      // fresh client each time, rather than by the client library's own policy.
      errorHandler: {
        error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
        closed: () => ({ action: CloseAction.DoNotRestart, handled: true, message: 'The connection to the server closed.' }),
      },
      initializationFailedHandler: () => false,
    };

    const client = new MeshprobeLanguageClient('meshprobe', 'Meshprobe', serverOptions, clientOptions);
    client.registerFeature({
      // Tells the server to link rule pages in hovers through RULE_PAGE_COMMAND.
      fillClientCapabilities: (capabilities) => {
        capabilities.experimental = { ...(capabilities.experimental as object | undefined), ...EXPERIMENTAL_CAPABILITIES };
      },
      initialize: () => undefined,
      getState: () => ({ kind: 'static' }),
      clear: () => undefined,
    });
    this.client = client;
    this.stopping = false;
    client.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      const status = parseStatusParams(params);
      if (status && this.client === client) {
        this.setStatus({ kind: 'running', status });
      }
    });
    client.onDidChangeState((e) => {
      if (this.client !== client) {
        return;
      }
      if (e.newState === State.Running) {
        this.setStatus({ kind: 'running' });
      } else if (e.newState === State.Stopped && e.oldState === State.Running && !this.stopping) {
        this.onServerDown(client, 'The server stopped unexpectedly.');
      }
    });

    try {
      await client.start();
      this.log.info(`Server initialized (${client.initializeResult?.serverInfo?.name ?? 'meshprobe'} ${client.initializeResult?.serverInfo?.version ?? ''}).`.replace(' )', ')'));
    } catch (error) {
      if (this.client === client && !this.stopping) {
        const child = launched;
        // The connection usually closes just before the exit is reported; wait for it to name the cause.
        if (child && child.exitCode === null && child.signalCode === null) {
          await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 1000))]);
        }
        const exit = child?.exitCode ?? child?.signalCode;
        const reason =
          exit !== null && exit !== undefined
            ? `The server exited (${typeof exit === 'number' ? `code ${exit}` : exit}) before it finished starting.`
            : `The server did not start: ${error instanceof Error ? error.message : String(error)}.`;
        this.onServerDown(client, reason);
      }
    }
  }

  /** Stops the server and waits until its process is gone. */
  async stop(): Promise<void> {
    this.generation++;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const client = this.client;
    const child = this.process;
    this.client = undefined;
    if (!client) {
      return;
    }
    this.stopping = true;
    try {
      if (client.state === State.Running) {
        await client.stop(3000);
      }
    } catch (error) {
      this.log.warn(`Stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await client.dispose().catch(() => undefined);
      await killIfAlive(child, 2000);
      this.stopping = false;
    }
    this.setStatus({ kind: 'stopped' });
  }

  /** A restart the user asked for: a fresh crash count, the current settings and Java. */
  async restart(): Promise<void> {
    this.log.info('Restarting the server.');
    this.restarts.reset();
    await this.stop();
    await this.start();
  }

  /** The client while the server is running. */
  get languageClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.disposables.forEach((d) => d.dispose());
  }

  /** What the user set in the section (never a default: the server would credit it to editor settings). */
  serverSettings(scope?: vscode.Uri): ServerSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope);
    const { settings, warnings } = toServerSettings((key) => config.inspect(key), vscode.workspace.isTrusted);
    const joined = warnings.join('\n');
    if (joined !== this.lastSettingWarnings) {
      warnings.forEach((w) => this.log.warn(w));
      this.lastSettingWarnings = joined;
    }
    const sent = JSON.stringify(settings);
    if (sent !== this.lastSentSettings) {
      this.log.info(`Settings for the server (what you set; the rest comes from .meshprobe.yaml or the defaults): ${sent}`);
      this.lastSentSettings = sent;
    }
    return settings;
  }

  private onServerDown(client: LanguageClient, reason: string): void {
    if (this.client !== client) {
      return;
    }
    this.client = undefined;
    void client.dispose().catch(() => undefined);
    void killIfAlive(this.process, 0);
    const decision = this.restarts.recordCrash();
    const window = `${Math.round(this.restarts.windowMs / 60_000)} minutes`;
    if (decision.restart) {
      const delay = Math.min(1000 * 2 ** (decision.crashes - 1), 10_000);
      this.log.warn(`${reason} Restarting in ${delay / 1000}s (crash ${decision.crashes} of at most ${this.restarts.maxRestarts} within ${window}).`);
      this.setStatus({ kind: 'starting' });
      this.restartTimer = setTimeout(() => void this.start(), delay);
      return;
    }
    const message = `The Meshprobe server stopped ${decision.crashes} times within ${window} and will not be restarted.`;
    const last = this.lastServerLine ? ` Its last message: "${this.lastServerLine}".` : '';
    this.log.error(`${reason} ${message}`);
    this.fail(message);
    void vscode.window.showErrorMessage(`${message}${last}`, 'Show Log', 'Restart Server').then((choice) => {
      if (choice === 'Show Log') {
        this.log.show(true);
      } else if (choice === 'Restart Server') {
        void this.restart();
      }
    });
  }

  private onConfigurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    if (LAUNCH_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      void vscode.window
        .showInformationMessage('Meshprobe: the Java or VM argument settings changed; restart the server to use them.', 'Restart Server')
        .then((choice) => choice && this.restart());
    }
    const client = this.languageClient;
    if (client && SERVER_SETTINGS.some((s) => e.affectsConfiguration(s))) {
      void client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: this.serverSettings() } });
    }
  }

  private hasWorkspaceLaunchSettings(): boolean {
    const config = vscode.workspace.getConfiguration(SECTION);
    return ['java.home', 'server.vmargs'].some((key) => {
      const inspected = config.inspect(key);
      return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
    });
  }

  /**
   * The class-data archive for this Java in the extension's storage folder (the server creates it
   * after its first start; later starts map it). Archives of other extension versions are removed.
   */
  /** True when the workspace holds at least LARGE_WORKSPACE_MANIFESTS YAML files (counting stops there). */
  private async isLargeWorkspace(): Promise<boolean> {
    try {
      const found = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/{node_modules,.git}/**', LARGE_WORKSPACE_MANIFESTS);
      const large = found.length >= LARGE_WORKSPACE_MANIFESTS;
      if (large) {
        this.log.info(`${LARGE_WORKSPACE_MANIFESTS}+ manifests in the workspace: the server keeps the optimising compiler for its first index.`);
      }
      return large;
    } catch {
      return false;
    }
  }

  private cdsArchive(javaExecutable: string, javaVersion: string): { path: string; exists: boolean } | undefined {
    const dir = path.join(this.context.globalStorageUri.fsPath, 'cds');
    const archive = cdsArchivePath(dir, this.context.extension.packageJSON.version ?? '0', javaExecutable, javaVersion);
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const name of staleCdsFiles(fs.readdirSync(dir), this.context.extension.packageJSON.version ?? '0')) {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    } catch (error) {
      this.log.warn(`Class-data archive folder ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const exists = fs.existsSync(archive);
    this.log.info(exists ? `Using the class-data archive ${archive}.` : `No class-data archive yet; the server will create ${archive}.`);
    return { path: archive, exists };
  }

  private logJavaSearch(search: JavaSearch): void {
    for (const tried of search.tried) {
      if (tried.problem) {
        this.log.info(`Java candidate skipped: ${tried.problem}.`);
      }
    }
    if (search.ok) {
      const from = search.candidate.source === 'PATH' ? 'the PATH' : search.candidate.source === 'setting' ? 'meshprobe.java.home' : search.candidate.source;
      this.log.info(`Using Java ${search.version.text} from ${from}: ${search.candidate.executable}`);
    } else {
      this.log.error(search.message);
    }
  }

  private async showJavaError(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Get Java (adoptium.net)');
    if (choice === 'Open Settings') {
      // A machine-scoped setting is edited in the Remote tab when the extension runs remotely
      // (SSH, WSL, containers, code-server); the User tab would show "No Settings Found".
      const command = vscode.env.remoteName ? 'workbench.action.openRemoteSettings' : 'workbench.action.openSettings';
      await vscode.commands.executeCommand(command, { query: 'meshprobe.java.home' });
    } else if (choice === 'Get Java (adoptium.net)') {
      await vscode.env.openExternal(vscode.Uri.parse(ADOPTIUM));
    }
  }

  private fail(message: string): void {
    this.setStatus({ kind: 'failed', message });
  }

  private setStatus(status: ServerStatus): void {
    const p = presentStatus(status);
    this.statusItem.text = p.text;
    this.statusItem.tooltip = p.tooltip;
    this.statusItem.backgroundColor =
      p.level === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : p.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }
}

/** Waits up to `graceMs` for the process to exit by itself, then kills it. */
async function killIfAlive(child: ChildProcess | undefined, graceMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs));
  if ((await Promise.race([exited, timedOut])) === 'timeout') {
    child.kill();
  }
}
