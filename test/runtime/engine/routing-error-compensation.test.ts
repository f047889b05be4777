// Rule 5 and a task whose work is done when its routing fails: its executor returned, then one of
// its guards (or its `set x = expr` entries) threw. The node fails with that ExpressionError (an
// `on` edge catches it as any error), but its compensation is owed: `NodeFailed.compensate`, folded
// into the completion order, so a later rollback runs it in reverse completion order. Such a
// failure is never retried (that would do the work again). docs/runtime.md "The scheduler".

import assert from 'node:assert/strict';
import { foldJournal, foldJournalUntil } from '../../../runtime/journal/fold.js';
import type { JournalEvent, NodeFailed } from '../../../runtime/journal/journal-event.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { body, bin, bundleOf, fail, foreach, list, lit, local, member, node, obj, result, retry, setNode, task, workflow } from '../support/ir-builder.js';
import { harness, trace } from '../support/engine-harness.js';
import { tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-routing-comp-');

/** `t2.x.y > 1` on a result `{ x: null }`: reading `y` of null throws. */
const throwingGuard = bin('>', member(node('t2'), 'x', 'y'), lit(1));
const xNull = obj({ x: lit(null) });

/** t1 (compensate u1) -> t2 (compensate u2), whose guard throws; `extra` edges and nodes added. */
function saga(name: string, t2Options: Parameters<typeof task>[3] = {}, extra: { nodes?: ReturnType<typeof task>[]; edges?: Parameters<typeof workflow>[1]['edges'] } = {}) {
  return workflow(name, {
    nodes: [
      task('t1', 'ok', [lit(1)], { compensate: 'u1' }), task('t2', 'ok', [xNull], { compensate: 'u2', ...t2Options }),
      task('u1', 'ok'), task('u2', 'ok'), setNode('a'), setNode('b'), ...(extra.nodes ?? []),
    ],
    edges: ['start -> t1 -> t2', ['t2 -> a', { when: throwingGuard }], ['t2 -> b', { otherwise: true }], '[a, b] -> end', ...(extra.edges ?? [])],
  });
}

function failedOf(events: readonly JournalEvent[], nodeName: string): NodeFailed[] {
  return events.filter((e): e is NodeFailed => e.type === 'NodeFailed' && e.node === nodeName);
}

describe('engine: a task whose guard or set entry throws after its work is done', () => {
  for (const [storeName, make] of [['memory', () => new MemoryRunStore()], ['SQLite file', () => new SqliteRunStore({ file: tempFile() })]] as const) {
    it(`fails with the ExpressionError and still has its compensation run, in reverse completion order (${storeName})`, async () => {
      const store: RunStore = make();
      const h = harness({ store });
      const o = await (await h.engine.start(bundleOf(saga('GuardComp')))).outcome;
      assert.equal(o.status, 'failed');
      assert.equal(o.error?.name, 'ExpressionError');
      assert.equal(o.error?.node, 't2');
      assert.deepEqual(trace(o.state), ['t1', 'u2', 'u1']);
      const events = await store.readEvents(o.runId);
      assert.deepEqual(failedOf(events, 't2').map((e) => e.compensate), ['u2']);
      const comp = events.find((e) => e.type === 'CompensationStarted');
      assert.deepEqual(comp && 'tasks' in comp ? comp.tasks : undefined, [{ node: 't2', compensate: 'u2' }, { node: 't1', compensate: 'u1' }]);
      // Replay: the journal as the store gives it back folds to the live state.
      assert.deepStrictEqual(o.state, foldJournal(o.runId, events));
    });
  }

  it('records on the failure what the work used (tokens, cost), as a completion would, so the metrics count it', async () => {
    const usedConnector = { execute: (ctx: { usage(f: Record<string, number>): void }) => { ctx.usage({ tokens: 120, cost: 0.002 }); return Promise.resolve({ x: null }); } };
    const h = harness({ executors: { connector: usedConnector } });
    const o = await (await h.engine.start(bundleOf(saga('GuardUsage')))).outcome;
    assert.equal(o.status, 'failed');
    const events = await h.store.readEvents(o.runId);
    assert.deepEqual(failedOf(events, 't2').map((e) => e.usage), [{ tokens: 120, cost: 0.002 }]);
  });

  it('a throwing `set x = expr` owes the compensation the same way', async () => {
    const h = harness();
    const wf = workflow('SetComp', {
      nodes: [task('t1', 'ok', [lit(1)], { compensate: 'u1' }), task('t2', 'ok', [xNull], { compensate: 'u2', sets: [{ target: 'seen', value: member(result, 'x', 'y') }] }), task('u1', 'ok'), task('u2', 'ok')],
      edges: ['start -> t1 -> t2 -> end'],
      vars: { seen: null },
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'ExpressionError');
    assert.deepEqual(trace(o.state), ['t1', 'u2', 'u1']);
  });

  it('an `on error` edge catches the routing error; a later `fail` still compensates the task', async () => {
    const h = harness();
    const wf = saga('CaughtComp', {}, {
      nodes: [setNode('handled'), task('t3', 'ok', [lit(3)], { compensate: 'u3' }), task('u3', 'ok'), fail('f', 'after the handler')],
      edges: [['t2 -> handled', { on: 'ExpressionError' }], 'handled -> t3 -> f'],
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'WorkflowFailed');
    // Completion order t1, t2 (its work done), t3: rolled back u3, u2, u1.
    assert.deepEqual(trace(o.state), ['t1', 'handled', 't3', 'u3', 'u2', 'u1']);
    const caught = failedOf(o.state.log, 't2');
    assert.equal(caught.length, 1);
    assert.equal(caught[0]!.routes?.[0]?.to, 'handled');
    assert.equal(caught[0]!.compensate, 'u2');
  });

  it('a run that goes on to complete after catching the error runs no compensation', async () => {
    const h = harness();
    const wf = saga('CaughtDone', {}, { nodes: [setNode('handled')], edges: [['t2 -> handled', { on: 'error' }], 'handled -> end'] });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['t1', 'handled']);
    assert.equal(h.connector.calls.filter((c) => c.startsWith('u')).length, 0);
  });

  it('owes nothing when the executor itself failed: the task did not do its work', async () => {
    const h = harness();
    const wf = workflow('ExecutorFails', {
      nodes: [task('t1', 'ok', [lit(1)], { compensate: 'u1' }), task('t2', 'fail', [lit('Down')], { compensate: 'u2' }), task('u1', 'ok'), task('u2', 'ok')],
      edges: ['start -> t1 -> t2 -> end'],
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'Down');
    assert.deepEqual(trace(o.state), ['t1', 'u1']);
    assert.equal(failedOf(o.state.log, 't2')[0]!.compensate, undefined);
  });

  it('is not retried by the task\'s retry policy: the work is done once, and compensated once', async () => {
    const h = harness();
    const o = await (await h.engine.start(bundleOf(saga('NoRetry', { retry: retry(3, 100) })))).outcome;
    assert.equal(o.error?.name, 'ExpressionError');
    assert.deepEqual(h.connector.calls, ['t1#1', 't2#1', 'u2#1', 'u1#1']);
    assert.equal(o.state.log.filter((e) => e.type === 'RetryScheduled').length, 0);
  });

  it('an operator retry does the work again, and each completed attempt owes its compensation', async () => {
    const h = harness();
    const { runId, outcome } = await h.engine.start(bundleOf(saga('OpRetry')));
    assert.equal((await outcome).status, 'failed');
    await h.engine.retryNode(runId, 't2', 'ops');
    const o = await h.engine.waitFor(runId);
    assert.equal(o.status, 'failed');
    // First failure: u2 and u1. The retried t2 did its work again and failed again: u2 once more.
    assert.deepEqual(h.connector.calls, ['t1#1', 't2#1', 'u2#1', 'u1#1', 't2#1', 'u2#1']);
    assert.deepStrictEqual(o.state, foldJournal(runId, await h.store.readEvents(runId)));
  });

  it('inside a foreach: the compensation sees the iteration it was owed in', async () => {
    const h = harness();
    const inner = body(
      [task('t2', 'ok', [obj({ x: lit(null), item: local('it') })], { compensate: 'u2' }), task('u2', 'ok', [local('it')]), setNode('a')],
      [['t2 -> a', { when: bin('>', member(node('t2'), 'x', 'y'), lit(1)) }], ['t2 -> a', { otherwise: true }], 'start -> t2', 'a -> end'],
    );
    const wf = workflow('EachComp', { nodes: [foreach('each', list(lit('p')), 'it', inner)], edges: ['start -> each -> end'] });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'ExpressionError');
    const failed = o.state.log.find((e): e is NodeFailed => e.type === 'NodeFailed' && e.compensate !== undefined);
    assert.ok(failed, 'the failure owes a compensation');
    assert.deepEqual(failed.scope?.items, [{ path: 'each[0]', as: 'it', item: 'p' }]);
    const undo = o.state.history.find((x) => x.node.endsWith('u2') && x.status === 'completed');
    assert.ok(undo, 'the compensation ran');
    assert.equal(o.state.results.get(undo.node), 'p');
  });

  it('an older journal, whose NodeFailed has no `compensate`, folds as before: nothing owed', async () => {
    const h = harness();
    const o = await (await h.engine.start(bundleOf(saga('OldJournal')))).outcome;
    const failed = failedOf(o.state.log, 't2')[0]!;
    const upTo = (events: readonly JournalEvent[]) => foldJournalUntil(o.runId, events, failed.seq).completedTasks;
    assert.deepEqual(upTo(o.state.log), [{ node: 't1', compensate: 'u1' }, { node: 't2', compensate: 'u2' }]);
    const old = o.state.log.map((e) => {
      if (e !== failed) return e;
      const { compensate: _c, ...rest } = e;
      return rest as JournalEvent;
    });
    assert.deepEqual(upTo(old), [{ node: 't1', compensate: 'u1' }]);
  });
});
