// Engine — the task attempts in flight in one run, by token (`RunExecution` starts, settles and
// aborts them through it). A settled attempt leaves its token's entry vacant instead of
// deleting it: a Map allocates a new table when it empties or fills up with deleted entries,
// which with one task in flight at a time (a sequence) cost an allocation every few steps.
// Vacant entries are dropped once they outnumber both the live ones and the most ever live at
// once (tokens that moved on for good): a split's branches settling one by one leave their
// entries vacant without a sweep, which would delete them one by one and shrink the Map twice.
// Until a second token runs a task, the one entry is kept in two fields and no Map is made: a
// run whose tasks all run on one branch (a sequence) holds no hash table for them.

import type { TokenId } from '../journal/journal-event.js';
import type { TaskAttempt } from './task-attempt.js';

/** Vacant entries tolerated before a sweep (whatever the number of live ones). */
const VACANT_SLACK = 32;

const NONE: readonly TaskAttempt[] = Object.freeze([]);

/** `soleId` when no token has run a task yet (token ids start at 1). */
const NO_TOKEN = -1;

export class AttemptTable {
  /**
   * While `map` is unmade: the one token that ran a task (or `NO_TOKEN`) and its attempt
   * (undefined: vacant). `NO_TOKEN` counts as a vacant entry that any token may take, so a run's
   * first attempt takes `set`'s short path too: with it in `setAny`, a run of a few tasks called
   * `setAny` often enough for V8 to inline it (228 bytes of bytecode) into the engine's chain
   * step, over that step's budget.
   */
  private soleId: TokenId = NO_TOKEN;
  private sole: TaskAttempt | undefined = undefined;
  /** Every token's entry, in the order the tokens first ran a task; made for a second token. */
  private map: Map<TokenId, TaskAttempt | undefined> | undefined = undefined;
  private live = 0;
  private vacant = 1;
  /** The most attempts ever in flight at once. */
  private peak = 0;

  /** Attempts in flight. */
  get size(): number {
    return this.live;
  }

  get(id: TokenId): TaskAttempt | undefined {
    if (this.map === undefined) return id === this.soleId ? this.sole : undefined;
    return this.map.get(id);
  }

  // `set` and `delete` handle the one token's vacant/live entry themselves and leave the rest
  // to methods of their own: small enough for V8 to inline into the engine's task step.

  set(id: TokenId, attempt: TaskAttempt): void {
    if (this.map === undefined && this.sole === undefined && (id === this.soleId || this.soleId === NO_TOKEN)) {
      this.soleId = id;
      this.vacant--;
      this.live++;
      this.sole = attempt;
      return;
    }
    this.setAny(id, attempt);
  }

  private setAny(id: TokenId, attempt: TaskAttempt): void {
    if (this.map === undefined) {
      if (this.soleId === id || this.soleId === NO_TOKEN) {
        if (this.sole === undefined) {
          this.vacant--;
          this.live++;
        }
        this.soleId = id;
        this.sole = attempt;
        return;
      }
      // A second token: the map, the first token's entry (live or vacant) first, as it was.
      const map = new Map<TokenId, TaskAttempt | undefined>();
      map.set(this.soleId, this.sole);
      this.map = map;
      this.soleId = NO_TOKEN;
      this.sole = undefined;
    }
    const previous = this.map.get(id);
    if (previous === undefined) {
      if (this.map.has(id)) this.vacant--;
      if (++this.live > this.peak) this.peak = this.live;
    }
    this.map.set(id, attempt);
  }

  delete(id: TokenId): void {
    if (this.map === undefined) {
      if (id !== this.soleId || this.sole === undefined) return;
      this.sole = undefined;
      this.live--;
      this.vacant++;
      return;
    }
    this.deleteMapped(id);
  }

  private deleteMapped(id: TokenId): void {
    const map = this.map!;
    if (map.get(id) === undefined) return;
    map.set(id, undefined);
    this.live--;
    if (++this.vacant > VACANT_SLACK && this.vacant > this.live && this.vacant > this.peak) this.sweep();
  }

  /** Removes every attempt and returns them (to abort), in the order their tokens first ran a task. */
  takeAll(): readonly TaskAttempt[] {
    if (this.live === 0) return NONE;
    const out: TaskAttempt[] = [];
    if (this.map === undefined) {
      out.push(this.sole!);
      this.soleId = NO_TOKEN;
      this.sole = undefined;
    } else {
      for (const attempt of this.map.values()) if (attempt) out.push(attempt);
      // Dropped rather than cleared: the run is ending (an emptied Map keeps a table).
      this.map = undefined;
    }
    this.live = 0;
    this.vacant = 1; // `NO_TOKEN`'s
    return out;
  }

  private sweep(): void {
    this.map!.forEach((attempt, id, map) => {
      if (attempt === undefined) map.delete(id);
    });
    this.vacant = 0;
  }
}
