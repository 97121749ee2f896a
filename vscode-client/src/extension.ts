// Entry point: wires the output channel, the server and the commands. Activated on the first YAML file.
import * as vscode from 'vscode';
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

/** Shows the server's hover at the cursor: the verdict and the chain of facts behind it. */
async function explainProbe(server: MeshprobeServer): Promise<void> {
  if (activeYamlEditor() && serverReady(server)) {
    await vscode.commands.executeCommand('editor.action.showHover', { focus: false });
  }
}
