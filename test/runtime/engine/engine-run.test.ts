// `Engine.run`: start a run and wait for its outcome in one promise — resolves with the outcome
// whatever the run's status, rejects as `start` does for a run that cannot start (nothing
// recorded), and behaves the same over a store that creates runs asynchronously.

import assert from 'node:assert/strict';
import { RunStartError } from '../../../runtime/engine/engine.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { bundleOf, lit, setNode, task, workflow } from '../support/ir-builder.js';
import { harness, trace } from '../support/engine-harness.js';

/** A memory store that creates runs and appends only asynchronously (no `createRunSync`, no `appendSync`), as a remote store would. */
function asyncCreating(inner: MemoryRunStore): RunStore {
  // As the store contract asks, an append queues behind the creation of its run.
  let created: Promise<void> = Promise.resolve();
  return {
    createRun: (run) => (created = new Promise<void>((r) => setImmediate(r)).then(() => inner.createRun(run))),
    append: async (runId, events) => { await created; return inner.append(runId, events); },
    readEvents: (runId, after) => inner.readEvents(runId, after),
    getRun: (runId) => inner.getRun(runId),
    listRuns: (filter) => inner.listRuns(filter),
    waitForEvents: (runId, after, options) => inner.waitForEvents(runId, after, options),
    close: () => inner.close(),
  };
}

describe('Engine.run', () => {
  for (const [name, makeStore] of [['a store that creates runs at once', () => new MemoryRunStore()], ['a store that creates runs asynchronously', () => asyncCreating(new MemoryRunStore())]] as const) {
    it(`resolves with the outcome of a run that completes or fails, and rejects a run that cannot start (${name})`, async () => {
      const store = makeStore();
      const { engine } = harness({ store });
      const ok = workflow('Ok', { nodes: [task('a', 'ok'), setNode('b', { n: lit(2) })], edges: ['start -> a -> b -> end'], vars: { n: null } });
      const done = await engine.run(bundleOf(ok));
      assert.equal(done.status, 'completed');
      assert.deepEqual(trace(done.state), ['a', 'b']);
      assert.equal(done.state.variables['n'], 2);
      assert.equal((await store.getRun(done.runId))!.status, 'completed');

      const failing = workflow('Failing', { nodes: [task('a', 'fail', [lit('Down')])], edges: ['start -> a -> end'] });
      const failed = await engine.run(bundleOf(failing));
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error?.name, 'Down');

      const typed = workflow('Typed', { nodes: [], edges: ['start -> end'], inputs: { n: { type: { kind: 'number' } } } });
      const before = (await store.listRuns()).length;
      await assert.rejects(engine.run(bundleOf(typed), { inputs: { n: 'x' } }), (err: unknown) => err instanceof RunStartError && err.problems[0]!.code === 'input-type');
      await assert.rejects(engine.run(bundleOf(typed), { workflow: 'Nope' }), RunStartError);
      assert.equal((await store.listRuns()).length, before, 'nothing recorded');
    });
  }
});
