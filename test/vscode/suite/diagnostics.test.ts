// Integration: diagnostics from the language server reach the editor at the expected ranges,
// and editing the text clears them, as a user sees it in the Problems view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, openInEditor, workspaceUri } from './support/extension.js';
import { formatDiagnostics, hasErrors, waitForDiagnostics } from './support/diagnostics.js';
import { screenshot } from './support/screenshot.js';

describe('Diagnostics', () => {
  before(async () => {
    await activateOn('orders.weft');
  });

  it('marks an unknown node name in an edge exactly at the name', async () => {
    const uri = workspaceUri('broken.weft');
    await openInEditor('broken.weft');
    const diagnostics = await waitForDiagnostics(uri, hasErrors);
    const error = diagnostics.find((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(error, formatDiagnostics(diagnostics));
    // Line 9 (0-based 8): `  start -> validate -> shipp -> end`; `shipp` spans columns 23-28.
    assert.deepEqual(
      [error.range.start.line, error.range.start.character, error.range.end.line, error.range.end.character],
      [8, 23, 8, 28],
      formatDiagnostics(diagnostics),
    );
    assert.match(error.message, /shipp/);
    assert.equal(diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length, 1, formatDiagnostics(diagnostics));
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await screenshot('editor-with-diagnostics', '.squiggly-error');
  });

  it('clears the error once the name is fixed', async () => {
    const uri = workspaceUri('broken.weft');
    const editor = await openInEditor('broken.weft');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(8, 23, 8, 28), 'ship');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(editor.document.lineAt(8).text, /validate -> ship -> end/);
    const diagnostics = await waitForDiagnostics(uri, (ds) => !hasErrors(ds));
    assert.equal(hasErrors(diagnostics), false);
  });

  it('reports no error on a valid workflow that imports its types', async () => {
    const uri = workspaceUri('orders.weft');
    await openInEditor('orders.weft');
    // The previous tests saw the server validate the workspace, which includes this file.
    const diagnostics = vscode.languages.getDiagnostics(uri);
    assert.deepEqual(diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error), [], formatDiagnostics(diagnostics));
  });

  it('reports a syntax error on the line of a half-typed edge, and clears it when completed', async () => {
    const uri = workspaceUri('broken.weft');
    const editor = await openInEditor('broken.weft');
    const line = editor.document.lineAt(8);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, line.range, '  start -> validate ->');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(uri, hasErrors);
    const errors = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(errors.some((d) => d.range.start.line === 8 || d.range.start.line === 9), formatDiagnostics(diagnostics));

    const fix = new vscode.WorkspaceEdit();
    fix.replace(uri, editor.document.lineAt(8).range, '  start -> validate -> ship -> end');
    assert.ok(await vscode.workspace.applyEdit(fix));
    assert.equal(hasErrors(await waitForDiagnostics(uri, (ds) => !hasErrors(ds))), false);
  });
});
