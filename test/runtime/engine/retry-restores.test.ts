// Retry and skip of a failed run give back the branches its failure withdrew (session 21): a task
// that was in progress starts again, a branch that had arrived at a join arrives again, a timer
// waits again; `TokensRestored` journals it, so the fold of the journal is the live state. Before,
// only the failed node's branch went on and a `join all` fired with it alone: the run "completed"
// with declared outputs missing. Also: an ended run is not paused, whichever way it ended.

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { TaskContext } from '../../../runtime/engine/task-executor.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import type { ConnectorNode } from '../../../runtime/ir/index.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import type { JournalEvent, TokensRestored } from '../../../runtime/journal/journal-event.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { DyingStore } from '../support/dying-store.js';
import { harness, waitUntil } from '../support/engine-harness.js';
import { body, bundleOf, foreach, join, list, lit, ms, result, setNode, task, timer, workflow } from '../support/ir-builder.js';

const T0 = Date.UTC(2026, 0, 1);

/** `start -> [x, y] -> j`: x and y set outputs ox and oy from their results. */
function split(y = task('y', 'y', [], { sets: [{ target: 'oy', value: result }] })) {
  return workflow('Split', {
    nodes: [task('x', 'x', [], { sets: [{ target: 'ox', value: result }] }), y, join('j'), setNode('after')],
    edges: ['start -> [x, y]', '[x, y] -> j -> after'],
    outputs: ['ox', 'oy'],
  });
}

/**
 * x fails while `broken` (at once, or when `xGate` is opened); y answers 'Y' when `yGate` is
 * opened (at once without one), or stops with its attempt aborted. Calls are `node#attempt`.
 */
function stubs() {
  const s = {
    calls: [] as string[],
    broken: true,
    xGate: undefined as Promise<void> | undefined,
    yGate: undefined as Promise<void> | undefined,
    connector: {
      async execute(ctx: TaskContext<ConnectorNode>) {
        s.calls.push(`${ctx.node.id}#${ctx.attempt}`);
        const gate = ctx.node.id === 'x' ? s.xGate : s.yGate;
        if (gate) {
          await Promise.race([gate, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))))]);
        }
        if (ctx.node.id === 'x') {
          if (s.broken) throw new TaskError('Down', 'x is down');
          return 'X';
        }
        return 'Y';
      },
    },
  };
  return s;
}

function opener(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => { open = resolve; });
  return { promise, open };
}

const restoredOf = (events: readonly JournalEvent[]) => events.filter((e): e is TokensRestored => e.type === 'TokensRestored');

describe('retry and skip of a failed run restore the branches its failure withdrew', () => {
  it('retry: a sibling whose task was in progress starts again, and the join gets both branches', async () => {
    const s = stubs();
    const y = opener();
    s.yGate = y.promise;
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const { runId, outcome } = await engine.start(bundleOf(split()));
    const failed = await outcome;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(s.calls, ['x#1', 'y#1']);
    s.broken = false;
    await engine.retryNode(runId, 'x', 'cli:ops');
    await waitUntil(() => s.calls.length === 4);
    y.open();
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { ox: 'X', oy: 'Y' });
    assert.deepEqual(o.state.results.get('j'), ['X', 'Y']);
    assert.deepEqual(s.calls.slice(2).sort(), ['x#1', 'y#1']);
    const events = await store.readEvents(runId);
    const restored = restoredOf(events);
    assert.equal(restored.length, 1);
    assert.deepEqual(restored[0]!.tokens.map((r) => ({ ...r, token: 0 })), [{ token: 0, node: 'y', was: 'running', from: 'start', idempotent: false }]);
    assert.equal(restored[0]!.actor, 'cli:ops');
    // The attempt that was aborted stays in the history as cancelled; the new one completed.
    assert.deepEqual(o.state.history.filter((h) => h.node === 'y').map((h) => h.status), ['cancelled', 'completed']);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('a retry that fails again withdraws them again, and the next retry restores them again', async () => {
    const s = stubs();
    const x = opener();
    s.xGate = x.promise;
    s.yGate = new Promise(() => undefined); // y never answers until it is aborted
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const { runId, outcome } = await engine.start(bundleOf(split()));
    await waitUntil(() => s.calls.length === 2);
    x.open();
    assert.equal((await outcome).status, 'failed');
    await engine.retryNode(runId, 'x', 'ops');
    assert.equal((await engine.waitFor(runId)).status, 'failed');
    s.broken = false;
    s.yGate = undefined;
    await engine.retryNode(runId, 'x', 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { ox: 'X', oy: 'Y' });
    assert.equal(s.calls.filter((c) => c.startsWith('y')).length, 3);
    const events = await store.readEvents(runId);
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => r.node)), [['y'], ['y']]);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('skip: the skipped node\'s result and the restored branch\'s both reach the join', async () => {
    const s = stubs();
    s.yGate = new Promise(() => undefined);
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const { runId, outcome } = await engine.start(bundleOf(split()));
    assert.equal((await outcome).status, 'failed');
    s.yGate = undefined;
    await engine.skipNode(runId, 'x', 'manual', 'cli:ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { ox: 'manual', oy: 'Y' });
    assert.deepEqual(o.state.results.get('j'), ['manual', 'Y']);
    const events = await store.readEvents(runId);
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => [r.node, r.was])), [[['y', 'running']]]);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('a branch that had arrived at the join arrives again with its result; its task does not run again', async () => {
    const s = stubs();
    const x = opener();
    s.xGate = x.promise;
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const { runId, outcome } = await engine.start(bundleOf(split()));
    await waitUntil(() => engine.peek(runId)?.joins['j']?.arrived.length === 1);
    x.open();
    assert.equal((await outcome).status, 'failed');
    s.broken = false;
    await engine.retryNode(runId, 'x', 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { ox: 'X', oy: 'Y' });
    assert.deepEqual(o.state.results.get('j'), ['Y', 'X']);
    assert.deepEqual(s.calls, ['x#1', 'y#1', 'x#1']);
    const events = await store.readEvents(runId);
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => [r.node, r.was, r.from, r.fromResult])), [[['j', 'joined', 'y', 'Y']]]);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('a branch that was waiting on a timer waits again, its full duration from the retry', async () => {
    const s = stubs();
    const clock = new VirtualClock(T0);
    const { engine, store } = harness({ clock, executors: { connector: s.connector } });
    const { runId, outcome } = await engine.start(bundleOf(split(timer('y', 'for', ms(60_000)))));
    assert.equal((await outcome).status, 'failed');
    s.broken = false;
    const retriedAt = clock.now();
    await engine.retryNode(runId, 'x', 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    const events = await store.readEvents(runId);
    const timers = events.filter((e) => e.type === 'TimerScheduled');
    assert.equal(timers.length, 2);
    assert.equal((timers[1] as { dueAt: number }).dueAt, retriedAt + 60_000);
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => [r.node, r.was, r.wait])), [[['y', 'waiting', 'timer']]]);
    assert.equal(o.state.results.get('j') instanceof Array ? (o.state.results.get('j') as unknown[]).length : 0, 2);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('after a crash: a run failed as Interrupted gets back the sibling whose task was interrupted too', async () => {
    const inner = new MemoryRunStore();
    const clock = new VirtualClock(T0);
    const s1 = stubs();
    s1.broken = false;
    // Appends: RunStarted … NodeStarted x, y (1), a completion (2): die at 2, both tasks started.
    const first = new Engine({ store: new DyingStore(inner, 2), clock, executors: { connector: s1.connector }, environment: {} });
    await (await first.start(bundleOf(split()), { runId: 'r' })).outcome.catch(() => undefined);
    first.halt();
    const s2 = stubs();
    s2.broken = false;
    const second = new Engine({ store: inner, clock: new VirtualClock(clock.now()), executors: { connector: s2.connector }, environment: {} });
    const failed = await (await second.resume('r')).outcome;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.error?.name, 'Interrupted');
    const interrupted = failed.error!.node!;
    const sibling = interrupted === 'x' ? 'y' : 'x';
    assert.deepEqual(s2.calls, []);
    await second.retryNode('r', interrupted, 'cli:ops');
    const o = await second.waitFor('r');
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { ox: 'X', oy: 'Y' });
    assert.deepEqual(s2.calls.sort(), ['x#1', 'y#1']);
    const events = await inner.readEvents('r');
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => [r.node, r.was, r.idempotent])), [[[sibling, 'running', false]]]);
    assert.deepStrictEqual(o.state, foldJournal('r', events));
  });

  it('a foreach withdrawn mid-iteration starts again as a whole; its inner branches are not restored one by one', async () => {
    const s = stubs();
    const x = opener();
    s.xGate = x.promise;
    s.yGate = new Promise(() => undefined); // the iterations' tasks wait until aborted
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const each = foreach('y', list(lit(1), lit(2)), 'n', body([task('put', 'put')], ['start -> put -> end']), { concurrency: 2 });
    const { runId, outcome } = await engine.start(bundleOf(split(each)));
    await waitUntil(() => s.calls.length === 3);
    x.open();
    assert.equal((await outcome).status, 'failed');
    s.broken = false;
    s.yGate = undefined;
    await engine.retryNode(runId, 'x', 'ops');
    const o = await engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.equal((o.state.results.get('j') as unknown[]).length, 2);
    assert.equal(s.calls.filter((c) => c !== 'x#1').length, 4);
    const events = await store.readEvents(runId);
    assert.deepEqual(restoredOf(events).map((e) => e.tokens.map((r) => [r.node, r.was, r.wait])), [[['y', 'waiting', 'body']]]);
    assert.deepStrictEqual(o.state, foldJournal(runId, events));
  });

  it('a retry of a failed run with one branch restores nothing', async () => {
    const s = stubs();
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const wf = workflow('One', { nodes: [task('x', 'x')], edges: ['start -> x'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    assert.equal((await outcome).status, 'failed');
    s.broken = false;
    await engine.retryNode(runId, 'x', 'ops');
    assert.equal((await engine.waitFor(runId)).status, 'completed');
    assert.deepEqual(restoredOf(await store.readEvents(runId)), []);
  });
});

describe('an ended run is not paused', () => {
  it('cancelling a paused run ends its pause: the state, its fold and the controls say so', async () => {
    const { engine, store } = harness();
    const wf = workflow('Hold', { nodes: [task('a', 'hang')], edges: ['start -> a'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await engine.pause(runId, 'ops');
    assert.equal(engine.peek(runId)!.paused, true);
    await engine.cancel(runId, 'ops');
    const o = await outcome;
    assert.equal(o.status, 'cancelled');
    assert.equal(o.state.paused, false);
    const folded = foldJournal(runId, await store.readEvents(runId));
    assert.equal(folded.paused, false);
    assert.equal(folded.status, 'cancelled');
    await assert.rejects(engine.pause(runId, 'ops'), /Cannot pause run .*: it is cancelled/);
    const other = harness({ store });
    await assert.rejects(other.engine.pause(runId, 'ops'), /Cannot pause run .*: it is cancelled/);
  });

  it('a run whose task fails while it is paused ends failed and not paused', async () => {
    const s = stubs();
    const x = opener();
    s.xGate = x.promise;
    const { engine, store } = harness({ executors: { connector: s.connector } });
    const wf = workflow('FailPaused', { nodes: [task('x', 'x')], edges: ['start -> x'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await waitUntil(() => s.calls.length === 1);
    await engine.pause(runId, 'ops');
    x.open();
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.state.paused, false);
    assert.equal(foldJournal(runId, await store.readEvents(runId)).paused, false);
  });
});
