// Integration: the language server's features as VS Code asks for them, through its own
// provider commands (vscode.execute…Provider), on the fixture workspace: outline, hover,
// go to definition across files, references, rename across files, completion, formatting.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, closeActiveEditor, openScratch, removeScratches, workspaceUri } from './support/extension.js';
import { describeRange, positionOf, rangeOf } from './support/positions.js';
import { hasErrors, waitForDiagnostics } from './support/diagnostics.js';

async function open(name: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(workspaceUri(name));
}

function locationsOf(result: (vscode.Location | vscode.LocationLink)[] | undefined): vscode.Location[] {
  return (result ?? []).map((l) => ('targetUri' in l ? new vscode.Location(l.targetUri, l.targetSelectionRange ?? l.targetRange) : l));
}

function describeLocations(ls: vscode.Location[]): string {
  return ls.map((l) => `${vscode.workspace.asRelativePath(l.uri)}:${describeRange(l.range)}`).join(', ') || '(none)';
}

describe('Language features through VS Code', () => {
  before(async () => {
    await activateOn('orders.weft');
  });
  afterEach(removeScratches);

  it('outlines a workflow with its nodes as children', async () => {
    const document = await open('orders.weft');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    const workflow = symbols?.find((s) => s.name === 'Orders');
    assert.ok(workflow, `no Orders symbol among ${symbols?.map((s) => s.name).join(', ')}`);
    const children = workflow.children.map((c) => c.name);
    for (const name of ['order', 'trackingId', 'validate', 'ship']) {
      assert.ok(children.includes(name), `${name} missing from the outline of Orders: ${children.join(', ')}`);
    }
    assert.deepEqual(describeRange(workflow.selectionRange), describeRange(rangeOf(document, 'Orders')));
  });

  it('goes to the definition of a type declared in an imported file', async () => {
    const document = await open('orders.weft');
    const result = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', document.uri, positionOf(document, 'Order\n', 1, 2));
    const locations = locationsOf(result);
    const types = await open('types.weft');
    assert.equal(locations.length, 1, describeLocations(locations));
    assert.equal(locations[0].uri.toString(), types.uri.toString());
    assert.equal(describeRange(locations[0].range), describeRange(rangeOf(types, 'Order')));
  });

  it('shows the doc comment of a type on hover', async () => {
    const document = await open('orders.weft');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider', document.uri, positionOf(document, 'Order\n', 1, 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /An order as received from the shop\./);
  });

  it('finds the references of a node: its declaration and the edge that uses it', async () => {
    const document = await open('orders.weft');
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider', document.uri, positionOf(document, 'validate', 1, 1));
    const ranges = locations.filter((l) => l.uri.toString() === document.uri.toString()).map((l) => describeRange(l.range)).sort();
    assert.deepEqual(ranges, [describeRange(rangeOf(document, 'validate', 1)), describeRange(rangeOf(document, 'validate', 3))].sort(),
      describeLocations(locations));
  });

  it('renames a type across the files that import it', async () => {
    const types = await open('types.weft');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider', types.uri, positionOf(types, 'Order {', 1, 1), 'PurchaseOrder');
    assert.ok(edit, 'no rename edit');
    const byFile = new Map(edit.entries().map(([uri, edits]) => [vscode.workspace.asRelativePath(uri), edits]));
    assert.deepEqual([...byFile.keys()].sort(), ['broken.weft', 'orders.weft', 'types.weft']);
    for (const [file, edits] of byFile) {
      assert.ok(edits.every((e) => e.newText === 'PurchaseOrder'), `${file}: ${edits.map((e) => e.newText).join(', ')}`);
    }
    const orders = await open('orders.weft');
    const used = positionOf(orders, 'Order\n');
    assert.deepEqual(byFile.get('orders.weft')!.map((e) => describeRange(e.range)),
      [describeRange(new vscode.Range(used, used.translate(0, 'Order'.length)))]);
  });

  it('completes node names after an arrow', async () => {
    const { document } = await openScratch('workflow W {\n  task a: script "a.js" { }\n  task b: script "b.js" { }\n  start -> \n}\n');
    // The half-typed edge is a syntax error: once it is reported, the server has built this text
    // (asked at once, a just-created file was sometimes answered as if it were still empty).
    await waitForDiagnostics(document.uri, hasErrors);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider', document.uri, new vscode.Position(3, 11));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['a', 'b', 'end']) assert.ok(labels.includes(name), `${name} missing from completion: ${labels.join(', ')}`);
    await closeActiveEditor();
  });

  it('formats a document to the canonical layout, keeping comments, and is stable', async () => {
    const editor = await openScratch('workflow   W {\ntask a: script "a.js" {   timeout 5s }\n      start -> a -> end // done\n}\n');
    const { document } = editor;
    const options = { tabSize: 2, insertSpaces: true };
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
    assert.ok(edits && edits.length > 0, 'no formatting edits for a badly laid out file');
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.getText(), 'workflow W {\n  task a: script "a.js" { timeout 5s }\n  start -> a -> end // done\n}\n');
    const again = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, options);
    assert.deepEqual(again ?? [], [], 'formatting twice changed the text again');
  });
});
