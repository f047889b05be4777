// Integration: the "Weft Runs" view in a real VS Code (controls are passed to the process that
// carries a run, and go through the API of a weft serve that serves the store). A run made with the run command appears
// among the view's items (through the command that returns them), and showing it opens its
// history and yields the per-node status the diagram overlay gets.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunWorkflowResult } from '../../../extension/run/run-workflow-command.js';
import type { RunItemModel } from '../../../extension/runs-view/run-tree-model.js';
import { activateOn, openScratch, removeScratches, weftExtension, workspaceRoot, workspaceUri } from './support/extension.js';

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
    for (const control of ['pause', 'resume', 'cancel', 'retryNode', 'skipNode', 'setVariable', 'approve', 'reject', 'delete']) {
      assert.ok(menus.includes(`weft.runs.${control}`), control);
    }
  });

  it('approves a run waiting for an approval from the view, and the run completes', async () => {
    try {
      const waiting = await waitingForSignOff('ShipIt', 'approval');
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

  it('takes an approval asked from a terminal for a run the editor carries, and completes the run', async function () {
    this.timeout(60_000);
    try {
      const waiting = await waitingForSignOff('FromTerminal', 'terminal');
      const store = path.join(workspaceRoot(), '.weft', 'runs.db');
      const cli = path.join(weftExtension().extensionPath, 'dist', 'cli.cjs');
      // Not spawnSync: the editor answers the request on this process's event loop.
      const asked = spawn(process.execPath, [cli, 'approve', waiting.runId, 'signOff', '--store', store], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      asked.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
      asked.stderr!.setEncoding('utf8').on('data', (d: string) => { err += d; });
      const code = await new Promise<number | null>((resolve) => asked.once('exit', resolve));
      assert.equal(code, 0, err);
      assert.match(out, new RegExp(`^Approved 'signOff' of run ${waiting.runId}: applied by VS Code \\(the Weft extension\\) \\(pid ${process.pid}\\)`));
      let status = '';
      for (const end = Date.now() + 10_000; status !== 'completed' && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        await vscode.commands.executeCommand('weft.runs.refresh');
        status = (await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items')).find((i) => i.runId === waiting.runId)?.status ?? '';
      }
      assert.equal(status, 'completed', 'the editor carried the run on to its end');
    } finally {
      await removeScratches();
    }
  });

  it('passes a control to the weft run that carries the run; on a store weft serve serves, acts through its API', async function () {
    this.timeout(60_000);
    const store = path.join(workspaceRoot(), '.weft', 'runs.db');
    const cli = path.join(weftExtension().extensionPath, 'dist', 'cli.cjs');
    const asNode = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
    // A run that a weft run in a terminal carries (its timer keeps that process going) while its
    // approval waits: the view's approval is passed to that process, which applies it.
    const carriedFile = path.join(workspaceRoot(), `carried-${Date.now()}.weft`);
    writeFileSync(carriedFile, 'workflow Carried {\n  wait nap for 30s\n  approval signOff { ask "Ship it?" }\n  join both\n  start -> [nap, signOff] -> both -> end\n}\n');
    const carrier = spawn(process.execPath, [cli, 'run', carriedFile, '--store', store], { stdio: ['ignore', 'pipe', 'pipe'], env: asNode });
    let carrierOut = '';
    carrier.stdout!.setEncoding('utf8').on('data', (d: string) => { carrierOut += d; });
    const carrierGone = new Promise((resolve) => carrier.once('exit', resolve));
    let carriedRun: string | undefined;
    try {
      const record = path.join(`${store}.carriers`, `${carrier.pid}-1.json`);
      for (const end = Date.now() + 20_000; carriedRun === undefined && Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        if (!carrierOut.includes('waits for approval')) continue;
        try {
          carriedRun = (JSON.parse(readFileSync(record, 'utf8')) as { runIds: string[] }).runIds[0];
        } catch { /* not written yet */ }
      }
      assert.ok(carriedRun, `the weft run carries its run: ${carrierOut}`);
      const approved = await vscode.commands.executeCommand<{ status: string; carriedBy?: string } | false>('weft.runs.approve', carriedRun, 'signOff');
      assert.ok(approved, 'applied by the process that carries the run');
      assert.equal(approved.carriedBy, `weft run (pid ${carrier.pid})`);
      const shown = spawnSync(process.execPath, [cli, 'show', carriedRun, '--store', store, '--json'], { encoding: 'utf8', env: asNode });
      assert.equal(shown.status, 0, shown.stderr);
      const audit = (JSON.parse(shown.stdout) as { audit: Array<{ actor: string; action: string }> }).audit;
      assert.deepEqual(audit.map((a) => [a.actor, a.action]), [['vscode', "approved 'signOff'"]], 'journaled once, by the carrier, as the editor');
      for (const end = Date.now() + 5_000; !carrierOut.includes('✓ signOff') && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
      assert.match(carrierOut, /✓ signOff/, 'the carrier carries the run on');
    } finally {
      carrier.kill('SIGKILL');
      rmSync(carriedFile, { force: true });
    }
    // Its process gone, the run is the editor's to act on: cancelled here, so no later look takes it up.
    await carrierGone;
    const cancelled = await vscode.commands.executeCommand<{ status: string } | false>('weft.runs.cancel', carriedRun);
    assert.ok(cancelled && cancelled.status === 'cancelled', JSON.stringify(cancelled));

    // On a store weft serve serves, controls go through its API.
    const file = path.join(workspaceRoot(), `served-${Date.now()}.weft`);
    writeFileSync(file, 'workflow Carried {\n  approval signOff { ask "Ship it?" }\n  start -> signOff -> end\n}\n');
    // A run made by another process (the CLI, which exits once the run waits for its approval)…
    const made = spawnSync(process.execPath, [cli, 'run', file, '--store', store, '--json'], { encoding: 'utf8', env: asNode });
    rmSync(file, { force: true });
    assert.equal(made.status, 0, made.stderr);
    const runId = (JSON.parse(made.stdout) as { runId: string; status: string }).runId;
    // …and a live process standing for a server.
    const standIn = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore', env: asNode });
    try {
      await new Promise((resolve) => standIn.once('spawn', resolve));
      // A marker whose live process does not answer on its URL: refused, nothing done.
      const marker = `${store}.serve.json`;
      writeFileSync(marker, JSON.stringify({ pid: standIn.pid, url: 'http://127.0.0.1:1', startedAt: new Date().toISOString() }));
      try {
        assert.equal(await vscode.commands.executeCommand('weft.runs.approve', runId, 'signOff'), false, 'a server that does not answer acts on nothing');
      } finally {
        rmSync(marker, { force: true });
      }
      const items = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
      assert.equal(items.find((i) => i.runId === runId)?.status, 'waiting', 'untouched by the refused controls');
    } finally {
      standIn.kill('SIGKILL');
    }
    // A real weft serve on the store: it takes the run over when it starts, and the view's
    // approval goes through its API; the server finishes the run.
    const served = mkdtempSync(path.join(tmpdir(), 'weft-served-'));
    writeFileSync(path.join(served, 'idle.weft'), 'workflow Idle {\n  start -> end\n}\n');
    const server = spawn(process.execPath, [cli, 'serve', served, '--store', store, '--port', '0', '--adopt-every', '0'], { env: asNode, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; const m = / on (http:\/\/\S+) \(store /.exec(out); if (m) resolve(m[1]!); });
        void exited.then(() => reject(new Error(`weft serve exited: ${out}`)));
      });
      const approved = await vscode.commands.executeCommand<{ status: string; server?: string } | false>('weft.runs.approve', runId, 'signOff');
      assert.ok(approved, 'approved through the server');
      assert.deepEqual([approved.status, approved.server], ['completed', url]);
      const audit = ((await (await fetch(`${url}/runs/${runId}`)).json()) as { audit: Array<{ actor: string; type: string }> }).audit;
      assert.deepEqual(audit.map((a) => [a.type, a.actor]), [['ApprovalDecided', 'api:anonymous']], 'applied by the server, as its caller');
    } finally {
      server.kill('SIGTERM');
      await exited;
      rmSync(served, { recursive: true, force: true });
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

  it('deletes an ended run with its journal, and refuses a run that goes on', async () => {
    const done = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', workspaceUri('orders.weft'), { inputs: { order: { ...ORDER, id: 'o-7' } } });
    assert.equal(done?.status, 'completed');
    const deleted = await vscode.commands.executeCommand<{ runId: string; workflow: string; subRuns: string[] } | false>('weft.runs.delete', done.runId, true);
    assert.deepEqual(deleted, { runId: done.runId, workflow: 'Orders', status: 'completed', subRuns: [] });
    const items = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    assert.equal(items.find((i) => i.runId === done.runId), undefined, 'gone from the view');
    const cli = path.join(weftExtension().extensionPath, 'dist', 'cli.cjs');
    const shown = spawnSync(process.execPath, [cli, 'show', done.runId, '--store', path.join(workspaceRoot(), '.weft', 'runs.db')], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(shown.status, 1, 'the CLI finds no such run either');
    const editor = await openScratch('workflow Holds {\n  approval signOff { ask "Go?" }\n  start -> signOff -> end\n}\n', 'holds');
    try {
      const waiting = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', editor.document.uri, { inputs: {} });
      assert.equal(waiting?.status, 'waiting');
      assert.equal(await vscode.commands.executeCommand('weft.runs.delete', waiting.runId, true), false, 'a run that goes on is not deleted');
      const cancelled = await vscode.commands.executeCommand<{ status: string } | false>('weft.runs.cancel', waiting.runId);
      assert.ok(cancelled && cancelled.status === 'cancelled');
    } finally {
      await removeScratches();
    }
  });

  it('filters the runs it shows by status and workflow, and clears the filter', async () => {
    const every = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    assert.ok(new Set(every.map((i) => i.status)).size > 1, `runs of several statuses: ${every.map((i) => i.status).join(' ')}`);
    await vscode.commands.executeCommand('weft.runs.filter', { statuses: ['cancelled'] });
    const cancelled = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    assert.ok(cancelled.length > 0 && cancelled.every((i) => i.status === 'cancelled'), cancelled.map((i) => i.status).join(' '));
    await vscode.commands.executeCommand('weft.runs.filter', { workflows: ['Orders'] });
    const orders = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    assert.deepEqual([...new Set(orders.map((i) => i.label))], ['Orders']);
    assert.equal(orders.length, every.filter((i) => i.label === 'Orders').length);
    await vscode.commands.executeCommand('weft.runs.clearFilter');
    assert.equal((await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items')).length, every.length);
  });

  // Last: it deletes every ended run of the workspace store.
  it('deletes the ended runs older than a duration', async () => {
    assert.deepEqual(await vscode.commands.executeCommand('weft.runs.prune', '1d', true), [], 'none is a day old');
    assert.equal(await vscode.commands.executeCommand('weft.runs.prune', 'a while', true), false, 'not a duration');
    const ended = (await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items')).filter((i) => ['completed', 'failed', 'cancelled'].includes(i.status));
    assert.ok(ended.length > 0);
    const pruned = await vscode.commands.executeCommand<Array<{ runId: string }> | false>('weft.runs.prune', '0s', true);
    assert.ok(pruned, 'pruned');
    assert.deepEqual(ended.map((i) => i.runId).filter((id) => !pruned.some((p) => p.runId === id)), [], 'every ended run the view showed went');
    const left = await vscode.commands.executeCommand<RunItemModel[]>('weft.runs.items');
    assert.deepEqual(left.filter((i) => ['completed', 'failed', 'cancelled'].includes(i.status)), []);
    // An open history of a deleted run says so.
    const history = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'weft-run' && d.uri.path.includes(runId));
    assert.ok(history, 'the first run\'s history is still open');
    for (let i = 0; i < 50 && !/No run with id/.test(history.getText()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(history.getText(), /No run with id/);
  });
});

/** Runs a scratch workflow `name` in this window until it waits for its approval `signOff` (scratches removed by the caller). */
async function waitingForSignOff(name: string, scratch: string): Promise<RunWorkflowResult> {
  const editor = await openScratch([
    `workflow ${name} {`,
    '  output shipped: boolean',
    '  set prepare { shipped = false }',
    '  approval signOff { ask "Ship it?" }',
    '  set done { shipped = true }',
    '  start -> prepare -> signOff -> done -> end',
    '}',
    '',
  ].join('\n'), scratch);
  const waiting = await vscode.commands.executeCommand<RunWorkflowResult | undefined>('weft.runWorkflow', editor.document.uri, { inputs: {} });
  assert.equal(waiting?.status, 'waiting', JSON.stringify(waiting));
  return waiting;
}
