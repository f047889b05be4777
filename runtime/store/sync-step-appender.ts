// Store — a `StepAppender` over any store with `appendSync` that offers none of its own (a
// wrapper, a test double): each step is `appendSync(runId, [completed, started])`, so whatever
// the store or its wrapper does per append (counting, failing, crashing on cue) still happens.

import type { JournalEvent, NodeCompleted, NodeStarted } from '../journal/journal-event.js';
import type { RunStore, StepAppender } from './run-store.js';

export class SyncStepAppender implements StepAppender {
  /** Reused: `appendSync` may keep the events, not the array (see `RunStore.appendSync`). */
  private readonly batch: [NodeCompleted, NodeStarted] | [] = [];

  constructor(private readonly store: RunStore, private readonly runId: string) {}

  append(events: readonly JournalEvent[]): void {
    this.store.appendSync!(this.runId, events);
  }

  appendStep(completed: NodeCompleted, started: NodeStarted): void {
    const batch = this.batch as (NodeCompleted | NodeStarted)[];
    batch[0] = completed;
    batch[1] = started;
    this.store.appendSync!(this.runId, batch);
  }
}
