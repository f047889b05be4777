// Engine — the task attempts in flight in one run, by token (`RunExecution` starts, settles and
// aborts them through it). A settled attempt leaves its token's entry vacant instead of
// deleting it: a Map allocates a new table when it empties or fills up with deleted entries,
// which with one task in flight at a time (a sequence) cost an allocation every few steps.
// Vacant entries are dropped once they outnumber both the live ones and the most ever live at
// once (tokens that moved on for good): a split's branches settling one by one leave their
// entries vacant without a sweep, which would delete them one by one and shrink the Map twice.

import type { TokenId } from '../journal/journal-event.js';
import type { TaskAttempt } from './task-attempt.js';

/** Vacant entries tolerated before a sweep (whatever the number of live ones). */
const VACANT_SLACK = 32;

const NONE: readonly TaskAttempt[] = Object.freeze([]);

export class AttemptTable {
  private readonly map = new Map<TokenId, TaskAttempt | undefined>();
  private live = 0;
  private vacant = 0;
  /** The most attempts ever in flight at once. */
  private peak = 0;

  /** Attempts in flight. */
  get size(): number {
    return this.live;
  }

  get(id: TokenId): TaskAttempt | undefined {
    return this.map.get(id);
  }

  set(id: TokenId, attempt: TaskAttempt): void {
    const previous = this.map.get(id);
    if (previous === undefined) {
      if (this.map.has(id)) this.vacant--;
      if (++this.live > this.peak) this.peak = this.live;
    }
    this.map.set(id, attempt);
  }

  delete(id: TokenId): void {
    if (this.map.get(id) === undefined) return;
    this.map.set(id, undefined);
    this.live--;
    if (++this.vacant > VACANT_SLACK && this.vacant > this.live && this.vacant > this.peak) this.sweep();
  }

  /** Removes every attempt and returns them (to abort), in the order their tokens first ran a task. */
  takeAll(): readonly TaskAttempt[] {
    // Nothing in flight (every run that ends normally): no array, and vacant entries stay (an
    // empty Map's `clear` allocates a new table; the run's table goes with the run).
    if (this.live === 0) return NONE;
    const out: TaskAttempt[] = [];
    for (const attempt of this.map.values()) if (attempt) out.push(attempt);
    if (this.map.size) this.map.clear();
    this.live = 0;
    this.vacant = 0;
    return out;
  }

  private sweep(): void {
    this.map.forEach((attempt, id, map) => {
      if (attempt === undefined) map.delete(id);
    });
    this.vacant = 0;
  }
}
