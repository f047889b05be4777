// Engine — what a finished run leaves to the garbage collector: nothing a young-generation
// collection (a scavenge) cannot free. An old-generation object of the run (V8 may allocate a
// closure made in optimised code there) kept the run's whole young graph alive until a full one.

import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import type { NewRun, RunStore } from '../../../runtime/store/run-store.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { bundleOf, join, task, workflow } from '../support/ir-builder.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
v8.setFlagsFromString('--no-expose-gc');

/** A memory store that starts empty again at `renew()`: one store would keep every journal on purpose. */
class RenewedStore implements RunStore {
  private inner = new MemoryRunStore();
  renew(): void { this.inner = new MemoryRunStore(); }
  createRun(run: NewRun) { return this.inner.createRun(run); }
  createRunSync(run: NewRun) { this.inner.createRunSync(run); }
  append(runId: string, events: readonly JournalEvent[]) { return this.inner.append(runId, events); }
  appendSync(runId: string, events: readonly JournalEvent[]) { this.inner.appendSync(runId, events); }
  stepAppender(runId: string) { return this.inner.stepAppender(runId); }
  readEvents(runId: string, after?: number) { return this.inner.readEvents(runId, after); }
  getRun(runId: string) { return this.inner.getRun(runId); }
  listRuns() { return this.inner.listRuns(); }
  waitForEvents(runId: string, after: number) { return this.inner.waitForEvents(runId, after); }
  close() { return this.inner.close(); }
}

/** Heap bytes in use once `runs` runs of `bundle` have finished and scavenges alone collected. */
async function keptByScavenges(bundle: ReturnType<typeof bundleOf>, runs: number): Promise<number> {
  const store = new RenewedStore();
  const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
  const once = async () => {
    store.renew();
    await (await engine.start(bundle)).outcome;
  };
  for (let i = 0; i < 20; i++) await once(); // warm: the hot paths optimised
  gc();
  const before = v8.getHeapStatistics().used_heap_size;
  for (let i = 0; i < runs; i++) await once();
  for (let i = 0; i < 3; i++) gc({ type: 'minor' });
  return v8.getHeapStatistics().used_heap_size - before;
}

describe('engine: a finished run is young garbage', function () {
  this.timeout(60_000);

  it('leaves nothing of a finished sequence for a full collection to free', async () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => task(`t${i}`, 'noop'));
    const wf = workflow('Seq', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'] });
    const kept = await keptByScavenges(bundleOf(wf), 8);
    // Each such run keeps ~370 KB while it runs; kept by an old object, 8 of them held ~3 MB.
    assert.ok(kept < 600_000, `${kept} bytes left after scavenges`);
  });

  it('leaves nothing of a finished split (one settle-handler pair per branch) for a full collection to free', async () => {
    const branches = Array.from({ length: 100 }, (_, i) => task(`b${i}`, 'noop'));
    const wf = workflow('Par', {
      nodes: [...branches, join('j')],
      edges: [...branches.map((b) => `start -> ${b.id} -> j`), 'j -> end'],
    });
    const kept = await keptByScavenges(bundleOf(wf), 40);
    assert.ok(kept < 600_000, `${kept} bytes left after scavenges`);
  });
});
