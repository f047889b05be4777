// Debugger — inline values while stopped: the workflow's inputs, vars and outputs declared
// above the stopped line are looked up by name in the session's variables (VS Code asks the
// adapter). Pure text scanning of the document; no expression evaluation here.
import * as vscode from 'vscode';

const DECLARATION = /^\s*(input|output|var)\s+([A-Za-z_][A-Za-z0-9_]*)/;

export class WeftInlineValuesProvider implements vscode.InlineValuesProvider {
  provideInlineValues(document: vscode.TextDocument, viewport: vscode.Range, context: vscode.InlineValueContext): vscode.InlineValue[] {
    const values: vscode.InlineValue[] = [];
    const last = Math.min(context.stoppedLocation.end.line, viewport.end.line);
    for (let line = viewport.start.line; line <= last; line++) {
      const match = DECLARATION.exec(document.lineAt(line).text);
      if (!match) continue;
      const start = match[0].length - match[2].length;
      values.push(new vscode.InlineValueVariableLookup(new vscode.Range(line, start, line, match[0].length), match[2], false));
    }
    return values;
  }
}
