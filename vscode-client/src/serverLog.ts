// Server stderr is its log. Each line goes to the output channel at a level guessed from its text, so
// the channel's level filter works and ordinary progress lines are not shown as errors. No `vscode`
// import here.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export function logLevelOfServerLine(line: string): LogLevel {
  const text = line.trimStart();
  if (/^(SEVERE|ERROR|FATAL)\b/.test(text) || /\b(SEVERE|ERROR|FATAL)\b/.test(line) || /^at\s+[\w$.]+\(/.test(text) || /^Caused by: /.test(text) || /^Exception in thread /.test(text)) {
    return 'error';
  }
  if (/^WARN(ING)?\b/.test(text) || /\bWARN(ING)?\b/.test(line)) {
    return 'warn';
  }
  if (/^(FINE|FINER|FINEST|DEBUG|TRACE)\b/.test(text) || /\b(DEBUG|TRACE)\b/.test(line)) {
    return 'debug';
  }
  return 'info';
}
