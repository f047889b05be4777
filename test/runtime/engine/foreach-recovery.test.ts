// Crash recovery of `foreach` and `region` (docs/runtime.md "foreach and region"): the store
// "dies" at every append of a run that iterates with a cap, joins inside iterations, waits on a
// timer and passes an exclusive region; a fresh engine resumes from the journal and must end
// exactly as an uninterrupted run, without re-running any inner node that had completed.

import assert from 'node:assert/strict';
import type { ConnectorNode, WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { Engine } from '../../../runtime/engine/engine.js';
import type { RunOutcome } from '../../../runtime/engine/engine-events.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { TaskContext } from '../../../runtime/engine/task-executor.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import {
  bin, body, bundleOf, foreach, join, list, lit, local, ms, node, region, setNode, task, timer, v, workflow,
} from '../support/ir-builder.js';
import { DyingStore } from '../support/dying-store.js';
import { sagaTwice, undone } from '../support/foreach-sagas.js';

function recordingConnector(calls: string[]) {
  return {
    async execute(ctx: TaskContext<ConnectorNode>) {
      calls.push(`${ctx.node.id}/${ctx.token}`);
      return ctx.node.args.map((a) => ctx.evaluate(a))[0] ?? null;
    },
  };
}

const T0 = Date.UTC(2026, 0, 1);
const idem = { idempotent: true };

const iteration = body([
  task('a', 'ok', [bin('*', local('x'), lit(10))], idem),
  timer('pause', 'for', ms(1000)),
  join('j'),
  region('crit', body([setNode('add', { total: bin('+', v('total'), node('a')) })], ['start -> add -> end']), true),
  task('b', 'ok', [bin('+', node('a'), lit(1))], idem),
], ['start -> [a, pause] -> j -> crit -> b -> end']);

const wf = workflow('Batches', {
  nodes: [
    foreach('loop', list(lit(1), lit(2), lit(3), lit(4)), 'x', iteration, { concurrency: 2 }),
    setNode('done', { all: node('loop'), sum: v('total') }),
  ],
  edges: ['start -> loop -> done -> end'],
  vars: { total: lit(0) },
  outputs: ['all', 'sum'],
});

function completedNodes(events: JournalEvent[]): string[] {
  return events.filter((e) => e.type === 'NodeCompleted').map((e) => (e as { node: string }).node).sort();
}

async function uninterrupted(bundle: WorkflowBundle) {
  const store = new MemoryRunStore();
  const counter = new DyingStore(store, Infinity);
  const engine = new Engine({ store: counter, clock: new VirtualClock(T0), executors: { connector: recordingConnector([]) }, environment: {} });
  const { outcome } = await engine.start(bundle, { runId: 'r' });
  return { outcome: await outcome, commits: counter.appends, store };
}

interface Resumed {
  dieAt: number;
  /** The outcome of the run resumed after the crash. */
  outcome: RunOutcome;
  store: MemoryRunStore;
  /** The journal as the crash left it. */
  before: JournalEvent[];
  /** `node/token` of every task execution after the resume. */
  calls: string[];
}

/**
 * Starts `bundle` as run `r` on a store that dies at its 2nd, 3rd, … append, until a run gets
 * through uncrashed; after each crash resumes the run on a fresh engine and hands it to `check`.
 * Returns how many crashes there were.
 */
async function crashAtEveryAppend(bundle: WorkflowBundle, check: (resumed: Resumed) => Promise<void>): Promise<number> {
  let crashes = 0;
  for (let dieAt = 2; ; dieAt++) {
    const inner = new MemoryRunStore();
    const clock = new VirtualClock(T0);
    const first = new Engine({ store: new DyingStore(inner, dieAt), clock, executors: { connector: recordingConnector([]) }, environment: {} });
    const { outcome } = await first.start(bundle, { runId: 'r' });
    if (await outcome.then(() => true, () => false)) return crashes;
    crashes++;
    first.halt();
    const before = await inner.readEvents('r');
    const calls: string[] = [];
    const second = new Engine({ store: inner, clock: new VirtualClock(clock.now()), executors: { connector: recordingConnector(calls) }, environment: {} });
    await check({ dieAt, outcome: await (await second.resume('r')).outcome, store: inner, before, calls });
  }
}

describe('engine crash recovery inside foreach and region', () => {
  it('resumes after a crash at every append and ends as an uninterrupted run does', async function () {
    this.timeout(60_000);
    const bundle = bundleOf(wf);
    const base = await uninterrupted(bundle);
    assert.equal(base.outcome.status, 'completed');
    assert.deepEqual(base.outcome.outputs, { all: [11, 21, 31, 41], sum: 100 });
    const baseCompleted = completedNodes(await base.store.readEvents('r'));
    const crashes = await crashAtEveryAppend(bundle, async ({ dieAt, outcome: o, store, before, calls }) => {
      const doneBefore = new Set(before.filter((e) => e.type === 'NodeCompleted').map((e) => `${(e as { node: string }).node}/${(e as { token: number }).token}`));
      assert.equal(o.status, 'completed', `crash at append ${dieAt}: ${JSON.stringify(o.error)}`);
      assert.deepEqual(o.outputs, base.outcome.outputs, `crash at append ${dieAt}`);
      assert.deepEqual(completedNodes(await store.readEvents('r')), baseCompleted, `crash at append ${dieAt}`);
      for (const c of calls) assert.ok(!doneBefore.has(c), `crash at append ${dieAt}: completed node ${c} ran again`);
    });
    assert.equal(crashes, base.commits - 1);
  });

  it('compensates after a crash at every append in the scope each task completed in, as an uninterrupted run does', async function () {
    this.timeout(60_000);
    const bundle = bundleOf(sagaTwice());
    const base = await uninterrupted(bundle);
    assert.equal(base.outcome.status, 'failed');
    const expected = await undone(base.store, 'r');
    assert.equal(expected.length, 4);
    const crashes = await crashAtEveryAppend(bundle, async ({ dieAt, outcome: o, store }) => {
      assert.equal(o.status, 'failed', `crash at append ${dieAt}`);
      assert.deepEqual(await undone(store, 'r'), expected, `crash at append ${dieAt}`);
    });
    assert.equal(crashes, base.commits - 1);
  });
});
