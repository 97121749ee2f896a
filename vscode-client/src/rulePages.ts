// Rule pages: the extension bundles docs/rules/<id>.md, and a Meshprobe diagnostic's code link opens
// the rule's page there (the upstream Istio or Kubernetes page is one click further, on the page and in
// the hover). The server keeps sending the upstream address, which other editors open. No `vscode`
// import here.

/** The command that opens a rule's bundled page; the server links hovers to it (experimental capability). */
export const RULE_PAGE_COMMAND = 'meshprobe.openRulePage';

/** Rule ids are lower-case words joined by dashes: nothing else is ever turned into a file name. */
export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value);
}

/** The `command:` URI that opens a rule's page, as VS Code's opener reads it (arguments as URI-encoded JSON). */
export function rulePageLink(rule: string): string {
  return `command:${RULE_PAGE_COMMAND}?${encodeURIComponent(JSON.stringify([rule]))}`;
}

/** The client capability that tells the server how to link a rule's page from a hover. */
export const EXPERIMENTAL_CAPABILITIES = {
  // VS Code shows a diagnostic's message and related information in the hover box of its range: the
  // server then leaves those facts out of its own hover there, so that the box needs no scrolling.
  meshprobe: { rulePageCommand: RULE_PAGE_COMMAND, hoverShowsDiagnostics: true },
};

/** The rule a diagnostic's code names, when the diagnostic is Meshprobe's; else undefined. */
export function meshprobeRule(source: string | undefined, code: unknown): string | undefined {
  if (source !== 'meshprobe') {
    return undefined;
  }
  const value = code !== null && typeof code === 'object' ? (code as { value?: unknown }).value : code;
  return isRuleId(value) ? value : undefined;
}
