// Store — runs and journals kept in memory (tests, `weft run --memory`, the benchmark). Events
// are stored by reference: the engine never mutates an event after recording it.

import type { JournalEvent, NodeCompleted, NodeStarted } from '../journal/journal-event.js';
import type { RunStatus } from '../journal/workflow-state.js';
import { EventWaiters } from './event-waiters.js';
import {
  JournalOrderError, UnknownRunError, statusAfter,
  type NewRun, type RunFilter, type RunRecord, type RunStore, type RunSummary, type StepAppender, type WaitOptions,
} from './run-store.js';

/** A run: its record and journal, and its own step appender (`MemoryRunStore.stepAppender`). */
class MemoryRun implements StepAppender {
  readonly events: JournalEvent[] = [];
  constructor(readonly record: RunRecord, private readonly waiters: EventWaiters) {}

  /** `appendSync(runId, [completed, started])`: the same checks; neither event changes the status. */
  appendStep(completed: NodeCompleted, started: NodeStarted): void {
    const record = this.record;
    const seq = record.lastSeq;
    if (completed.seq !== seq + 1) outOfOrder(record.runId, seq + 1, completed.seq);
    if (started.seq !== seq + 2) outOfOrder(record.runId, seq + 2, started.seq);
    this.events.push(completed, started);
    record.lastSeq = seq + 2;
    record.updatedAt = started.at;
    if (this.waiters.size) this.waiters.notify(record.runId);
  }
}

/** Throws the store's ordering error (out of line: a template literal inflates the caller's bytecode). */
function outOfOrder(runId: string, expected: number, got: number): never {
  throw new JournalOrderError(`Run ${runId}: expected event seq ${expected}, got ${got}`);
}

export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, MemoryRun>();
  private readonly waiters = new EventWaiters();

  async createRun(run: NewRun): Promise<void> {
    this.createRunSync(run);
  }

  createRunSync(run: NewRun): void {
    if (this.runs.has(run.runId)) throw new Error(`Run '${run.runId}' already exists`);
    const record: RunRecord = {
      runId: run.runId, workflow: run.workflow, version: run.version, bundleHash: run.bundleHash,
      bundle: run.bundle, status: 'running', createdAt: run.createdAt, updatedAt: run.createdAt, lastSeq: 0,
    };
    if (run.parentRunId !== undefined) record.parentRunId = run.parentRunId;
    this.runs.set(run.runId, new MemoryRun(record, this.waiters));
  }

  stepAppender(runId: string): StepAppender {
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
    const run = this.runs.get(runId);
    if (!run) throw new UnknownRunError(runId);
    const record = run.record;
    let seq = record.lastSeq;
    for (const e of events) {
      if (e.seq !== ++seq) throw new JournalOrderError(`Run ${runId}: expected event seq ${seq}, got ${e.seq}`);
    }
    let status: RunStatus = record.status;
    for (const e of events) {
      run.events.push(e);
      status = statusAfter(status, e);
    }
    record.status = status;
    record.lastSeq = seq;
    if (events.length) record.updatedAt = events[events.length - 1]!.at;
    if (this.waiters.size) this.waiters.notify(runId);
  }

  async readEvents(runId: string, afterSeq = 0): Promise<JournalEvent[]> {
    const run = this.runs.get(runId);
    if (!run) throw new UnknownRunError(runId);
    return run.events.slice(afterSeq);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run ? { ...run.record } : undefined;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    const statuses = filter.status === undefined ? undefined : new Set(Array.isArray(filter.status) ? filter.status : [filter.status]);
    const out: RunSummary[] = [];
    for (const { record } of this.runs.values()) {
      if (filter.workflow !== undefined && record.workflow !== filter.workflow) continue;
      if (filter.parentRunId !== undefined && record.parentRunId !== filter.parentRunId) continue;
      if (statuses && !statuses.has(record.status)) continue;
      const { bundle: _bundle, ...summary } = record;
      out.push(summary);
    }
    out.sort((a, b) => b.createdAt - a.createdAt || (a.runId < b.runId ? 1 : -1));
    return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
  }

  async waitForEvents(runId: string, afterSeq: number, options: WaitOptions = {}): Promise<JournalEvent[]> {
    for (;;) {
      const run = this.runs.get(runId);
      if (!run) throw new UnknownRunError(runId);
      if (run.events.length > afterSeq) return run.events.slice(afterSeq);
      await this.waiters.wait(runId, options.signal);
    }
  }

  async close(): Promise<void> {}
}
