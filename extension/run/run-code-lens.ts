// Run command — "Run workflow" and "Debug workflow" code lenses above every `workflow Name {`
// declaration (found by a line pattern, so they show before the language server answers).
// In Restricted Mode they are not offered at all.
import * as vscode from 'vscode';

const WORKFLOW_LINE = /^\s*workflow\s+([A-Za-z_][A-Za-z0-9_]*)/;

export class RunCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  // Granting trust makes the lenses appear without reopening the file.
  private readonly trustListener = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  dispose(): void {
    this.trustListener.dispose();
    this.changed.dispose();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < document.lineCount; line++) {
      const match = WORKFLOW_LINE.exec(document.lineAt(line).text);
      if (!match) continue;
      const range = new vscode.Range(line, 0, line, match[0].length);
      const workflow = match[1];
      lenses.push(
        new vscode.CodeLens(range, { title: '$(play) Run workflow', tooltip: `Run ${workflow} on the embedded runtime`, command: 'weft.runWorkflow', arguments: [document.uri, { workflow }] }),
        new vscode.CodeLens(range, { title: '$(debug-alt) Debug workflow', tooltip: `Debug ${workflow}`, command: 'weft.debugWorkflow', arguments: [document.uri, { workflow }] }),
      );
    }
    return lenses;
  }
}
