// The channel the client library logs the LSP exchange to. vscode-languageclient traces only while its
// trace channel's log level is Trace (a second switch few people find); this channel reports Trace
// whenever `meshprobe.trace.server` is `messages` or `verbose`, so that the setting alone turns the
// trace on, and writes it to a log channel of its own ("Meshprobe Trace", also written to the
// extension's log folder), keeping the server's log readable.
import * as vscode from 'vscode';

export class TraceChannel implements vscode.LogOutputChannel {
  readonly name = 'Meshprobe Trace';
  /** Created on the first line: a log channel of its own, whose level stays at Info, so that every traced line shows. */
  private channel: vscode.LogOutputChannel | undefined;
  private readonly levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.levelChanged.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly section: string) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${section}.trace.server`)) {
        this.levelChanged.fire(this.logLevel);
      }
    });
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration(this.section).get<string>('trace.server', 'off');
    return setting === 'messages' || setting === 'verbose' ? vscode.LogLevel.Trace : vscode.LogLevel.Off;
  }

  private out(): vscode.LogOutputChannel {
    this.channel ??= vscode.window.createOutputChannel(this.name, { log: true });
    return this.channel;
  }

  trace(message: string): void {
    this.out().info(message);
  }

  debug(message: string): void {
    this.out().info(message);
  }

  info(message: string): void {
    this.out().info(message);
  }

  warn(message: string): void {
    this.out().warn(message);
  }

  error(error: string | Error): void {
    this.out().error(error);
  }

  append(value: string): void {
    this.out().append(value);
  }

  appendLine(value: string): void {
    this.out().appendLine(value);
  }

  replace(value: string): void {
    this.channel?.replace(value);
  }

  clear(): void {
    this.channel?.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') {
      this.out().show(columnOrPreserveFocus);
    } else {
      this.out().show(columnOrPreserveFocus, preserveFocus);
    }
  }

  hide(): void {
    this.channel?.hide();
  }

  dispose(): void {
    this.listener.dispose();
    this.levelChanged.dispose();
    this.channel?.dispose();
  }
}
