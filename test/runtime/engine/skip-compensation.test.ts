// Skip and compensation: a skipped task stands in for its completion, so its `compensate` node
// is remembered as a completion's is; skipping a failed compensation goes on to the next one
// and the run still ends failed, as an uninterrupted compensation does.

import assert from 'node:assert/strict';
import { bundleOf, fail, task, workflow } from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';
import { TaskError } from '../../../runtime/executors/task-error.js';

describe('skip and compensation', () => {
  it('a skipped task is compensated with the others when the run later fails', async () => {
    const calls: string[] = [];
    const h = harness({ executors: { connector: { execute: async (ctx) => {
      calls.push(ctx.node.id);
      if (ctx.node.id === 'charge' || ctx.node.id === 'ship') throw new TaskError('Down', `${ctx.node.id} down`);
      return null;
    } } } });
    const wf = workflow('SkipSaga', {
      nodes: [task('book', 'x', [], { compensate: 'unbook' }), task('charge', 'x', [], { compensate: 'refund' }), task('ship', 'x'), task('unbook', 'x'), task('refund', 'x')],
      edges: ['start -> book -> charge -> ship'],
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    // `book` was compensated when `charge` failed; the operator charged by hand and skips it.
    assert.deepEqual(calls, ['book', 'charge', 'unbook']);
    await h.engine.skipNode(runId, 'charge', { id: 'ch_1' }, 'ops');
    const o = await h.engine.waitFor(runId);
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'Down');
    // `ship` failed: the skipped charge is refunded (book was compensated before, not again).
    assert.deepEqual(calls, ['book', 'charge', 'unbook', 'ship', 'refund']);
    const comps = (await h.store.readEvents(runId)).filter((e) => e.type === 'CompensationStarted');
    assert.deepEqual(comps.map((e) => ('tasks' in e ? e.tasks : undefined)), [[{ node: 'book', compensate: 'unbook' }], [{ node: 'charge', compensate: 'refund' }]]);
  });

  it('a compensation that failed is over: skipping it is refused and the run stays failed', async () => {
    const calls: string[] = [];
    const h = harness({ executors: { connector: { execute: async (ctx) => {
      calls.push(ctx.node.id);
      if (ctx.node.id === 'undoB') throw new TaskError('UndoFailed', 'undo failed');
      return null;
    } } } });
    const wf = workflow('SkipUndo', {
      nodes: [task('a', 'x', [], { compensate: 'undoA' }), task('b', 'x', [], { compensate: 'undoB' }), fail('stop', 'no'), task('undoA', 'x'), task('undoB', 'x')],
      edges: ['start -> a -> b -> stop'],
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    const before = (await h.store.readEvents(runId)).length;
    await assert.rejects(h.engine.skipNode(runId, 'undoB', null, 'ops'), /^ControlError: Run .* has no branch at node 'undoB' to skip$/);
    assert.equal((await h.store.readEvents(runId)).length, before);
    const o = await h.engine.waitFor(runId);
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'WorkflowFailed');
    assert.deepEqual(calls, ['a', 'b', 'undoB', 'undoA']);
  });

  it('skipping a compensation still running goes on to the next one, and the run ends failed', async () => {
    const calls: string[] = [];
    let release: (() => void) | undefined;
    const h = harness({ executors: { connector: { execute: (ctx) => {
      calls.push(ctx.node.id);
      if (ctx.node.id === 'undoB') return new Promise<null>((resolve) => { release = () => resolve(null); });
      return Promise.resolve(null);
    } } } });
    const wf = workflow('SkipRunningUndo', {
      nodes: [task('a', 'x', [], { compensate: 'undoA' }), task('b', 'x', [], { compensate: 'undoB' }), fail('stop', 'no'), task('undoA', 'x'), task('undoB', 'x')],
      edges: ['start -> a -> b -> stop'],
    });
    const { runId, outcome } = await h.engine.start(bundleOf(wf));
    await waitUntil(() => release !== undefined);
    await h.engine.skipNode(runId, 'undoB', { note: 'undone by hand' }, 'ops');
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'WorkflowFailed');
    assert.deepEqual(calls, ['a', 'b', 'undoB', 'undoA']);
    const events = await h.store.readEvents(runId);
    const skipped = events.find((e) => e.type === 'NodeSkipped');
    assert.ok(skipped && skipped.type === 'NodeSkipped' && skipped.routes.length === 0 && skipped.compensate === undefined, 'a skipped compensation routes nowhere and is not itself compensated');
    assert.deepEqual(events.flatMap((e) => (e.type === 'NodeStarted' && e.compensates ? [e.node] : [])), ['undoB', 'undoA']);
    // Its late result changes nothing.
    release!();
    await new Promise((r) => setImmediate(r));
    assert.equal((await h.store.readEvents(runId)).length, events.length);
  });
});
