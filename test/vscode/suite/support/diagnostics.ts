// Waiting on diagnostics the way a user sees them: through vscode.languages, driven by the
// onDidChangeDiagnostics event (no polling, no sleeps). A timeout reports what was last seen.
import * as vscode from 'vscode';

export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ` +
      `${vscode.DiagnosticSeverity[d.severity]} ${typeof d.code === 'object' ? d.code.value : d.code ?? ''} ${d.message}`)
    .join('\n') || '(none)';
}

/** Resolves with the document's diagnostics as soon as `accept` holds for them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!accept(current)) return false;
      finish();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for diagnostics on ${uri.fsPath}; last seen:\n${formatDiagnostics(vscode.languages.getDiagnostics(uri))}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export const hasErrors = (ds: readonly vscode.Diagnostic[]) => ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error);
