// Engine — the task attempts in flight in one run, by token (`RunExecution` starts, settles and
// aborts them through it). A Map that never empties: V8 reallocates a Map's table whenever its
// last entry is deleted, which with one task in flight at a time (a sequence) cost an
// allocation per step, so one placeholder entry (token -1, never a real token) stays.

import type { TokenId } from '../journal/journal-event.js';
import type { TaskAttempt } from './task-attempt.js';

const PLACEHOLDER = -1;

export class AttemptTable {
  private readonly map = new Map<TokenId, TaskAttempt | undefined>();

  constructor() {
    this.map.set(PLACEHOLDER, undefined);
  }

  /** Attempts in flight. */
  get size(): number {
    return this.map.size - 1;
  }

  get(id: TokenId): TaskAttempt | undefined {
    return this.map.get(id);
  }

  set(id: TokenId, attempt: TaskAttempt): void {
    this.map.set(id, attempt);
  }

  delete(id: TokenId): void {
    if (id !== PLACEHOLDER) this.map.delete(id);
  }

  /** Removes every attempt and returns them (to abort), in the order they started. */
  takeAll(): TaskAttempt[] {
    const out: TaskAttempt[] = [];
    if (this.map.size === 1) return out;
    for (const attempt of this.map.values()) if (attempt) out.push(attempt);
    for (const attempt of out) this.map.delete(attempt.token);
    return out;
  }
}
