// Integration: the live diagram in a real VS Code. The panel opens beside a sample from the
// command, the webview (strict CSP, elk worker from a blob: URL) lays it out and reports that it
// drew as many nodes and edges as the language server's model holds.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { countDiagram } from '../../../language-server/diagram/diagram-model-builder.js';
import { DiagramModelRequest, type DiagramDocumentModel } from '../../../language-server/protocol/diagram-protocol.js';
import type { DiagramSnapshot } from '../../../extension/diagram/diagram-panel.js';
import { activateOn } from './support/extension.js';
import { screenshot } from './support/screenshot.js';

describe('Diagram', () => {
  it('opens beside a sample and draws every node and edge of its model', async () => {
    const api = await activateOn('samples', 'order-fulfilment.weft');
    const uri = vscode.window.activeTextEditor!.document.uri;
    // Room for the picture (and the README screenshot): no side bar, no bottom panel.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('weft.showDiagram');
    // A panel left open by an earlier suite (the debugger's) may still show another file: wait
    // for the drawing of this one.
    const protocolUri = api.languageClient.code2ProtocolConverter.asUri(uri);
    const snapshot = await vscode.commands.executeCommand<DiagramSnapshot | undefined>('weft.diagram.snapshot', 25_000, { uri: protocolUri });
    assert.ok(snapshot, 'the diagram reported a drawing');
    const model = await api.languageClient.sendRequest<DiagramDocumentModel | null>(DiagramModelRequest.method, { uri: protocolUri });
    assert.ok(model && !model.stale, 'the server has a fresh model of the sample');
    const expected = countDiagram(model.workflows);
    assert.ok(expected.nodes > 10, `the sample has ${expected.nodes} nodes`);
    assert.deepEqual({ nodes: snapshot.nodes, edges: snapshot.edges }, expected);
    assert.equal(snapshot.uri, model.uri);
  });

  it('highlights the node under the editor cursor', async () => {
    const editor = vscode.window.activeTextEditor!;
    const line = editor.document.getText().split('\n').findIndex((l) => /^\s*task charge:/.test(l));
    editor.selection = new vscode.Selection(line, 8, line, 8);
    editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenter);
    const snapshot = await vscode.commands.executeCommand<DiagramSnapshot | undefined>('weft.diagram.snapshot', 15_000, { highlighted: 'OrderFulfilment/charge' });
    assert.equal(snapshot?.highlighted, 'OrderFulfilment/charge');
    await screenshot('diagram-beside-editor');
  });

  it('offers a Show diagram code lens on each workflow declaration', async () => {
    await activateOn('samples', 'order-fulfilment.weft');
    const document = vscode.window.activeTextEditor!.document;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const diagramLenses = lenses.filter((l) => l.command?.command === 'weft.showDiagram');
    assert.equal(diagramLenses.length, 1);
    assert.match(document.lineAt(diagramLenses[0]!.range.start.line).text, /^\s*workflow OrderFulfilment\b/);
  });

  it('follows the active .weft editor', async () => {
    const api = await activateOn('samples', 'report-polling.weft');
    const uri = api.languageClient.code2ProtocolConverter.asUri(vscode.window.activeTextEditor!.document.uri);
    const snapshot = await vscode.commands.executeCommand<DiagramSnapshot | undefined>('weft.diagram.snapshot', 20_000, { uri });
    assert.equal(snapshot?.uri, uri);
    assert.ok(snapshot!.nodes > 3, `report-polling.weft drawn with ${snapshot!.nodes} nodes`);
    await vscode.commands.executeCommand('workbench.action.toggleSidebarVisibility');
  });
});
