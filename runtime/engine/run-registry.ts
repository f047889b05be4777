// Engine — the runs active in one engine (`Engine.runs`): a list linked through the runs themselves
// and an index by run id made only when something looks a run up by id (docs/runtime.md,
// "Performance", session 7). Used by `Engine` alone; the runs' link fields are written only here.

import type { RunExecution } from './run-execution.js';

/**
 * Why not a `Map` by id: a run started with a generated id is never looked up by it unless someone
 * asks (a control, `peek`, an event for one run), yet a `Map` hashed each new id (a concatenation,
 * flattened to hash) and grew, shrank and rehashed its table with every busy period: four `Map`
 * operations per run (`has`, `set`, `get`, `delete`). Here a run joins and leaves a doubly linked
 * list (a few field writes); the first lookup by id builds the index from the list, and the index
 * then follows every change until the last run leaves (the next busy period starts without one,
 * as the `Map` per busy period did: no table, old or young, outlives the runs it held).
 *
 * Invariant: while there is no index, every run in the list was added by `addFresh`, with an id
 * `newRunId` made in this process that cannot repeat (see `lastRunIdFresh` in engine.ts), so it needs
 * no duplicate check. Everything else (`set`, the lookups) builds the index first.
 */
export class RunRegistry {
  private head: RunExecution | undefined = undefined;
  private tail: RunExecution | undefined = undefined;
  private count = 0;
  private index: Map<string, RunExecution> | undefined = undefined;

  get size(): number {
    return this.count;
  }

  /** Whether the index by id exists (tests; it is made on the first lookup by id). */
  get indexed(): boolean {
    return this.index !== undefined;
  }

  // Lookups in an empty registry make no index (one would outlive the busy period it began).
  get(runId: string): RunExecution | undefined {
    return this.count === 0 ? undefined : this.byId().get(runId);
  }

  has(runId: string): boolean {
    return this.count !== 0 && this.byId().has(runId);
  }

  /**
   * Whether a run may be registered under `runId`, for a new run's duplicate check: a `fresh` id
   * (see `addFresh`) cannot be while there is no index; otherwise the index answers.
   */
  mayHold(runId: string, fresh: boolean): boolean {
    if (fresh && this.index === undefined) return false;
    return this.has(runId);
  }

  /**
   * Adds a run whose id this process has just made and can never have made before: no lookup, no
   * hash, unless the index exists (then it follows). The caller guarantees the id is fresh.
   */
  addFresh(run: RunExecution): void {
    this.link(run);
    this.index?.set(run.runId, run);
  }

  /**
   * Registers `run` under its id; a run already registered under it is replaced in its place in
   * the order (as `Map.set` keeps a key's position).
   */
  set(runId: string, run: RunExecution): void {
    const index = this.byId();
    const other = index.get(runId);
    if (other === run) return;
    if (other !== undefined) this.replace(other, run);
    else this.link(run);
    index.set(runId, run);
  }

  /**
   * Drops `run` if it is the run registered under its id (a run replaced by `set` is not); the
   * last one out drops the index too.
   */
  remove(run: RunExecution): void {
    if (run.registryPrev === undefined && this.head !== run) return;
    this.unlink(run);
    if (this.count === 0) this.index = undefined;
    else this.index?.delete(run.runId);
  }

  /** The registered runs, oldest first (a copy: callers may change the registry meanwhile). */
  values(): RunExecution[] {
    const out: RunExecution[] = [];
    for (let r = this.head; r !== undefined; r = r.registryNext) out.push(r);
    return out;
  }

  keys(): string[] {
    const out: string[] = [];
    for (let r = this.head; r !== undefined; r = r.registryNext) out.push(r.runId);
    return out;
  }

  clear(): void {
    for (const run of this.values()) this.unlink(run);
    this.index = undefined;
  }

  private byId(): Map<string, RunExecution> {
    if (this.index !== undefined) return this.index;
    const index = new Map<string, RunExecution>();
    for (let r = this.head; r !== undefined; r = r.registryNext) index.set(r.runId, r);
    return (this.index = index);
  }

  /** Appends `run` (the list is in registration order, as a `Map`'s entries). */
  private link(run: RunExecution): void {
    const tail = this.tail;
    run.registryPrev = tail;
    run.registryNext = undefined;
    if (tail !== undefined) tail.registryNext = run;
    else this.head = run;
    this.tail = run;
    this.count++;
  }

  /** Puts `run` where `other` is and takes `other` out. */
  private replace(other: RunExecution, run: RunExecution): void {
    const prev = other.registryPrev;
    const next = other.registryNext;
    run.registryPrev = prev;
    run.registryNext = next;
    if (prev !== undefined) prev.registryNext = run;
    else this.head = run;
    if (next !== undefined) next.registryPrev = run;
    else this.tail = run;
    other.registryPrev = undefined;
    other.registryNext = undefined;
  }

  private unlink(run: RunExecution): void {
    const prev = run.registryPrev;
    const next = run.registryNext;
    if (prev !== undefined) prev.registryNext = next;
    else this.head = next;
    if (next !== undefined) next.registryPrev = prev;
    else this.tail = prev;
    run.registryPrev = undefined;
    run.registryNext = undefined;
    this.count--;
  }
}
