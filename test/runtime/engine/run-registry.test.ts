// Engine — the registry of a engine's active runs (`RunRegistry`): the same answers as the `Map`
// by id it replaced, in the same order, with no table unless a run is looked up by id; a new
// run's id is looked up only when it could repeat one (`lastRunIdFresh`); and run ids' random
// starts come from a pool refilled in blocks (`RandomPool`).

import assert from 'node:assert/strict';
import { Engine, ID_RANDOM_STARTS, lastRunIdFresh, newRunId } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { RandomPool } from '../../../runtime/engine/random-pool.js';
import { RunRegistry } from '../../../runtime/engine/run-registry.js';
import type { RunExecution } from '../../../runtime/engine/run-execution.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';
import { seededRandom } from '../../../runtime/engine/seeded-random.js';

type FakeRun = { runId: string; registryPrev: FakeRun | undefined; registryNext: FakeRun | undefined };
const fake = (runId: string): RunExecution => ({ runId, registryPrev: undefined, registryNext: undefined } as FakeRun as unknown as RunExecution);
const indexOf = (r: RunRegistry) => (r as unknown as { index: Map<string, RunExecution> | undefined }).index;
/**
 * Waits until the wall clock has passed `ms`: a test that made ids in a millisecond to come leaves
 * every later id of the process not fresh until then (they are checked: slower, same answers), and
 * the tests that count on fresh ids (run-start-young) run after these in the same process.
 */
async function clockPast(ms: number): Promise<void> {
  while (Date.now() <= ms) await new Promise((resolve) => setTimeout(resolve, ms - Date.now() + 1));
}

describe('engine: the run registry', () => {
  it('answers as a Map by id would, in the same order, on random operations', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rnd = seededRandom(seed);
      const pick = (n: number) => Math.floor(rnd() * n);
      const registry = new RunRegistry();
      const model = new Map<string, RunExecution>();
      const all: RunExecution[] = [];
      let fresh = 0;
      for (let step = 0; step < 300; step++) {
        const op = pick(7);
        if (op === 0 && !registry.indexed || op === 1) {
          // A fresh id (never used before): what `launch` registers without a lookup.
          const run = fake(`fresh-${seed}-${fresh++}`);
          assert.equal(registry.mayHold(run.runId, true), false);
          registry.addFresh(run);
          model.set(run.runId, run);
          all.push(run);
        } else if (op === 2) {
          // `set` under an id that may be taken: replaces in place, as Map.set.
          const id = `given-${pick(6)}`;
          const run = fake(id);
          registry.set(id, run);
          model.set(id, run);
          all.push(run);
        } else if (op === 3 && all.length) {
          // `forget`: drops a run only if it is the one registered under its id.
          const run = all[pick(all.length)]!;
          registry.remove(run);
          if (model.get(run.runId) === run) model.delete(run.runId);
        } else if (op === 4 && all.length) {
          const run = all[pick(all.length)]!;
          assert.equal(registry.get(run.runId), model.get(run.runId));
          assert.equal(registry.has(run.runId), model.has(run.runId));
          assert.equal(registry.mayHold(run.runId, false), model.has(run.runId));
        } else if (op === 5 && pick(20) === 0) {
          registry.clear();
          model.clear();
        } else if (op === 6 && all.length) {
          const run = all[pick(all.length)]!;
          registry.set(run.runId, run);
          model.set(run.runId, run);
        }
        assert.equal(registry.size, model.size);
        assert.deepEqual(registry.keys(), [...model.keys()]);
        assert.deepEqual(registry.values(), [...model.values()]);
        if (registry.size === 0) assert.equal(indexOf(registry), undefined, 'the last run out drops the index');
        const index = indexOf(registry);
        if (index) assert.deepEqual([...index], [...model]);
      }
    }
  });

  it('makes no table for runs added fresh until one is looked up, and drops it with the last run', () => {
    const registry = new RunRegistry();
    const runs = Array.from({ length: 50 }, (_, i) => fake(`r${i}`));
    for (const run of runs) registry.addFresh(run);
    for (const run of runs.slice(0, 10)) registry.remove(run);
    assert.equal(registry.size, 40);
    assert.equal(registry.indexed, false);
    assert.equal(registry.get('r20'), runs[20]);
    assert.equal(registry.indexed, true);
    registry.addFresh(fake('r50'));
    assert.equal(indexOf(registry)!.size, 41);
    for (const run of registry.values()) registry.remove(run);
    assert.equal(registry.indexed, false);
  });

  it('calls an id fresh unless its millisecond came back', async () => {
    const t = Date.now() + 3;
    newRunId(t);
    assert.equal(lastRunIdFresh, true);
    newRunId(t);
    assert.equal(lastRunIdFresh, true, 'the same millisecond counts on');
    newRunId(t - 1);
    assert.equal(lastRunIdFresh, false, 'an earlier millisecond');
    newRunId(t);
    assert.equal(lastRunIdFresh, false, 'the latest millisecond again, from a new random start');
    newRunId(t + 1);
    assert.equal(lastRunIdFresh, true);
    await clockPast(t + 1);
  });

  it('looks a new run\'s id up when its millisecond came back (the engine makes its index)', async () => {
    let ms = Date.now() + 5;
    class SteppedClock extends RealClock {
      override now(): number { return ms; }
    }
    const never = new Promise<null>(() => undefined);
    const engine = new Engine({ store: new MemoryRunStore(), clock: new SteppedClock(), environment: {}, executors: { connector: { execute: () => never } } });
    const registry = (engine as unknown as { runs: RunRegistry }).runs;
    const bundle = bundleOf(workflow('Waits', { nodes: [task('t', 'noop')], edges: ['start -> t -> end'] }));
    await engine.start(bundle);
    await engine.start(bundle);
    assert.equal(registry.indexed, false, 'fresh ids: no lookup');
    ms -= 1;
    const back = await engine.start(bundle);
    assert.equal(registry.indexed, true, 'an id whose millisecond came back is checked');
    assert.equal(registry.size, 3);
    assert.equal(engine.peek(back.runId)?.instanceId, back.runId);
    engine.halt();
    await clockPast(ms + 1);
  });

  it('draws run ids\' random starts from a pool refilled 64 values at a time', () => {
    let fills = 0;
    let counter = 0;
    const pool = new RandomPool((a) => { fills++; for (let i = 0; i < a.length; i++) a[i] = counter++; }, 64);
    const values = Array.from({ length: 200 }, () => pool.draw());
    assert.equal(fills, 4);
    assert.deepEqual(values, Array.from({ length: 200 }, (_, i) => i), 'every value used once, in order');
    // `newRunId` takes one value per new millisecond from the engine's pool.
    const before = ID_RANDOM_STARTS.drawn;
    const t = 1_000_000; // past milliseconds: the later ids of the process stay fresh
    for (let i = 0; i < 5; i++) newRunId(t + i);
    newRunId(t + 4);
    assert.equal(ID_RANDOM_STARTS.drawn - before, 5);
  });
});
