// Test support for the engine's recovery suites — a store that "dies" at a chosen append: from
// the `dieAt`-th append on every append fails and keeps nothing, as if the process was killed.
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import type { NewRun, RunStore } from '../../../runtime/store/run-store.js';

/** A store whose appends fail from the `dieAt`-th on, keeping nothing of the failed ones. */
export class DyingStore implements RunStore {
  appends = 0;
  constructor(readonly inner: RunStore, private readonly dieAt: number) {}
  createRun(run: NewRun) { return this.inner.createRun(run); }
  append(runId: string, events: readonly JournalEvent[]) {
    if (++this.appends >= this.dieAt) return Promise.reject(new Error('process killed'));
    return this.inner.append(runId, events);
  }
  readEvents(runId: string, after?: number) { return this.inner.readEvents(runId, after); }
  getRun(runId: string) { return this.inner.getRun(runId); }
  listRuns() { return this.inner.listRuns(); }
  waitForEvents(runId: string, after: number) { return this.inner.waitForEvents(runId, after); }
  async close() {}
}
