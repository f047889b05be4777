// Diagram panel — the "Show diagram" code lens above every `workflow Name {` declaration.
// Found by a line pattern so it appears even before the language server has answered.

import * as vscode from 'vscode';

const WORKFLOW_LINE = /^\s*workflow\s+([A-Za-z_][A-Za-z0-9_]*)/;

export class DiagramCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (let line = 0; line < document.lineCount; line++) {
      const match = WORKFLOW_LINE.exec(document.lineAt(line).text);
      if (!match) continue;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, match[0].length), {
        title: '$(type-hierarchy) Show diagram',
        tooltip: `Show the diagram of workflow ${match[1]}`,
        command: 'weft.showDiagram',
        arguments: [document.uri],
      }));
    }
    return lenses;
  }
}
