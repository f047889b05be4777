// Integration: "Run workflow" in a real VS Code. The command compiles a fixture workflow, runs it
// on the embedded runtime of the installed extension (scripts in the bundled worker, journal in
// the workspace store) and resolves with the result; a failing run names its node.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunWorkflowResult } from '../../../extension/run/run-workflow-command.js';
import { activateOn, workspaceUri } from './support/extension.js';

export const GOOD_ORDER = { id: 'o-1', total: 10, items: [{ sku: 'a', qty: 1 }] };

describe('Run workflow', () => {
  it('runs a workflow on the embedded runtime and returns its outputs', async () => {
    await activateOn('orders.weft');
    const result = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: GOOD_ORDER } });
    assert.ok(result, 'the command returned a result');
    assert.equal(result.status, 'completed', JSON.stringify(result));
    assert.deepEqual(result.outputs, { trackingId: 'TRACK-o-1' });
    assert.match(result.runId, /\S/);
  });

  it('reports the node a failing run failed at', async () => {
    await activateOn('orders.weft');
    const result = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: { ...GOOD_ORDER, items: [] } } });
    assert.equal(result?.status, 'failed');
    assert.equal(result?.error?.node, 'validate');
    assert.equal(result?.error?.name, 'InvalidOrder');
  });

  it('gives a run the step budget and timeout of the weft.run settings, and refuses a bad one', async () => {
    await activateOn('orders.weft');
    const settings = vscode.workspace.getConfiguration('weft.run', workspaceUri('orders.weft'));
    try {
      await settings.update('stepBudget', 2, vscode.ConfigurationTarget.Workspace);
      const stopped = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: GOOD_ORDER } });
      assert.equal(stopped?.status, 'failed', JSON.stringify(stopped));
      assert.equal(stopped?.error?.name, 'StepBudgetExceeded');
      await settings.update('stepBudget', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('timeout', 'soon', vscode.ConfigurationTarget.Workspace);
      const refused = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: GOOD_ORDER } });
      assert.equal(refused, undefined, 'nothing started');
      await settings.update('timeout', '10m', vscode.ConfigurationTarget.Workspace);
      const roomy = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: GOOD_ORDER } });
      assert.equal(roomy?.status, 'completed', JSON.stringify(roomy));
    } finally {
      await settings.update('stepBudget', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('timeout', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('keeps runs in the workspace store .weft/runs.db', async () => {
    const stat = await vscode.workspace.fs.stat(workspaceUri('.weft', 'runs.db'));
    assert.ok(stat.size > 0);
  });

  it('offers Run and Debug code lenses on each workflow declaration', async () => {
    await activateOn('orders.weft');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', workspaceUri('orders.weft'));
    const commands = lenses.map((l) => l.command?.command);
    assert.ok(commands.includes('weft.runWorkflow'), String(commands));
    assert.ok(commands.includes('weft.debugWorkflow'), String(commands));
  });

  it('shows the metrics of the runs made so far', async () => {
    const metrics = await vscode.commands.executeCommand<Record<string, { runs: number; completed: number; failed: number; errors: Record<string, number> }>>('weft.showMetrics', 'Orders');
    const orders = metrics.Orders;
    assert.ok(orders, Object.keys(metrics).join(', '));
    assert.ok(orders.completed >= 1 && orders.failed >= 1, JSON.stringify(orders));
    assert.ok((orders.errors.InvalidOrder ?? 0) >= 1, JSON.stringify(orders.errors));
    const report = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(report, /^# Metrics of Orders$/m);
  });
});
