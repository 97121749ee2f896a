// Entry point: wires the output channel, the server and the commands. Activated on the first YAML file.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { HoverRequest } from 'vscode-languageclient/node';
import { isRuleId, RULE_PAGE_COMMAND } from './rulePages';
import { MeshprobeServer } from './server';

/** The kind of the server's fix-all source action (DESIGN §3, "Fix all in file"). */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('meshprobe');

let server: MeshprobeServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Meshprobe', { log: true });
  context.subscriptions.push(log);
  log.info(`Meshprobe ${context.extension.packageJSON.version} activating in ${vscode.env.appName} ${vscode.version}.`);

  server = new MeshprobeServer(context, log);
  const current = server;
  context.subscriptions.push(
    { dispose: () => void current.dispose() },
    vscode.commands.registerCommand('meshprobe.restartServer', () => current.restart()),
    vscode.commands.registerCommand('meshprobe.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('meshprobe.fixAllInFile', () => fixAllInFile(current)),
    vscode.commands.registerCommand('meshprobe.explainProbe', () => explainProbe(current)),
    vscode.commands.registerCommand(RULE_PAGE_COMMAND, (rule?: unknown) => openRulePage(context, rule)),
  );
  // Not awaited: activation returns at once and the status bar shows the progress.
  void current.start();
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}

function activeYamlEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'yaml') {
    void vscode.window.showInformationMessage('Meshprobe: open a Kubernetes YAML manifest first.');
    return undefined;
  }
  return editor;
}

function serverReady(server: MeshprobeServer): boolean {
  if (!server.isRunning) {
    void vscode.window
      .showWarningMessage('Meshprobe: the server is not running.', 'Show Log', 'Restart Server')
      .then((choice) =>
        choice === 'Show Log'
          ? vscode.commands.executeCommand('meshprobe.showOutput')
          : choice === 'Restart Server'
            ? vscode.commands.executeCommand('meshprobe.restartServer')
            : undefined,
      );
    return false;
  }
  return true;
}

/** Applies the server's `source.fixAll.meshprobe` action: the preferred fix of every finding. */
async function fixAllInFile(server: MeshprobeServer): Promise<void> {
  if (activeYamlEditor() && serverReady(server)) {
    await vscode.commands.executeCommand('editor.action.codeAction', { kind: FIX_ALL_KIND.value, apply: 'ifSingle' });
  }
}

/**
 * Shows the server's hover at the cursor (the verdict and the facts behind it), or says why there is
 * none: the cursor is not inside a probe's block, an Istio annotation or a PeerAuthentication's head.
 */
async function explainProbe(server: MeshprobeServer): Promise<void> {
  const editor = activeYamlEditor();
  const client = server.languageClient;
  if (!editor || !serverReady(server) || !client) {
    return;
  }
  const hover = await client.sendRequest(HoverRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
    position: client.code2ProtocolConverter.asPosition(editor.selection.active),
  });
  if (!hover) {
    void vscode.window.showInformationMessage(
      'Meshprobe: put the cursor inside a probe (livenessProbe, readinessProbe or startupProbe), on an Istio annotation or on a PeerAuthentication to explain it.',
    );
    return;
  }
  await vscode.commands.executeCommand('editor.action.showHover', { focus: false });
}

/** Opens a rule's page, bundled in the extension, in the Markdown preview; asks which rule when none is given. */
async function openRulePage(context: vscode.ExtensionContext, rule?: unknown): Promise<void> {
  const folder = context.asAbsolutePath('rules');
  let id = rule;
  if (!isRuleId(id)) {
    const rules = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).sort() : [];
    id = await vscode.window.showQuickPick(rules, { placeHolder: 'The rule whose page to open' });
    if (!isRuleId(id)) {
      return;
    }
  }
  const page = vscode.Uri.file(`${folder}/${id}.md`);
  if (!fs.existsSync(page.fsPath)) {
    void vscode.window.showWarningMessage(`Meshprobe has no page for the rule ${id}.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.window.showTextDocument(page, { preview: true });
  }
}
