// Engine — what the runs of a busy engine leave for the scavenger: the objects a run's start makes
// (handle, `NewRun`, `RunStarted`, the state's log) are born young even after V8 has watched
// thousands of runs survive, and no table of the engine's runs outlives its busy period.

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { StartedRun } from '../../../runtime/engine/run-start-objects.js';
import type { RunRegistry } from '../../../runtime/engine/run-registry.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';
import { inFreshEngineProcess } from '../support/fresh-engine-process.js';

const executors = { connector: { execute: () => Promise.resolve(null) } };
const chain = (n: number) => {
  const nodes = Array.from({ length: n }, (_, i) => task(`t${i}`, 'noop'));
  return bundleOf(workflow('Chain', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'] }));
};

describe('engine: runs started together leave young garbage', () => {
  it('keeps no run table after its last run ends, and none at all while nobody looks a run up by id', async () => {
    const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), environment: {}, executors });
    const registry = () => (engine as unknown as { runs: RunRegistry }).runs;
    const table = () => (registry() as unknown as { index: Map<string, unknown> | undefined }).index;
    const bundle = chain(3);
    const handles = await Promise.all(Array.from({ length: 20 }, () => engine.start(bundle)));
    assert.equal(registry().size, 20);
    // (Compared as booleans: a failing comparison with the table would print every run it holds.)
    assert.equal(table() === undefined, true, 'runs started with generated ids make no table');
    // A lookup by id makes the table; it follows the runs while they are active…
    assert.equal(engine.peek(handles[3]!.runId)?.instanceId, handles[3]!.runId);
    const first = table();
    assert.ok(first instanceof Map);
    assert.equal(first.size, 20);
    const more = await engine.start(bundle);
    assert.equal(table() === first, true, 'the same table while runs are active');
    assert.equal(first.size, 21);
    await Promise.all([...handles, more].map((h) => h.outcome));
    // …and the last run out drops it.
    assert.equal(table() === undefined, true, 'the last run out leaves no table');
    assert.equal(registry().size, 0);
    // The engine still finds what it needs.
    const again = await engine.start(bundle);
    assert.equal(engine.peek(again.runId)?.instanceId, again.runId);
    assert.deepEqual(engine.activeRuns(), [again.runId]);
    assert.equal((await again.outcome).status, 'completed');
  });

  it('hands back a StartedRun with the run id and outcome', async () => {
    const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), environment: {}, executors });
    const handle = await engine.start(chain(1));
    assert.ok(handle instanceof StartedRun);
    assert.deepEqual(Object.keys(handle), ['runId', 'outcome']);
    assert.equal((await handle.outcome).runId, handle.runId);
  });

  it('allocates the start objects young after many batches of 1,000 concurrent runs (a fresh process)', function () {
    this.timeout(120_000);
    // In a process of its own (natives syntax, a heap no other test has shaped): 10 batches of
    // 1,000 concurrent 10-step runs, each with a scavenge once all have started, so every object
    // of their start is alive at a scavenge (V8 pretenures an allocation site whose objects are
    // found alive at two scavenges in a row: main's literals were, at the second batch); then
    // batches of 200 starts whose objects are looked at as they are made. A pretenured site's
    // objects are old at birth; a young one turns old only if a collection moves it, so the best
    // of three batches is all young.
    const result = inFreshEngineProcess(`
      const nodes = Array.from({ length: 10 }, (_, i) => task('t' + i, 'noop'));
      const bundle = bundleOf(workflow('Ten', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'] }));
      let inner = new MemoryRunStore();
      let young = null;
      const store = {
        createRunSync(run) { if (young) young.newRun += %InYoungGeneration(run) ? 1 : 0; inner.createRunSync(run); },
        createRun: (run) => inner.createRun(run), append: (id, e) => inner.append(id, e), appendSync: (id, e) => inner.appendSync(id, e),
        stepAppender: (id) => inner.stepAppender(id), close: () => inner.close(),
      };
      const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
      for (let b = 0; b < 10; b++) {
        inner = new MemoryRunStore();
        const handles = await Promise.all(Array.from({ length: 1000 }, () => engine.start(bundle)));
        gc({ type: 'minor' });
        await Promise.all(handles.map((h) => h.outcome));
      }
      const best = { handle: 0, newRun: 0, runStarted: 0, log: 0 };
      for (let b = 0; b < 3; b++) {
        inner = new MemoryRunStore();
        young = { handle: 0, newRun: 0, runStarted: 0, log: 0 };
        const started = [];
        for (let i = 0; i < 200; i++) {
          const p = engine.start(bundle);
          const log = [...engine.runs.values()].at(-1).state.log;
          young.log += %InYoungGeneration(log) ? 1 : 0;
          young.runStarted += %InYoungGeneration(log[0]) ? 1 : 0;
          started.push(p.then((h) => { young.handle += %InYoungGeneration(h) ? 1 : 0; return h; }));
        }
        const handles = await Promise.all(started);
        await Promise.all(handles.map((h) => h.outcome));
        for (const k of Object.keys(best)) best[k] = Math.max(best[k], young[k]);
        young = null;
      }
      console.log(JSON.stringify(best));`);
    assert.deepEqual(result, { handle: 200, newRun: 200, runStarted: 200, log: 200 });
  });
});
