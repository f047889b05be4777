// Store — runs and journals in SQLite through Node's built-in `node:sqlite` (the embedded
// default, `.weft/runs.db`). WAL journal mode; appends from every run are grouped into one
// transaction per tick (group commit), so many concurrent runs share each commit's fsync.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { WorkflowBundle } from '../ir/index.js';
import type { JournalEvent } from '../journal/journal-event.js';
import type { RunStatus } from '../journal/workflow-state.js';
import { EventWaiters } from './event-waiters.js';
import {
  JournalOrderError, UnknownRunError, statusAfter,
  type NewRun, type RunFilter, type RunRecord, type RunStore, type RunSummary, type WaitOptions,
} from './run-store.js';

export interface SqliteRunStoreOptions {
  /** Database file; `:memory:` for a private in-memory database. Default `.weft/runs.db`. */
  file?: string;
  /** `NORMAL` (default: durable at checkpoints, safe against process crashes) or `FULL`. */
  synchronous?: 'NORMAL' | 'FULL';
  /**
   * When queued appends are committed: after the current microtasks (default: the runs whose
   * turns are already queued join the batch, and a sequential run waits least) or at the next
   * macrotask (larger batches when work arrives from I/O callbacks).
   */
  groupCommit?: 'immediate' | 'microtask';
  /** How often `waitForEvents` looks for events written by other processes (ms, default 250). */
  pollMs?: number;
}

export const DEFAULT_STORE_FILE = path.join('.weft', 'runs.db');

interface Pending {
  runId: string;
  /** Set for a run to create (then `events` is empty). */
  create?: NewRun;
  events: readonly JournalEvent[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface RunCache {
  lastSeq: number;
  status: RunStatus;
}

// `runs.status` is written when it changes; a run's last seq and last event time are read from
// its events (writing them into `runs` on every commit would dirty one more page per commit).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS bundles (hash TEXT PRIMARY KEY, bundle TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, workflow TEXT NOT NULL, version TEXT NOT NULL, bundle_hash TEXT NOT NULL,
  parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow, created_at);
CREATE INDEX IF NOT EXISTS runs_by_parent ON runs (parent_run_id);
`;

// Events in append order (rowid) with a unique index on (run_id, seq): a commit of many runs
// appends to the table's last pages instead of touching one page per run (about half the cost
// per row). Databases created with the earlier WITHOUT ROWID layout keep working unchanged.
const EVENTS_SCHEMA = `
CREATE TABLE events (
  id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE UNIQUE INDEX events_by_run ON events (run_id, seq);
`;

/** A run's columns plus its last seq and last event time, read from its events. */
const RUN_COLUMNS = `r.*,
  COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.run_id = r.run_id), 0) AS cur_seq,
  (SELECT e.at FROM events e WHERE e.run_id = r.run_id ORDER BY e.seq DESC LIMIT 1) AS cur_at`;

function loadSqlite(): typeof import('node:sqlite') {
  // Loaded on first use so that importing the runtime does not load (or warn about) node:sqlite.
  return process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
}

export class SqliteRunStore implements RunStore {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly waiters = new EventWaiters();
  private readonly cache = new Map<string, RunCache>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly groupCommit: 'immediate' | 'microtask';
  private readonly pollMs: number;
  private readonly stmt: {
    insertEvent: StatementSync; updateRun: StatementSync; runCache: StatementSync; insertRun: StatementSync;
    insertBundle: StatementSync; readEvents: StatementSync; getRun: StatementSync;
  };

  constructor(options: SqliteRunStoreOptions = {}) {
    this.file = options.file ?? DEFAULT_STORE_FILE;
    if (this.file !== ':memory:') mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const { DatabaseSync } = loadSqlite();
    this.db = new DatabaseSync(this.file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous === 'FULL' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000;`);
    this.db.exec(SCHEMA);
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get()) this.db.exec(EVENTS_SCHEMA);
    this.groupCommit = options.groupCommit ?? 'microtask';
    this.pollMs = options.pollMs ?? 250;
    this.stmt = {
      insertEvent: this.db.prepare('INSERT INTO events (run_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)'),
      updateRun: this.db.prepare('UPDATE runs SET status = ?, updated_at = MAX(updated_at, ?) WHERE run_id = ?'),
      runCache: this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.run_id = ?`),
      insertRun: this.db.prepare('INSERT OR IGNORE INTO runs (run_id, workflow, version, bundle_hash, parent_run_id, status, created_at, updated_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)'),
      insertBundle: this.db.prepare('INSERT OR IGNORE INTO bundles (hash, bundle) VALUES (?, ?)'),
      readEvents: this.db.prepare('SELECT body FROM events WHERE run_id = ? AND seq > ? ORDER BY seq'),
      getRun: this.db.prepare(`SELECT ${RUN_COLUMNS}, b.bundle FROM runs r JOIN bundles b ON b.hash = r.bundle_hash WHERE r.run_id = ?`),
    };
  }

  /** Queued like an append, so creating many runs shares the group commit too. */
  createRun(run: NewRun): Promise<void> {
    return this.enqueue({ runId: run.runId, create: run, events: [] });
  }

  append(runId: string, events: readonly JournalEvent[]): Promise<void> {
    return this.enqueue({ runId, events });
  }

  private enqueue(item: Omit<Pending, 'resolve' | 'reject'>): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        if (this.groupCommit === 'microtask') queueMicrotask(() => this.flush());
        else setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued append in one transaction. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const accepted: Pending[] = [];
    const touched = new Map<string, RunCache & { at: number; stored: RunStatus }>();
    try {
      this.db.exec('BEGIN');
      for (const p of batch) {
        if (p.create) {
          const run = p.create;
          this.stmt.insertBundle.run(run.bundleHash, JSON.stringify(run.bundle));
          const r = this.stmt.insertRun.run(run.runId, run.workflow, run.version, run.bundleHash, run.parentRunId ?? null, 'running', run.createdAt, run.createdAt);
          if (Number(r.changes) === 0) { p.reject(new Error(`Run '${run.runId}' already exists`)); continue; }
          touched.set(run.runId, { lastSeq: 0, status: 'running', at: run.createdAt, stored: 'running' });
          accepted.push(p);
          continue;
        }
        const before = touched.get(p.runId) ?? this.runCache(p.runId);
        if (!before) { p.reject(new UnknownRunError(p.runId)); continue; }
        let seq = before.lastSeq;
        let bad: string | undefined;
        for (const e of p.events) if (e.seq !== ++seq) { bad = `Run ${p.runId}: expected event seq ${seq}, got ${e.seq}`; break; }
        if (bad) { p.reject(new JournalOrderError(bad)); continue; }
        let status = before.status;
        const prior = touched.get(p.runId);
        let at = prior?.at ?? 0;
        for (const e of p.events) {
          this.stmt.insertEvent.run(p.runId, e.seq, e.type, e.at, JSON.stringify(e));
          status = statusAfter(status, e);
          at = e.at;
        }
        touched.set(p.runId, { lastSeq: seq, status, at, stored: prior ? prior.stored : before.status });
        accepted.push(p);
      }
      for (const [runId, c] of touched) if (c.status !== c.stored) this.stmt.updateRun.run(c.status, c.at, runId);
      this.db.exec('COMMIT');
    } catch (err) {
      try { this.db.exec('ROLLBACK'); } catch { /* the transaction may not have begun */ }
      for (const runId of touched.keys()) this.cache.delete(runId);
      for (const p of accepted) p.reject(err);
      return;
    }
    for (const [runId, c] of touched) this.cache.set(runId, { lastSeq: c.lastSeq, status: c.status });
    for (const p of accepted) p.resolve();
    if (this.waiters.size) for (const runId of touched.keys()) this.waiters.notify(runId);
  }

  private runCache(runId: string): RunCache | undefined {
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const row = this.stmt.runCache.get(runId) as { cur_seq: number; status: RunStatus } | undefined;
    if (!row) return undefined;
    const c = { lastSeq: Number(row.cur_seq), status: row.status };
    this.cache.set(runId, c);
    return c;
  }

  /** Waits until everything queued so far is committed. */
  private async drain(): Promise<void> {
    if (this.queue.length === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.queue.length) this.flush();
  }

  async readEvents(runId: string, afterSeq = 0): Promise<JournalEvent[]> {
    await this.drain();
    if (!this.runCache(runId)) throw new UnknownRunError(runId);
    const rows = this.stmt.readEvents.all(runId, afterSeq) as Array<{ body: string }>;
    return rows.map((r) => JSON.parse(r.body) as JournalEvent);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    await this.drain();
    const row = this.stmt.getRun.get(runId) as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return { ...toSummary(row), bundle: JSON.parse(row['bundle'] as string) as WorkflowBundle };
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    await this.drain();
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.workflow !== undefined) { where.push('workflow = ?'); params.push(filter.workflow); }
    if (filter.parentRunId !== undefined) { where.push('parent_run_id = ?'); params.push(filter.parentRunId); }
    if (filter.status !== undefined) {
      const list = Array.isArray(filter.status) ? filter.status : [filter.status];
      where.push(`status IN (${list.map(() => '?').join(', ')})`);
      params.push(...list);
    }
    let sql = `SELECT ${RUN_COLUMNS} FROM runs r`;
    if (where.length) sql += ' WHERE ' + where.join(' AND ');
    sql += ' ORDER BY created_at DESC, run_id DESC';
    if (filter.limit !== undefined) { sql += ' LIMIT ?'; params.push(filter.limit); }
    return (this.db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map(toSummary);
  }

  async waitForEvents(runId: string, afterSeq: number, options: WaitOptions = {}): Promise<JournalEvent[]> {
    for (;;) {
      await this.drain();
      this.cache.delete(runId); // another process may have appended
      if (!this.runCache(runId)) throw new UnknownRunError(runId);
      const rows = this.stmt.readEvents.all(runId, afterSeq) as Array<{ body: string }>;
      if (rows.length) return rows.map((r) => JSON.parse(r.body) as JournalEvent);
      const poll = new AbortController();
      const timer = setTimeout(() => poll.abort(), this.pollMs);
      const signal = options.signal ? AbortSignal.any([options.signal, poll.signal]) : poll.signal;
      try {
        await this.waiters.wait(runId, signal);
      } catch (err) {
        if (options.signal?.aborted) throw err;
      } finally {
        clearTimeout(timer);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length) this.flush();
    this.closed = true;
    this.db.close();
  }
}

function toSummary(row: Record<string, unknown>): RunSummary {
  const s: RunSummary = {
    runId: row['run_id'] as string,
    workflow: row['workflow'] as string,
    version: row['version'] as string,
    bundleHash: row['bundle_hash'] as string,
    status: row['status'] as RunStatus,
    createdAt: Number(row['created_at']),
    updatedAt: Math.max(Number(row['updated_at']), Number(row['cur_at'] ?? 0)),
    lastSeq: Number(row['cur_seq']),
  };
  if (row['parent_run_id'] != null) s.parentRunId = row['parent_run_id'] as string;
  return s;
}
