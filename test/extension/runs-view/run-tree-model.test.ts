// Specification of the Runs view model (extension/runs-view/run-tree-model.ts) and the run
// history document, on runs executed by the real engine over a memory store.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import { failedNodes, nodeStatuses, pendingApprovals, runItemModel, settableValues, topLevelRuns } from '../../../extension/runs-view/run-tree-model.js';
import { runHistoryMarkdown } from '../../../extension/runs-view/run-history.js';
import { compileSource } from '../run/compile-source.js';

const source = `
workflow Review {
  input ok: boolean
  output verdict: string

  set prepare { verdict = "pending" }
  approval signOff { ask "Ship it?" }
  fail broken "not ok"
  set finish { verdict = "done" }

  start -> prepare
  prepare -> signOff when ok
  prepare -> broken when not ok
  signOff -> finish -> end
}
`;

async function engineWith() {
  const store = new MemoryRunStore();
  const engine = new Engine({ store, clock: new VirtualClock(Date.UTC(2026, 0, 1)), executors: defaultExecutors() });
  return { store, engine };
}

describe('runs view: run tree model', () => {
  it('names the idempotency key of a run started with one in its tooltip', async () => {
    const { store, engine } = await engineWith();
    const bundle = await compileSource(source);
    await (await engine.start(bundle, { inputs: { ok: false }, key: 'order-17' })).outcome;
    await (await engine.start(bundle, { inputs: { ok: false } })).outcome;
    const tooltips = (await store.listRuns()).map((r) => runItemModel(r).tooltip);
    assert.deepEqual(tooltips.map((t) => /\nkey: (.*)$/.exec(t)?.[1]).sort(), ['order-17', undefined]);
  });

  it('shows a completed run with its workflow, status, start and duration', async () => {
    const { store, engine } = await engineWith();
    const bundle = await compileSource(source);
    const { runId, outcome } = await engine.start(bundle, { inputs: { ok: false } });
    assert.equal((await outcome).status, 'failed');
    const [summary] = await store.listRuns();
    const item = runItemModel(summary);
    assert.equal(item.runId, runId);
    assert.equal(item.label, 'Review');
    assert.equal(item.icon, 'error');
    assert.equal(item.contextValue, 'run.failed');
    assert.match(item.description, /^failed · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d · \d+ ms$/);
    engine.halt();
  });

  it('finds the approval a waiting run is held at, and marks that node waiting', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(source);
    const asked = new Promise<void>((resolve) => engine.onEvent((e) => { if (e.kind === 'journal' && e.event.type === 'ApprovalRequested') resolve(); }));
    const { runId } = await engine.start(bundle, { inputs: { ok: true } });
    await asked;
    const state = await engine.inspect(runId);
    assert.deepEqual(pendingApprovals(state), ['signOff']);
    assert.equal(nodeStatuses(state)['Review/signOff'], 'waiting');
    assert.equal(nodeStatuses(state)['Review/prepare'], 'completed');
    engine.halt();
  });

  it('offers the declared vars and outputs to set, with type and current value, and never inputs or secrets', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(`
workflow Tally {
  input ok: boolean
  secret token = env("TALLY_TOKEN")
  var count: number = 3
  var note: string
  output summary: { total: number }
  approval hold { ask "go?" }
  start -> hold -> end
}
`);
    const asked = new Promise<void>((resolve) => engine.onEvent((e) => { if (e.kind === 'journal' && e.event.type === 'ApprovalRequested') resolve(); }));
    process.env.TALLY_TOKEN = 's3cr3t-value';
    try {
      const { runId } = await engine.start(bundle, { inputs: { ok: true } });
      await asked;
      const values = settableValues(bundle.workflows.Tally!.variables, await engine.inspect(runId));
      assert.deepEqual(values.map((v) => [v.name, v.role, v.currentJson]), [['count', 'var', '3'], ['note', 'var', 'null'], ['summary', 'output', 'null']]);
      assert.equal(values[0]!.description, 'var · number · 3');
      assert.equal(values[1]!.description, 'var · string · null');
      assert.match(values[2]!.description, /^output · .*total.*number.* · null$/);
      assert.ok(!JSON.stringify(values).includes('s3cr3t'));
      await engine.setVariable(runId, 'summary', { total: 12 }, 'test');
      const after = settableValues(bundle.workflows.Tally!.variables, await engine.inspect(runId));
      assert.equal(after[2]!.currentJson, '{"total":12}');
    } finally {
      delete process.env.TALLY_TOKEN;
      engine.halt();
    }
  });

  it('shows the state of nodes inside a foreach on their one diagram node, a live instance as waiting', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(`
workflow Batch {
  foreach each in [1, 2] as n {
    set prepare { }
    approval check { ask "ok?" }
    start -> prepare
    prepare -> check when n == 2
    prepare -> end otherwise
    check -> end
  }
  start -> each -> end
}
`);
    const asked = new Promise<void>((resolve) => engine.onEvent((e) => { if (e.kind === 'journal' && e.event.type === 'ApprovalRequested') resolve(); }));
    const { runId } = await engine.start(bundle);
    await asked;
    const statuses = nodeStatuses(await engine.inspect(runId));
    assert.equal(statuses['Batch/each/prepare'], 'completed');
    assert.equal(statuses['Batch/each/check'], 'waiting');
    assert.equal(statuses['Batch/each'], 'waiting');
    engine.halt();
  });

  it('marks the node a paused run will go on with as pending until it runs', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(source);
    const asked = new Promise<void>((resolve) => engine.onEvent((e) => { if (e.kind === 'journal' && e.event.type === 'ApprovalRequested') resolve(); }));
    const { runId } = await engine.start(bundle, { inputs: { ok: true } });
    await asked;
    await engine.pause(runId, 'test');
    await engine.approve(runId, 'signOff', { approved: true }, 'test');
    const statuses = nodeStatuses(await engine.inspect(runId));
    assert.equal(statuses['Review/signOff'], 'completed');
    assert.equal(statuses['Review/finish'], 'pending', 'the token stands ready at finish while the run is paused');
    await engine.resumeRun(runId, 'test');
    assert.equal((await engine.waitFor(runId)).status, 'completed');
    assert.equal(nodeStatuses(await engine.inspect(runId))['Review/finish'], 'completed');
    engine.halt();
  });

  it('lists the failed nodes of a failed run (the retry candidates)', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(source);
    const { runId, outcome } = await engine.start(bundle, { inputs: { ok: false } });
    await outcome;
    assert.deepEqual(failedNodes(await engine.inspect(runId)), ['broken']);
    engine.halt();
  });

  it('lists top-level runs newest first, leaving sub-workflow runs out', () => {
    const base = { workflow: 'W', version: '0.0.0', bundleHash: 'h', status: 'completed' as const, updatedAt: 0, lastSeq: 1 };
    const runs = topLevelRuns([
      { ...base, runId: 'a', createdAt: 1 },
      { ...base, runId: 'b', createdAt: 3 },
      { ...base, runId: 'child', createdAt: 4, parentRunId: 'b' },
      { ...base, runId: 'c', createdAt: 2 },
    ]);
    assert.deepEqual(runs.map((r) => r.runId), ['b', 'c', 'a']);
  });

  it('writes the history of a run as a node table in execution order', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(source);
    const { runId, outcome } = await engine.start(bundle, { inputs: { ok: false } });
    await outcome;
    const markdown = runHistoryMarkdown(runId, await engine.inspect(runId));
    assert.match(markdown, /status: \*\*failed\*\*/);
    const rows = markdown.split('\n').filter((l) => /^\| \d/.test(l));
    assert.deepEqual(rows.map((r) => r.split('|')[2].trim()), ['start', 'prepare', 'broken']);
    assert.doesNotMatch(markdown, /Audit trail/, 'a run nobody acted on has no audit trail');
    engine.halt();
  });

  it('adds the audit trail: who decided the approval, for whom, with the comment in one cell', async () => {
    const { engine } = await engineWith();
    const bundle = await compileSource(source);
    const asked = new Promise<void>((resolve) => engine.onEvent((e) => { if (e.kind === 'journal' && e.event.type === 'ApprovalRequested') resolve(); }));
    const { runId, outcome } = await engine.start(bundle, { inputs: { ok: true } });
    await asked;
    await engine.approve(runId, 'signOff', { approved: true, by: 'kim', comment: 'ok | ship\nit' }, 'editor');
    assert.equal((await outcome).status, 'completed');
    const markdown = runHistoryMarkdown(runId, await engine.inspect(runId));
    const audit = markdown.slice(markdown.indexOf('## Audit trail'));
    const rows = audit.split('\n').filter((l) => /^\| \d{4}-/.test(l));
    assert.equal(rows.length, 1, audit);
    assert.match(rows[0]!, /^\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \| editor \| approved 'signOff' for kim: ok \\\| ship it \|$/);
    engine.halt();
  });
});
