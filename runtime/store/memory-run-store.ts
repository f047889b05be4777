// Store — runs and journals kept in memory (tests, `weft run --memory`, the benchmark). Events
// are stored by reference: the engine never mutates an event after recording it. A run's
// status, last seq and update time are brought up to date when the run is read (`current`),
// not at every append: the journal (immutable events, 1..n) determines them.

import type { JournalEvent, NodeCompleted, NodeStarted } from '../journal/journal-event.js';
import { TERMINAL_STATUSES, type RunStatus } from '../journal/workflow-state.js';
import { EventWaiters } from './event-waiters.js';
import { PruneSelection, prunedRun } from './prune-selection.js';
import {
  JournalOrderError, RunKeyTakenError, UnknownRunError, statusAfter,
  type NewRun, type PruneRequest, type PrunedRun, type RunFilter, type RunRecord, type RunStore, type RunSummary, type StepAppender, type WaitOptions,
} from './run-store.js';

/**
 * A run: what it was created with, its journal, and its own step appender
 * (`MemoryRunStore.stepAppender`). No record object of its own: status, last seq and update time
 * follow from the journal, so `current` makes the record when the run is read (every read gave
 * a copy of the kept record before), and a run in flight holds one object here instead of two.
 */
class MemoryRun implements StepAppender {
  /**
   * The journal is `events[0 .. committed)`, seqs 1..committed in order (every append is checked
   * to continue it). `events` is the run's own array, or after `shareLog` its engine state's log,
   * which may go on past `committed` with events folded and not yet appended.
   */
  events: readonly JournalEvent[] = [];
  committed = 0;
  /** `events` is a log shared by `shareLog` (never written here), not the run's own array. */
  private shared = false;
  /** The status as of `summarised` events (`statusAfter` folded over them). */
  private status: RunStatus = 'running';
  /** How many events `status` has been folded over. */
  private summarised = 0;
  /** `run` is the caller's `NewRun`, kept by reference and never written (the engine makes one per run). */
  constructor(readonly run: NewRun, private readonly waiters: EventWaiters) {}

  /** The record as of the last event: a new object, the caller's to keep. */
  current(): RunRecord {
    const events = this.events;
    const n = this.committed;
    if (this.summarised < n) {
      let status = this.status;
      for (let i = this.summarised; i < n; i++) status = statusAfter(status, events[i]!);
      this.summarised = n;
      this.status = status;
    }
    const run = this.run;
    const record: RunRecord = {
      runId: run.runId, workflow: run.workflow, version: run.version, bundleHash: run.bundleHash,
      bundle: run.bundle, status: this.status, createdAt: run.createdAt,
      updatedAt: n === 0 ? run.createdAt : events[n - 1]!.at, lastSeq: n,
    };
    if (run.parentRunId !== undefined) record.parentRunId = run.parentRunId;
    if (run.key !== undefined) record.key = run.key;
    return record;
  }

  /**
   * Appends a batch that continues the journal: its first event's seq follows the last one
   * kept and its last event's seq is the batch's length on (the engine numbers a batch in
   * order). A second writer's append in between makes the first check fail.
   */
  append(events: readonly JournalEvent[]): void {
    const seq = this.committed;
    const n = events.length;
    if (n !== 0) {
      if (events[0]!.seq !== seq + 1) outOfOrder(this.run.runId, seq + 1, events[0]!.seq);
      if (events[n - 1]!.seq !== seq + n) outOfOrder(this.run.runId, seq + n, events[n - 1]!.seq);
      let journal = this.events as JournalEvent[];
      let i = 0;
      // A shared log holds the events already (the engine folded them before appending).
      if (this.shared) while (i < n && journal[seq + i] === events[i]) i++;
      if (i < n && this.shared) journal = this.unshare(seq + i);
      for (; i < n; i++) journal.push(events[i]!);
      this.committed = seq + n;
    }
    if (this.waiters.size) this.waiters.notify(this.run.runId);
  }

  /** `appendSync(runId, [completed, started])`, its two events checked as `append` checks a batch. */
  appendStep(completed: NodeCompleted, started: NodeStarted): void {
    const seq = this.committed;
    const journal = this.events;
    // The common case, checked in one condition (small enough for the engine's chain step to
    // inline): both events continue the journal, and the shared log holds them already.
    if (completed.seq === seq + 1 && started.seq === seq + 2 && this.shared && journal[seq] === completed && journal[seq + 1] === started) this.committed = seq + 2;
    else this.appendStepOther(completed, started);
    if (this.waiters.size) this.waiters.notify(this.run.runId);
  }

  /** `appendStep` but for the common case: the checks that refuse it, or the events added to the journal. */
  private appendStepOther(completed: NodeCompleted, started: NodeStarted): void {
    const seq = this.committed;
    if (completed.seq !== seq + 1) outOfOrder(this.run.runId, seq + 1, completed.seq);
    if (started.seq !== seq + 2) outOfOrder(this.run.runId, seq + 2, started.seq);
    const journal = this.events as JournalEvent[];
    if (!this.shared) journal.push(completed, started);
    else this.unshare(seq).push(completed, started);
    this.committed = seq + 2;
  }

  /**
   * Ends the sharing of the log at its index `i`, where an append brings an event that is not the
   * log's (one its engine did not fold, another writer's): the run's own copy of `[0 .. i)`.
   */
  private unshare(i: number): JournalEvent[] {
    const own = this.events.slice(0, i);
    this.events = own;
    this.shared = false;
    return own;
  }

  /** `StepAppender.shareLog`: the journal kept in `log` when it starts with the journal so far. */
  shareLog(log: readonly JournalEvent[]): void {
    const events = this.events;
    const n = this.committed;
    if (this.shared || log.length < n) return;
    for (let i = 0; i < n; i++) if (log[i] !== events[i]) return;
    this.events = log;
    this.shared = true;
  }
}

/** Throws the store's ordering error (out of line: a template literal inflates the caller's bytecode). */
function outOfOrder(runId: string, expected: number, got: number): never {
  throw new JournalOrderError(`Run ${runId}: expected event seq ${expected}, got ${got}`);
}

/** A keyed run's entry in `MemoryRunStore.keyed`: its workflow and key (a workflow name holds no NUL). */
function keySlot(workflow: string, key: string): string {
  return `${workflow}\u0000${key}`;
}

/** The empty array every store's run list is a copy of (never written itself). */
const NO_RUNS: MemoryRun[] = [];

/**
 * The store's runs: a list in creation order with an index by id made on the first lookup by id,
 * not a `Map`. Why: the engine creates a run under an id it has just made and then writes its
 * journal through the run's step appender, asked for at once (`MemoryRunStore.stepAppender`
 * answers for the run created last without a lookup), so a run nobody looks up by id is never
 * hashed (a fresh id is a concatenation, flattened to hash) and no table grows and rehashes with
 * every thousand runs. The engine's run list does the same for its own table (`RunRegistry`,
 * session 7); the store never removes a run, so an array does here. Any lookup by id (`getRun`,
 * `readEvents`, a control) makes the index, which then follows every new run.
 */
class MemoryRuns {
  /** A copy of `NO_RUNS`, not a literal `[]` (an allocation site V8 may pretenure: see `EMPTY_LOG` in workflow-state.ts). */
  private readonly list: MemoryRun[] = NO_RUNS.slice();
  private index: Map<string, MemoryRun> | undefined = undefined;
  /** The run added last. */
  last: MemoryRun | undefined = undefined;

  /** Whether the index by id exists (tests). */
  get indexed(): boolean {
    return this.index !== undefined;
  }

  get(runId: string): MemoryRun | undefined {
    return this.byId().get(runId);
  }

  /**
   * Whether a run is kept under `runId`. A `freshId` (see `NewRun.freshId`) cannot be
   * while there is no index: answered without one.
   */
  holds(runId: string, freshId: boolean): boolean {
    if (freshId && this.index === undefined) return false;
    return this.byId().has(runId);
  }

  add(run: MemoryRun): void {
    this.list.push(run);
    this.index?.set(run.run.runId, run);
    this.last = run;
  }

  values(): readonly MemoryRun[] {
    return this.list;
  }

  /** Takes `gone` out of the list (and the index, and `last`). */
  remove(gone: ReadonlySet<MemoryRun>): void {
    let kept = 0;
    for (const run of this.list) if (!gone.has(run)) this.list[kept++] = run;
    this.list.length = kept;
    for (const run of gone) this.index?.delete(run.run.runId);
    if (this.last !== undefined && gone.has(this.last)) this.last = undefined;
  }

  private byId(): Map<string, MemoryRun> {
    if (this.index !== undefined) return this.index;
    const index = new Map<string, MemoryRun>();
    for (const run of this.list) index.set(run.run.runId, run);
    return (this.index = index);
  }
}

export class MemoryRunStore implements RunStore {
  private readonly runs = new MemoryRuns();
  private readonly waiters = new EventWaiters();
  /** The runs created with an idempotency key, by workflow and key (made with the first such run). */
  private keyed: Map<string, MemoryRun> | undefined = undefined;

  /** Whether the runs are indexed by id yet (tests; made on the first lookup by id). */
  get indexed(): boolean {
    return this.runs.indexed;
  }

  async createRun(run: NewRun): Promise<void> {
    this.createRunSync(run);
  }

  createRunSync(run: NewRun): void {
    if (this.runs.holds(run.runId, run.freshId === true)) throw new Error(`Run '${run.runId}' already exists`);
    const slot = run.key === undefined ? undefined : keySlot(run.workflow, run.key);
    const holder = slot === undefined ? undefined : this.keyed?.get(slot);
    if (holder) throw new RunKeyTakenError(run.workflow, run.key!, holder.run.runId, holder.run.keyInputs === run.keyInputs);
    const created = new MemoryRun(run, this.waiters);
    this.runs.add(created);
    if (slot !== undefined) (this.keyed ??= new Map()).set(slot, created);
  }

  /** The run created last is handed out without a lookup by id (the engine asks for it at once). */
  stepAppender(runId: string): StepAppender {
    const last = this.runs.last;
    if (last !== undefined && last.run.runId === runId) return last;
    return this.get(runId);
  }

  /** The run `runId`, or `UnknownRunError`. */
  private get(runId: string): MemoryRun {
    const run = this.runs.get(runId);
    if (!run) throw new UnknownRunError(runId);
    return run;
  }

  append(runId: string, events: readonly JournalEvent[]): Promise<void> {
    try {
      this.appendSync(runId, events);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  appendSync(runId: string, events: readonly JournalEvent[]): void {
    this.get(runId).append(events);
  }


  async readEvents(runId: string, afterSeq = 0): Promise<JournalEvent[]> {
    const run = this.get(runId);
    return run.events.slice(afterSeq, run.committed);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.runs.get(runId)?.current();
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    const statuses = filter.status === undefined ? undefined : new Set(Array.isArray(filter.status) ? filter.status : [filter.status]);
    const out: RunSummary[] = [];
    for (const run of this.runs.values()) {
      const record = run.current();
      if (filter.workflow !== undefined && record.workflow !== filter.workflow) continue;
      if (filter.parentRunId !== undefined && record.parentRunId !== filter.parentRunId) continue;
      if (filter.key !== undefined && record.key !== filter.key) continue;
      if (statuses && !statuses.has(record.status)) continue;
      if (filter.since !== undefined && record.createdAt < filter.since) continue;
      if (filter.until !== undefined && record.createdAt >= filter.until) continue;
      const after = filter.after;
      if (after !== undefined && !(record.createdAt < after.createdAt || (record.createdAt === after.createdAt && record.runId < after.runId))) continue;
      const { bundle: _bundle, ...summary } = record;
      out.push(summary);
    }
    out.sort((a, b) => b.createdAt - a.createdAt || (a.runId < b.runId ? 1 : -1));
    return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
  }

  async waitForEvents(runId: string, afterSeq: number, options: WaitOptions = {}): Promise<JournalEvent[]> {
    for (;;) {
      const run = this.get(runId);
      if (run.committed > afterSeq) return run.events.slice(afterSeq, run.committed);
      await this.waiters.wait(runId, options.signal);
    }
  }

  async pruneRuns(request: PruneRequest): Promise<PrunedRun[]> {
    const selection = new PruneSelection(request);
    const children = new Map<string, MemoryRun[]>();
    for (const run of this.runs.values()) {
      const parent = run.run.parentRunId;
      if (parent === undefined) continue;
      const siblings = children.get(parent);
      if (siblings) siblings.push(run);
      else children.set(parent, [run]);
    }
    const pruned: PrunedRun[] = [];
    const gone = new Set<MemoryRun>();
    for (const run of this.runs.values()) {
      if (run.run.parentRunId !== undefined) continue;
      const record = run.current();
      if (!selection.takes(record)) continue;
      // Its sub-runs and theirs, breadth first.
      const tree: MemoryRun[] = [...(children.get(record.runId) ?? [])];
      for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.run.runId) ?? []));
      if (tree.some((sub) => !TERMINAL_STATUSES.has(sub.current().status)) || selection.kept(record.runId)) continue;
      pruned.push(prunedRun(record, tree.map((sub) => sub.run.runId)));
      gone.add(run);
      for (const sub of tree) gone.add(sub);
    }
    if (request.dryRun || gone.size === 0) return pruned;
    this.runs.remove(gone);
    // Their keys are free again.
    if (this.keyed) for (const run of gone) if (run.run.key !== undefined) this.keyed.delete(keySlot(run.run.workflow, run.run.key));
    // A reader waiting on a deleted run wakes to find it gone (`UnknownRunError`).
    if (this.waiters.size) for (const run of gone) this.waiters.notify(run.run.runId);
    return pruned;
  }

  async close(): Promise<void> {}
}
