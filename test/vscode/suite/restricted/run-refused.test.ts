// Integration, Restricted Mode: running and debugging a workflow are refused (the commands
// resolve without starting anything) and the Run/Debug code lenses are not offered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateOn, workspaceUri } from '../support/extension.js';

describe('Restricted Mode: run and debug are refused', () => {
  it('refuses to run a workflow', async () => {
    await activateOn('orders.weft');
    const result = await vscode.commands.executeCommand('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: { id: 'x', total: 1, items: [] } } });
    assert.equal(result, undefined);
  });

  it('refuses to debug a workflow', async () => {
    const started = await vscode.commands.executeCommand('weft.debugWorkflow', workspaceUri('orders.weft'), { input: {} });
    assert.equal(started, false);
    assert.equal(vscode.debug.activeDebugSession, undefined);
  });

  it('offers no Run or Debug code lens', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceUri('orders.weft'));
    assert.ok(!lenses.some((l) => l.command?.command === 'weft.runWorkflow' || l.command?.command === 'weft.debugWorkflow'));
  });
});
