// Engine — what a run's start allocates for its numbers: `RunStarted`'s `at` and `seed`, the
// store's `NewRun.createdAt` and the state's `startedAt` and `seed` are tagged fields (shapes made
// once at load in engine.ts), so a run shares one box per number instead of a 16-byte box per field.

import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import type { RunStarted } from '../../../runtime/journal/journal-event.js';
import type { WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { NewRun } from '../../../runtime/store/run-store.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';
import { inFreshEngineProcess } from '../support/fresh-engine-process.js';

// Natives syntax stays allowed while these tests run (see run-garbage.test.ts for why). A number
// read from a double field is a new box at every read; one read from a tagged field is the box
// the field holds, so `%IsSameHeapObject` tells whether two fields share one.
let sameBox: (a: unknown, b: unknown) => boolean;

/** Runs of a 3-task chain to their end: each one's `RunStarted`, the `NewRun` its store keeps and its final state. */
async function runs(n: number): Promise<Array<{ started: RunStarted; created: NewRun; state: WorkflowState }>> {
  const nodes = [task('a', 'noop'), task('b', 'noop'), task('c', 'noop')];
  const bundle = bundleOf(workflow('Shapes', { nodes, edges: ['start -> a -> b -> c -> end'] }));
  const store = new MemoryRunStore();
  const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
  const out = [];
  for (let i = 0; i < n; i++) {
    const handle = await engine.start(bundle);
    const { state } = await handle.outcome;
    const started = (await store.readEvents(handle.runId))[0] as RunStarted;
    const created = (store as unknown as { runs: Map<string, { run: NewRun }> }).runs.get(handle.runId)!.run;
    out.push({ started, created, state });
  }
  return out;
}

describe('engine: a run\'s start keeps its numbers in tagged fields', () => {
  before(() => {
    v8.setFlagsFromString('--allow-natives-syntax');
    sameBox = new Function('a', 'b', 'return %IsSameHeapObject(a, b)') as (a: unknown, b: unknown) => boolean;
  });
  after(() => v8.setFlagsFromString('--no-allow-natives-syntax'));

  it('tells a shared box from a double field\'s (the check itself)', () => {
    // Property names of their own: a shape another test made could have tagged a shared one.
    const double = { shapesTestDouble: 0 };
    double.shapesTestDouble = Date.now() + 0.5;
    assert.equal(sameBox(double.shapesTestDouble, double.shapesTestDouble), false, 'each read of a double field is a new box');
    const tagged = { shapesTestTagged: 0 as number | undefined };
    tagged.shapesTestTagged = undefined;
    tagged.shapesTestTagged = Date.now() + 0.5;
    assert.equal(sameBox(tagged.shapesTestTagged, tagged.shapesTestTagged), true);
  });

  it('gives RunStarted, the store\'s NewRun and the state one box for the start time', async () => {
    for (const { started, created, state } of await runs(5)) {
      assert.equal(started.at, state.startedAt);
      assert.ok(sameBox(started.at, started.at), 'RunStarted.at is a tagged field');
      assert.ok(sameBox(started.at, created.createdAt), 'NewRun.createdAt shares RunStarted.at\'s box');
      assert.ok(sameBox(started.at, state.startedAt), 'state.startedAt shares RunStarted.at\'s box');
    }
  });

  it('gives RunStarted and the state one box for the seed', async () => {
    // A seed below 2^31 is a small integer (no box at all): look at those that are not. Runs
    // whose ids share a prefix (the same millisecond) can all have seeds below 2^31 (FNV-1a's top
    // bit hardly depends on the last two characters): 40 runs made in a few milliseconds had none
    // in one CI run (session 11; ~4% of 40-id prefixes, simulated). Run batches until 5 such
    // seeds turned up (at most 2,000 runs, over many milliseconds).
    const boxed: Array<{ started: RunStarted; state: WorkflowState }> = [];
    for (let tried = 0; boxed.length < 5 && tried < 2000; tried += 40) {
      boxed.push(...(await runs(40)).filter(({ started }) => started.seed >= 2 ** 31));
    }
    assert.ok(boxed.length > 0, 'some seeds need a box');
    for (const { started, state } of boxed) {
      assert.equal(started.seed, state.seed);
      assert.ok(sameBox(started.seed, started.seed), 'RunStarted.seed is a tagged field');
      assert.ok(sameBox(started.seed, state.seed), 'state.seed shares RunStarted.seed\'s box');
    }
  });

  it('keeps the tagged shapes through full collections before the first run (a fresh process)', () => {
    // V8 holds a shape's transitions weakly: the throwaway objects that made the fields tagged
    // must stay reachable, or a full collection before the first run drops the tagged shapes.
    const result = inFreshEngineProcess(`
      for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 5)); }
      const store = new MemoryRunStore();
      const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
      const bundle = bundleOf(workflow('Fresh', { nodes: [task('a', 'noop'), task('b', 'noop')], edges: ['start -> a -> b -> end'] }));
      const handle = await engine.start(bundle);
      const { state } = await handle.outcome;
      const events = await store.readEvents(handle.runId);
      const same = (a, b) => %IsSameHeapObject(a, b);
      const chained = events.find((e, i) => e.type === 'NodeStarted' && e.node === 'b');
      console.log(JSON.stringify({
        runStarted: same(events[0].at, events[0].at), state: same(events[0].at, state.startedAt),
        chainStep: same(chained.at, chained.at),
      }));`);
    assert.deepEqual(result, { runStarted: true, state: true, chainStep: true });
  });
});
