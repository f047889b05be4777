// Finding positions in fixture documents by text, so tests name what they point at
// (`positionOf(doc, 'Order', 2)`) instead of hard-coding columns that drift with the fixtures.
import * as vscode from 'vscode';

/** Position of the `occurrence`-th (1-based) match of `text`, plus `offset` characters. */
export function positionOf(document: vscode.TextDocument, text: string, occurrence = 1, offset = 0): vscode.Position {
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = document.getText().indexOf(text, index + 1);
    if (index < 0) throw new Error(`"${text}" occurs fewer than ${occurrence} time(s) in ${document.uri.fsPath}`);
  }
  return document.positionAt(index + offset);
}

/** Range of the `occurrence`-th match of `text`. */
export function rangeOf(document: vscode.TextDocument, text: string, occurrence = 1): vscode.Range {
  const start = positionOf(document, text, occurrence);
  return new vscode.Range(start, start.translate(0, text.length));
}

export function describeRange(r: vscode.Range): string {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}
