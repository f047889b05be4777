// Integration: the "Weft Runs" view in a real VS Code. A run made with the run command appears
// among the view's items (through the command that returns them), and showing it opens its
// history and yields the per-node status the diagram overlay gets.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunWorkflowResult } from '../../../extension/run/run-workflow-command.js';
import type { RunItemModel } from '../../../extension/runs-view/run-tree-model.js';
import { activateOn, openScratch, removeScratches, workspaceUri } from './support/extension.js';

const ORDER = { id: 'o-2', total: 5, items: [{ sku: 'b', qty: 2 }] };

describe('Weft Runs view', () => {
  let runId = '';

  before(async () => {
    await activateOn('orders.weft');
    const result = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: ORDER } });
    assert.equal(result?.status, 'completed');
    runId = result.runId;
  });

  it('lists the run with its workflow and status', async () => {
    const items = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    const item = items.find((i) => i.runId === runId);
    assert.ok(item, `run ${runId} among ${items.length} items`);
    assert.equal(item.label, 'Orders');
    assert.equal(item.status, 'completed');
    assert.equal(item.contextValue, 'run.completed');
  });

  it('shows the run: its history document and each node status', async () => {
    const shown = await vscode.commands.executeCommand<{ status: string; nodeStatus: Record<string, string> } | undefined>('weft.runs.show', runId);
    assert.equal(shown?.status, 'completed');
    assert.equal(shown?.nodeStatus['Orders/validate'], 'completed');
    assert.equal(shown?.nodeStatus['Orders/ship'], 'completed');
    const history = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'weft-run' && d.uri.path.includes(runId));
    assert.ok(history, 'the history document is open');
    assert.match(history.getText(), /\| \d+ \| ship \| 1 \| completed/);
  });

  it('contributes the view and its controls', () => {
    const manifest = vscode.extensions.getExtension('weft.weft')!.packageJSON;
    assert.ok(manifest.contributes.views.explorer.some((v: { id: string }) => v.id === 'weft.runs'));
    const menus = manifest.contributes.menus['view/item/context'].map((m: { command: string }) => m.command);
    for (const control of ['pause', 'resume', 'cancel', 'retryNode', 'skipNode', 'setVariable', 'approve', 'reject']) {
      assert.ok(menus.includes(`weft.runs.${control}`), control);
    }
  });

  it('approves a run waiting for an approval from the view, and the run completes', async () => {
    const editor = await openScratch([
      'workflow ShipIt {',
      '  output shipped: boolean',
      '  set prepare { shipped = false }',
      '  approval signOff { ask "Ship it?" }',
      '  set done { shipped = true }',
      '  start -> prepare -> signOff -> done -> end',
      '}',
      '',
    ].join('\n'), 'approval');
    try {
      const waiting = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', editor.document.uri, { inputs: {} });
      assert.equal(waiting?.status, 'waiting', JSON.stringify(waiting));
      assert.deepEqual(waiting.waitingFor, ['approval at signOff']);
      const items = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
      assert.equal(items.find((i) => i.runId === waiting.runId)?.contextValue, 'run.waiting');
      const approved = await vscode.commands.executeCommand<{ status: string } | false>('weft.runs.approve', waiting.runId, 'signOff');
      assert.ok(approved, 'the approval was accepted');
      assert.equal(approved.status, 'completed');
    } finally {
      await removeScratches();
    }
  });

  it('skips the failed node of a failed run with a given result, and the run completes', async () => {
    const failed = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: { ...ORDER, id: 'o-9', items: [] } } });
    assert.equal(failed?.status, 'failed');
    const skipped = await vscode.commands.executeCommand<{ status: string } | false>('weft.runs.skipNode', failed.runId, 'validate', { ok: true });
    assert.ok(skipped, 'the skip was accepted');
    assert.equal(skipped.status, 'completed');
    const shown = await vscode.commands.executeCommand<{ nodeStatus: Record<string, string> } | undefined>('weft.runs.show', failed.runId);
    assert.equal(shown?.nodeStatus['Orders/validate'], 'skipped');
    assert.equal(shown?.nodeStatus['Orders/ship'], 'completed');
  });
});
