// Integration: quick fixes as a user applies them from the light bulb: VS Code asks for code
// actions at a diagnostic (vscode.executeCodeActionProvider), applies the chosen one's edit, and
// the diagnostic goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, openScratch, removeScratches } from './support/extension.js';
import { formatDiagnostics, waitForDiagnostics } from './support/diagnostics.js';

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  return (actions ?? []).filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a);
}

async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('Quick fixes', () => {
  before(async () => {
    await activateOn('orders.weft');
  });
  afterEach(removeScratches);

  it('did-you-mean replaces an unknown node name and the error goes away', async () => {
    const { document } = await openScratch([
      'workflow Q {',
      '  task validate: script "v.js" { }',
      '  task ship: script "s.js" { }',
      '  start -> validate -> shipp -> end',
      '}',
      '',
    ].join('\n'));
    const unknown = (ds: readonly vscode.Diagnostic[]) => ds.find((d) => codeOf(d) === 'unknown-name');
    const diagnostic = unknown(await waitForDiagnostics(document.uri, (ds) => unknown(ds) !== undefined))!;
    const fixes = await quickFixes(document.uri, diagnostic);
    const fix = fixes.find((a) => /\bship\b/.test(a.title));
    assert.ok(fix, `no did-you-mean fix among: ${fixes.map((a) => a.title).join(' | ') || '(none)'}`);
    await apply(fix);
    assert.equal(document.lineAt(3).text, '  start -> validate -> ship -> end');
    const after = await waitForDiagnostics(document.uri, (ds) => unknown(ds) === undefined);
    assert.equal(unknown(after), undefined, formatDiagnostics(after));
  });

  it('adds the missing otherwise edge after guarded edges', async () => {
    const { document } = await openScratch([
      'workflow G {',
      '  input n: number',
      '  task check: script "c.js" { }',
      '  task big: script "b.js" { }',
      '  start -> check',
      '  check -> big when n > 10',
      '  big -> end',
      '}',
      '',
    ].join('\n'));
    const missing = (ds: readonly vscode.Diagnostic[]) => ds.find((d) => codeOf(d) === 'missing-otherwise');
    const diagnostic = missing(await waitForDiagnostics(document.uri, (ds) => missing(ds) !== undefined))!;
    const fixes = await quickFixes(document.uri, diagnostic);
    const fix = fixes.find((a) => /otherwise/i.test(a.title));
    assert.ok(fix, `no add-otherwise fix among: ${fixes.map((a) => a.title).join(' | ') || '(none)'}`);
    await apply(fix);
    assert.match(document.getText(), /check -> \w+ otherwise/);
    const after = await waitForDiagnostics(document.uri, (ds) => missing(ds) === undefined);
    assert.equal(missing(after), undefined, formatDiagnostics(after));
  });
});
