// Store — runs and journals in SQLite through Node's built-in `node:sqlite` (the embedded
// default, `.weft/runs.db`). WAL journal mode; appends from every run are grouped into one
// transaction per tick (group commit), so many concurrent runs share each commit's fsync; each
// run's part of a commit is one `journal` row (a JSON array of its events). The tables and their
// conversion are in `sqlite-layout.ts`; see docs/runtime.md, "Store layout".

import { statSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { WorkflowBundle } from '../ir/index.js';
import type { JournalEvent } from '../journal/journal-event.js';
import { TERMINAL_STATUSES, type RunStatus } from '../journal/workflow-state.js';
import { EventWaiters } from './event-waiters.js';
import { decodeRow, encodeRow } from './journal-row-codec.js';
import { openStoreFile, type StoreAccess } from './sqlite-open.js';
import { PruneSelection, prunedRun } from './prune-selection.js';
import { runsRowSummary } from './runs-row.js';
import { carriedRunsIn } from './run-carriers.js';
import type { BroadcastAnswer, EventRequest, ForwardedAnswer, RequestAnswer, RunControlRequest } from './run-requests.js';
import { SqliteRequests, type TakenRequest } from './sqlite-requests.js';
import { SqliteSlots } from './sqlite-slots.js';
import { COUNT_TAIL_ROWS, INDEX_TAIL_ROWS, MARK_INDEXED, PRUNE_GENERATION, READ_ROWS, RUN_COLUMNS, RUNS_WITH_TAIL, WITH_TAIL } from './sqlite-layout.js';
import {
  JournalOrderError, RunKeyTakenError, UnknownRunError, statusAfter,
  type AppendDone, type NewRun, type PruneRequest, type PrunedRun, type RunFilter, type RunRecord, type RunStore, type RunSummary, type StepAppender, type WaitOptions,
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
  /**
   * WAL pages after which a commit checkpoints the WAL into the database (default 10,000, about
   * 20 MB with 2 KiB pages; SQLite's own default is 1,000). A checkpoint syncs the database file, so fewer of them
   * keep file syncs out of most commits; the same pages are copied either way.
   */
  walAutocheckpoint?: number;
  /**
   * Page size of a new database file (default 2,048 bytes; SQLite's own default is 4,096). A
   * sequential run's commit writes one page (its journal row), and 2 KiB made it cheapest
   * (512 B to 4 KiB measured); 1,024 also made commits of many runs slower.
   */
  pageSize?: 512 | 1024 | 2048 | 4096 | 8192 | 16384 | 32768 | 65536;
  /**
   * `create` (default): a missing file is made, with its folder. `existing`: a missing file is
   * `NoRunStoreError`. `read`: that too, and the file is opened read-only (a store of an earlier
   * layout is converted first, which needs it writable); the store then only reads.
   */
  access?: StoreAccess;
}

function pageSizeOf(size: number | undefined): number {
  return size !== undefined && Number.isInteger(Math.log2(size)) && size >= 512 && size <= 65536 ? size : 2048;
}

const NO_EVENTS: readonly JournalEvent[] = [];

/**
 * Top-level runs `pruneRuns` deletes per write transaction: ~15 ms with the lock held for 200
 * ten-step runs (docs/cli.md "Pruning runs"), so a server's commits beside a large prune wait that
 * long at most (they would fail after `busy_timeout`, 5 s, and so would their runs).
 */
const PRUNE_BATCH = 200;

/** A run's sub-runs and theirs (`?1`: the run's id), through `runs_by_parent`. */
const SUB_RUNS = `WITH RECURSIVE tree(run_key, run_id, status, bundle_hash) AS (
  SELECT run_key, run_id, status, bundle_hash FROM runs WHERE parent_run_id = ?1
  UNION ALL
  SELECT r.run_key, r.run_id, r.status, r.bundle_hash FROM runs r JOIN tree t ON r.parent_run_id = t.run_id)
SELECT run_key, run_id, status, bundle_hash FROM tree`;

export const DEFAULT_STORE_FILE = path.join('.weft', 'runs.db');

interface Pending {
  runId: string;
  /** Set for a run to create (then `events` is empty). */
  create: NewRun | undefined;
  events: readonly JournalEvent[];
  /** Called once the commit holds (`null`) or failed (the error). */
  done: AppendDone;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** Tells an append how it ended; a throwing callback does not keep the others from theirs. */
function settle(p: Pending, err: Error | null): void {
  try {
    p.done(err);
  } catch (thrown) {
    queueMicrotask(() => { throw thrown; });
  }
}

/** Settles a promise-style append (`createRun`, `append`) through its `done`. */
function promised(start: (done: AppendDone) => void): Promise<void> {
  return new Promise<void>((resolve, reject) => start((err) => (err ? reject(err) : resolve())));
}

/**
 * What the store remembers of a run it appends to, and the run's part of the commit being built
 * (the fields after `status`, valid while `commit` is that commit's number): one object per run,
 * so a commit of many runs allocates nothing per run.
 */
interface RunCache {
  runId: string;
  /** `runs.run_key`: how its journal rows name the run. */
  key: number;
  /** The last seq and the status as committed (`status` is what `runs` holds). */
  lastSeq: number;
  status: RunStatus;
  /** The number of the commit that last touched the run. */
  commit: number;
  /** Seq and status as that commit leaves them, and the time of its last event. */
  nextSeq: number;
  nextStatus: RunStatus;
  at: number;
  /** The events of its journal row in that commit, if it appends any. */
  events: readonly JournalEvent[] | undefined;
}

function runCacheOf(runId: string, key: number, lastSeq: number, status: RunStatus): RunCache {
  return { runId, key, lastSeq, status, commit: 0, nextSeq: lastSeq, nextStatus: status, at: 0, events: undefined };
}

/** Writes the values of `insertRun` for `run` at `at` (status running, created and updated at its creation). */
function writeRunParams(params: Array<number | string | null>, at: number, run: NewRun): void {
  params[at] = run.runId;
  params[at + 1] = run.workflow;
  params[at + 2] = run.version;
  params[at + 3] = run.bundleHash;
  params[at + 4] = run.parentRunId ?? null;
  params[at + 5] = 'running';
  params[at + 6] = run.createdAt;
  params[at + 7] = run.createdAt;
  params[at + 8] = run.key ?? null;
  params[at + 9] = run.key === undefined ? null : run.keyInputs ?? null;
}

/**
 * Journal rows appended after which a commit also indexes the tail (`journal_runs`): readers scan
 * at most about this many unindexed rows (more while another process appends), and a
 * sequential run pays for an index pass (a transaction of the general path) once per this many
 * steps instead of every step. 256 until session 26: the passes were ~0.6 µs of a NORMAL
 * sequential step of ~20 (0.16 ms each, timed inside), and the step read ~1 µs lower at 1,024 in
 * eight alternations (docs/benchmarks.md "Session 26"); a reader's scan of 1,024 rows is well
 * under a millisecond.
 */
const INDEX_EVERY = 1024;

/**
 * Journal rows one INSERT statement writes in a commit of many runs: one node:sqlite call per
 * this many rows instead of one per row (micro-benchmark, 1,000-row FULL commits: 1.88 -> 1.25
 * µs of CPU per row); the rest of a commit's rows go one by one.
 */
const ROWS_PER_INSERT = 32;
const ROW_PARAMS = 5;

/**
 * Runs one INSERT statement creates in a commit that creates many (a burst of starts, the
 * concurrent-runs benchmark): one node:sqlite call and one RETURNING pass per this many runs
 * instead of one per run (micro-benchmark, 1,000 creations per FULL commit: 11–13 -> 8.3–8.9
 * µs wall per run, docs/benchmarks.md "Session 26"); the rest are created one by one.
 */
const RUNS_PER_INSERT = 32;
const RUN_PARAMS = 10;
const RUN_COLUMNS_WRITTEN = 'run_id, workflow, version, bundle_hash, parent_run_id, status, created_at, updated_at, last_seq, idem_key, key_inputs';
const RUN_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)';

/** `SQLITE_CONSTRAINT_PRIMARYKEY`: the journal id this store meant to take is taken. */
const PRIMARY_KEY_TAKEN = 1555;

function isIdTaken(err: unknown): boolean {
  return (err as { errcode?: number } | null)?.errcode === PRIMARY_KEY_TAKEN;
}

export class SqliteRunStore implements RunStore {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly waiters = new EventWaiters();
  private readonly cache = new Map<string, RunCache>();
  /** Bundle hashes known to be in `bundles` (a bundle's JSON is written once, not per run). */
  private readonly storedBundles = new Set<string>();
  private queue: Pending[] = [];
  /** The parameters of `insertRows`, filled row by row (a commit's rows wait here for it). */
  private readonly rowParams: Array<number | string> = new Array<number | string>(ROWS_PER_INSERT * ROW_PARAMS).fill(0);
  /** The parameters of `insertRuns`, filled run by run. */
  private readonly runParams: Array<number | string | null> = new Array<number | string | null>(RUNS_PER_INSERT * RUN_PARAMS).fill(null);
  /** Numbers the commits built by `flush` (see `RunCache.commit`). */
  private commits = 0;
  private flushScheduled = false;
  private closed = false;
  private readonly groupCommit: 'immediate' | 'microtask';
  private readonly pollMs: number;
  /**
   * The journal id of this store's next row, as long as no other connection appended since this
   * one last committed (`undefined`: not known, the next commit reads it). Rows are inserted
   * with this id, so an insert fails when another process appended in between: the seq cache
   * may then be stale, and the commit is redone with the runs' seqs read back from the file.
   */
  private nextId: number | undefined;
  /** Journal rows after `journal_indexed.through`, as far as this store knows. */
  private unindexed: number;
  private readonly stmt: {
    insertRow: StatementSync; insertRows: StatementSync; updateRun: StatementSync; runCache: StatementSync; insertRun: StatementSync;
    insertRuns: StatementSync; insertBundle: StatementSync; readRows: StatementSync; getRun: StatementSync; begin: StatementSync; commit: StatementSync;
    maxId: StatementSync; runKeysFrom: StatementSync; indexTail: StatementSync; markIndexed: StatementSync; runKey: StatementSync;
    insertRowUnpruned: StatementSync; generation: StatementSync; keyHolder: StatementSync;
  };
  /** The file's prune count as this store last read it (see `commitAlone`). */
  private generation = 0;

  /**
   * `RunStore.appendSync`, offered only while this store appends for one unfinished run at most
   * and has nothing queued (`offerAtOnce`): the engine's chain path then commits a lone
   * sequential run's steps at once, each in its own autocommit insert as before, without the
   * general path's turns (~1.1–1.4 µs of a ~20 µs NORMAL step, docs/benchmarks.md "Session
   * 27"). With several runs under way, or an append queued, it is undefined and every commit
   * waits for the group commit. A wrapper put in its place (the crash tests' hook) stays.
   */
  appendSync: ((runId: string, events: readonly JournalEvent[]) => void) | undefined;
  private readonly appendAtOnceFn = (runId: string, events: readonly JournalEvent[]): void => this.appendAtOnce(runId, events);

  constructor(options: SqliteRunStoreOptions = {}) {
    this.file = options.file ?? DEFAULT_STORE_FILE;
    this.db = openStoreFile(this.file, {
      access: options.access ?? 'create', pageSize: pageSizeOf(options.pageSize),
      synchronous: options.synchronous === 'FULL' ? 'FULL' : 'NORMAL', walAutocheckpoint: options.walAutocheckpoint ?? 10_000,
    });
    this.groupCommit = options.groupCommit ?? 'microtask';
    this.pollMs = options.pollMs ?? 250;
    this.stmt = {
      insertRow: this.db.prepare('INSERT INTO journal (id, run_key, last, at, body) VALUES (?, ?, ?, ?, ?)'),
      insertRows: this.db.prepare(`INSERT INTO journal (id, run_key, last, at, body) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?)').join(', ')}`),
      updateRun: this.db.prepare('UPDATE runs SET status = ?, updated_at = MAX(updated_at, ?) WHERE run_key = ?'),
      runCache: this.db.prepare(`${WITH_TAIL} SELECT ${RUN_COLUMNS} FROM ${RUNS_WITH_TAIL} WHERE r.run_id = ?`),
      insertRun: this.db.prepare(`INSERT OR IGNORE INTO runs (${RUN_COLUMNS_WRITTEN}) VALUES ${RUN_VALUES} RETURNING run_key`),
      // RETURNING's order is not defined: each row says which run it is.
      insertRuns: this.db.prepare(`INSERT OR IGNORE INTO runs (${RUN_COLUMNS_WRITTEN}) VALUES ${Array(RUNS_PER_INSERT).fill(RUN_VALUES).join(', ')}
        RETURNING run_id, run_key`),
      keyHolder: this.db.prepare('SELECT run_id, key_inputs FROM runs WHERE workflow = ? AND idem_key = ?'),
      insertBundle: this.db.prepare('INSERT OR IGNORE INTO bundles (hash, bundle) VALUES (?, ?)'),
      readRows: this.db.prepare(READ_ROWS),
      getRun: this.db.prepare(`${WITH_TAIL} SELECT ${RUN_COLUMNS}, b.bundle FROM ${RUNS_WITH_TAIL} JOIN bundles b ON b.hash = r.bundle_hash WHERE r.run_id = ?`),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      // The last journal id taken: the highest row's, or the indexed mark's if higher (a prune
      // deleted rows up to it). A new row always goes after both: ids are never given twice, and
      // a row at or below the mark would never be indexed, so never read.
      maxId: this.db.prepare('SELECT MAX((SELECT COALESCE(MAX(id), 0) FROM journal), (SELECT through FROM journal_indexed)) AS id'),
      runKeysFrom: this.db.prepare('SELECT DISTINCT run_key FROM journal WHERE id >= ?'),
      indexTail: this.db.prepare(INDEX_TAIL_ROWS),
      markIndexed: this.db.prepare(MARK_INDEXED),
      runKey: this.db.prepare('SELECT run_key FROM runs WHERE run_id = ?'),
      insertRowUnpruned: this.db.prepare(`INSERT INTO journal (id, run_key, last, at, body) SELECT ?, ?, ?, ?, ? WHERE (${PRUNE_GENERATION}) = ?`),
      generation: this.db.prepare(PRUNE_GENERATION),
    };
    this.generation = this.pruneGeneration();
    this.unindexed = Number((this.db.prepare(COUNT_TAIL_ROWS).get() as { n: number }).n);
    this.appendSync = this.appendAtOnceFn;
  }

  /** Offers `appendSync` when this store appends for one unfinished run at most and has nothing queued. */
  private offerAtOnce(): void {
    const own = this.appendAtOnceFn;
    if (this.appendSync !== undefined && this.appendSync !== own) return;
    this.appendSync = !this.closed && this.queue.length === 0 && this.cache.size <= 1 ? own : undefined;
  }

  /**
   * Commits `events` of `runId` before it returns, behind whatever was queued (so nothing commits
   * out of order), as `flush` commits: alone in its autocommit insert (`commitAlone`) when it is
   * the only append, else in one transaction with the others. Throws what it was refused with.
   */
  private appendAtOnce(runId: string, events: readonly JournalEvent[]): void {
    if (this.closed) throw new Error('The run store is closed');
    let refused: Error | null = null;
    this.queue.push({ runId, create: undefined, events, done: (err) => { refused = err; } });
    this.flush();
    if (refused !== null) throw refused;
  }

  /** The run's journal for the engine's commits while `appendSync` is offered: each commits at once (`appendAtOnce`). */
  stepAppender(runId: string): StepAppender {
    return {
      append: (events) => this.appendAtOnce(runId, events),
      appendStep: (completed, started) => this.appendAtOnce(runId, [completed, started]),
    };
  }

  /** Queued like an append, so creating many runs shares the group commit too. */
  createRun(run: NewRun): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    return promised((done) => this.enqueue(run.runId, run, NO_EVENTS, done));
  }

  append(runId: string, events: readonly JournalEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    return promised((done) => this.enqueue(runId, undefined, events, done));
  }

  appendThen(runId: string, events: readonly JournalEvent[], done: AppendDone): void {
    if (this.closed) {
      queueMicrotask(() => done(new Error('The run store is closed')));
      return;
    }
    this.enqueue(runId, undefined, events, done);
  }

  // Two hops: the turns queued behind this one (e.g. the first turn of a run whose creation is
  // queued here) join the commit too. Bound once: no closures per commit.
  private readonly flushNow = (): void => this.flush();
  private readonly flushAfterHop = (): void => queueMicrotask(this.flushNow);

  private enqueue(runId: string, create: NewRun | undefined, events: readonly JournalEvent[], done: AppendDone): void {
    this.queue.push({ runId, create, events, done });
    if (this.appendSync === this.appendAtOnceFn) this.appendSync = undefined;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      if (this.groupCommit === 'microtask') queueMicrotask(this.flushAfterHop);
      else setImmediate(this.flushNow);
    }
  }

  /** Commits every queued append in one transaction (one journal row per run), then offers `appendSync` again if it may. */
  private flush(): void {
    this.commitQueued();
    this.offerAtOnce();
  }

  private commitQueued(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    if (batch.length === 1 && this.commitAlone(batch[0]!)) return;
    const accepted: Pending[] = [];
    /** Appends refused while building the commit: told after it, outside the transaction. */
    const refusals: Array<[Pending, Error]> = [];
    const touched: RunCache[] = [];
    const newBundles: string[] = [];
    /** Runs whose creation this commit refused: their appends here fail with the same error. */
    let refused: Map<string, Error> | undefined;
    const commit = ++this.commits;
    /** The journal ids this commit takes: firstId, firstId + 1, ... up to id - 1. */
    let firstId = 0;
    let id = 0;
    let indexed = false;
    try {
      this.stmt.begin.run();
      const lastId = Number((this.stmt.maxId.get() as { id: number }).id);
      const generation = this.pruneGeneration();
      if (generation !== this.generation) {
        // Runs were pruned since: what this store remembers of runs and bundles may be gone
        // (forgotten below, as for a store whose next id is unknown).
        this.generation = generation;
        this.nextId = undefined;
      }
      if (this.nextId !== lastId + 1) {
        // Another connection appended since this one last committed (or this is its first
        // commit): the seqs it remembers of the runs appended to may be behind the file, so they
        // are read again (under the write lock), and the tail the others left is indexed now.
        if (this.nextId === undefined || this.nextId > lastId) this.forgetEverything();
        else this.forgetRunsAppendedFrom(this.nextId);
        this.unindexed = INDEX_EVERY;
      }
      firstId = id = lastId + 1;
      /** Run keys of the creations made ahead of the appends (`createRuns`), taken as they are met below. */
      const created = this.createRuns(batch, newBundles);
      for (const p of batch) {
        if (p.create) {
          const run = p.create;
          const key = created?.get(run.runId);
          if (key === undefined) {
            const err = this.keyTaken(run) ?? new Error(`Run '${run.runId}' already exists`);
            (refused ??= new Map()).set(run.runId, err);
            refusals.push([p, err]);
            continue;
          }
          // A second creation of the same id in this commit finds none, and is refused.
          created!.delete(run.runId);
          // Cached at once, so this commit's appends for the run find it; dropped if it fails.
          const c = runCacheOf(run.runId, Number(key), 0, 'running');
          c.commit = commit;
          c.at = run.createdAt;
          this.cache.set(run.runId, c);
          touched.push(c);
          accepted.push(p);
          continue;
        }
        const refusal = refused?.get(p.runId);
        if (refusal) { refusals.push([p, refusal]); continue; }
        const c = this.runCache(p.runId);
        if (!c) { refusals.push([p, new UnknownRunError(p.runId)]); continue; }
        if (p.events.length === 0) { accepted.push(p); continue; }
        if (c.commit !== commit) {
          c.commit = commit;
          c.nextSeq = c.lastSeq;
          c.nextStatus = c.status;
          c.events = undefined;
          touched.push(c);
        }
        let seq = c.nextSeq;
        let bad: string | undefined;
        for (const e of p.events) if (e.seq !== ++seq) { bad = `Run ${p.runId}: expected event seq ${seq}, got ${e.seq}`; break; }
        if (bad) { refusals.push([p, new JournalOrderError(bad)]); continue; }
        let status = c.nextStatus;
        for (const e of p.events) status = statusAfter(status, e);
        c.nextStatus = status;
        c.nextSeq = seq;
        c.at = p.events[p.events.length - 1]!.at;
        // Several appends of one run in one commit (rare) still make one row.
        if (c.events === undefined) c.events = p.events;
        else c.events = [...c.events, ...p.events];
        accepted.push(p);
      }
      const params = this.rowParams;
      let rows = 0;
      for (const c of touched) {
        if (c.events) {
          const at = rows * ROW_PARAMS;
          params[at] = id++;
          params[at + 1] = c.key;
          params[at + 2] = c.nextSeq;
          params[at + 3] = c.at;
          params[at + 4] = encodeRow(c.events, c.at);
          if (++rows === ROWS_PER_INSERT) {
            this.stmt.insertRows.run(...params);
            rows = 0;
          }
        }
        if (c.nextStatus !== c.status) this.stmt.updateRun.run(c.nextStatus, c.at, c.key);
      }
      for (let r = 0, at = 0; r < rows; r++, at += ROW_PARAMS) {
        this.stmt.insertRow.run(params[at]!, params[at + 1]!, params[at + 2]!, params[at + 3]!, params[at + 4]!);
      }
      if (this.unindexed + (id - firstId) >= INDEX_EVERY) {
        this.indexTailRows();
        indexed = true;
      }
      this.stmt.commit.run();
    } catch (err) {
      try { this.db.exec('ROLLBACK'); } catch { /* the transaction may not have begun */ }
      this.nextId = undefined;
      for (const c of touched) this.cache.delete(c.runId);
      for (const [p, refusal] of refusals) settle(p, refusal);
      const error = asError(err);
      for (const p of accepted) settle(p, error);
      return;
    }
    this.unindexed = indexed ? 0 : this.unindexed + (id - firstId);
    this.nextId = id;
    for (const h of newBundles) this.storedBundles.add(h);
    for (const c of touched) {
      c.lastSeq = c.nextSeq;
      c.status = c.nextStatus;
      c.events = undefined;
      // A finished run leaves the cache (it stays small); a control that reopens it reads it back.
      if (TERMINAL_STATUSES.has(c.status)) this.cache.delete(c.runId);
    }
    if (this.waiters.size) for (const c of touched) this.waiters.notify(c.runId);
    for (const [p, refusal] of refusals) settle(p, refusal);
    for (const p of accepted) settle(p, null);
  }

  /**
   * Creates the batch's runs ahead of its appends, `RUNS_PER_INSERT` to a statement (the rest one
   * by one), their bundles first: the run key of each run created, by id (a run refused, its id
   * or idempotency key taken, is not there). `undefined` when the batch creates none.
   */
  private createRuns(batch: readonly Pending[], newBundles: string[]): Map<string, number> | undefined {
    if (!batch.some((p) => p.create)) return undefined;
    const created = new Map<string, number>();
    const params = this.runParams;
    let runs = 0;
    for (const p of batch) {
      const run = p.create;
      if (!run) continue;
      if (!this.storedBundles.has(run.bundleHash) && !newBundles.includes(run.bundleHash)) {
        this.stmt.insertBundle.run(run.bundleHash, JSON.stringify(run.bundle));
        newBundles.push(run.bundleHash);
      }
      writeRunParams(params, runs * RUN_PARAMS, run);
      if (++runs === RUNS_PER_INSERT) {
        for (const r of this.stmt.insertRuns.all(...params) as Array<{ run_id: string; run_key: number }>) created.set(r.run_id, Number(r.run_key));
        runs = 0;
      }
    }
    for (let i = 0; i < runs; i++) {
      const at = i * RUN_PARAMS;
      const r = this.stmt.insertRun.get(...params.slice(at, at + RUN_PARAMS)) as { run_key: number } | undefined;
      if (r) created.set(params[at] as string, Number(r.run_key));
    }
    return created;
  }

  /**
   * The commit of a sequential run: one append of a known run that leaves its status as it is,
   * so one journal row is the whole transaction (autocommit, without BEGIN and COMMIT
   * statements), inserted with the id this store expects to be next (taken: another process
   * appended, and the general path takes over). Returns false, having committed nothing, when
   * the append is not of that kind or the tail is due to be indexed.
   */
  private commitAlone(p: Pending): boolean {
    const id = this.nextId;
    if (p.create || p.events.length === 0 || id === undefined || this.unindexed >= INDEX_EVERY) return false;
    const run = this.cache.get(p.runId);
    if (!run) return false;
    let seq = run.lastSeq;
    let status = run.status;
    for (const e of p.events) {
      if (e.seq !== ++seq) return false; // the general path reports it
      status = statusAfter(status, e);
    }
    if (status !== run.status) return false;
    try {
      // Inserted only while no prune happened since this store knew (`journal_pruned`): a prune
      // may have freed the id, below rows this store never read.
      const rowAt = p.events[p.events.length - 1]!.at;
      const inserted = this.stmt.insertRowUnpruned.run(id, run.key, seq, rowAt, encodeRow(p.events, rowAt), this.generation);
      if (Number(inserted.changes) === 0) {
        this.nextId = undefined;
        return false;
      }
    } catch (err) {
      this.nextId = undefined;
      // Another process appended since this store's last commit: the general path reads the
      // run's seq back from the file and commits (or refuses) this append.
      if (isIdTaken(err)) return false;
      this.cache.delete(p.runId);
      settle(p, asError(err));
      return true;
    }
    this.nextId = id + 1;
    this.unindexed++;
    run.lastSeq = seq;
    if (this.waiters.size) this.waiters.notify(p.runId);
    settle(p, null);
    return true;
  }

  /** Drops the cached runs that journal rows from `id` on (other connections' rows) append to. */
  private forgetRunsAppendedFrom(id: number): void {
    const keys = new Set((this.stmt.runKeysFrom.all(id) as Array<{ run_key: number }>).map((r) => Number(r.run_key)));
    for (const [runId, c] of this.cache) if (keys.has(c.key)) this.cache.delete(runId);
  }

  /** How many prunes the file has seen (`journal_pruned`). */
  private pruneGeneration(): number {
    return Number((this.stmt.generation.get() as { generation: number }).generation);
  }

  /** Forgets every run and bundle remembered: the file may have changed under them (a prune deletes both). */
  private forgetEverything(): void {
    this.cache.clear();
    this.storedBundles.clear();
  }

  /** The run as this store appends to it (cached until it ends here). */
  private runCache(runId: string): RunCache | undefined {
    const cached = this.cache.get(runId);
    if (cached) return cached;
    const row = this.stmt.runCache.get(runId) as { run_key: number; cur_seq: number; status: RunStatus } | undefined;
    if (!row) return undefined;
    const c = runCacheOf(runId, Number(row.run_key), Number(row.cur_seq), row.status);
    this.cache.set(runId, c);
    return c;
  }

  /**
   * The run key of `runId` for a read: the cached one of a run this store appends to, else read
   * from the file and not cached (a long-lived reader such as `weft serve` reads every run; and a
   * pruned run's key may be given to a new run, which a remembered key would then read).
   */
  private keyToRead(runId: string): number | undefined {
    const cached = this.cache.get(runId);
    if (cached) return cached.key;
    const row = this.stmt.runKey.get(runId) as { run_key: number } | undefined;
    return row === undefined ? undefined : Number(row.run_key);
  }

  /** Waits until everything queued so far is committed. */
  private async drain(): Promise<void> {
    if (this.queue.length === 0) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.queue.length) this.flush();
  }

  async readEvents(runId: string, afterSeq = 0): Promise<JournalEvent[]> {
    await this.drain();
    const key = this.keyToRead(runId);
    if (key === undefined) throw new UnknownRunError(runId);
    return this.eventsAfter(key, afterSeq);
  }

  /** The run's events with seq > afterSeq, from the journal rows that hold any. */
  private eventsAfter(key: number, afterSeq: number): JournalEvent[] {
    const rows = this.stmt.readRows.all(key, afterSeq) as Array<{ body: string; last: number; at: number }>;
    const out: JournalEvent[] = [];
    for (const r of rows) decodeRow(r.body, Number(r.last), Number(r.at), afterSeq, out);
    return out;
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
    if (filter.workflow !== undefined) { where.push('r.workflow = ?'); params.push(filter.workflow); }
    if (filter.parentRunId !== undefined) { where.push('r.parent_run_id = ?'); params.push(filter.parentRunId); }
    if (filter.key !== undefined) { where.push('r.idem_key = ?'); params.push(filter.key); }
    if (filter.status !== undefined) {
      const list = Array.isArray(filter.status) ? filter.status : [filter.status];
      where.push(`r.status IN (${list.map(() => '?').join(', ')})`);
      params.push(...list);
    }
    if (filter.since !== undefined) { where.push('r.created_at >= ?'); params.push(filter.since); }
    if (filter.until !== undefined) { where.push('r.created_at < ?'); params.push(filter.until); }
    if (filter.after !== undefined) {
      where.push('(r.created_at < ? OR (r.created_at = ? AND r.run_id < ?))');
      params.push(filter.after.createdAt, filter.after.createdAt, filter.after.runId);
    }
    let sql = `${WITH_TAIL} SELECT ${RUN_COLUMNS} FROM ${RUNS_WITH_TAIL}`;
    if (where.length) sql += ' WHERE ' + where.join(' AND ');
    sql += ' ORDER BY r.created_at DESC, r.run_id DESC';
    if (filter.limit !== undefined) { sql += ' LIMIT ?'; params.push(filter.limit); }
    return (this.db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map(toSummary);
  }

  async waitForEvents(runId: string, afterSeq: number, options: WaitOptions = {}): Promise<JournalEvent[]> {
    for (;;) {
      await this.drain();
      const key = this.keyToRead(runId);
      if (key === undefined) throw new UnknownRunError(runId);
      const events = this.eventsAfter(key, afterSeq);
      if (events.length) return events;
      await this.waiters.nextLook(runId, this.pollMs, options.signal);
    }
  }

  /**
   * Deletes the ended runs `request` selects with their sub-runs, `PRUNE_BATCH` top-level runs
   * per transaction, each reading their statuses again under the write lock (a run a control
   * reopened is left alone; a run goes with all its sub-runs or not at all). What goes:
   * the runs' rows, their journal rows and index entries, their bundles when no run is left
   * with them. Each transaction counts up `journal_pruned`: every other connection's next commit
   * sees it and forgets what it remembers of runs and bundles (an append to a deleted run then
   * fails with `UnknownRunError`, a bundle is written again), and its sequential commit, which
   * inserts at the id after its own last one, does not insert into an id a prune freed.
   * SQLite reuses the freed pages; the file does not shrink (`vacuum`, with nothing else using
   * the store, gives them back).
   */
  async pruneRuns(request: PruneRequest): Promise<PrunedRun[]> {
    if (this.closed) throw new Error('The run store is closed');
    const selection = new PruneSelection(request);
    await this.drain();
    const where = ['r.parent_run_id IS NULL', `r.status IN (${selection.statuses.map(() => '?').join(', ')})`];
    const params: Array<string | number> = [...selection.statuses];
    // `updated_at` (the last status change) is never later than the last event, so this only narrows.
    if (request.endedBefore !== undefined) { where.push('r.updated_at < ?'); params.push(request.endedBefore); }
    if (request.workflow !== undefined) { where.push('r.workflow = ?'); params.push(request.workflow); }
    if (request.runIds !== undefined) {
      if (request.runIds.length === 0) return [];
      where.push(`r.run_id IN (${request.runIds.map(() => '?').join(', ')})`);
      params.push(...request.runIds);
    }
    const select = (extra = '') => `${WITH_TAIL} SELECT ${RUN_COLUMNS} FROM ${RUNS_WITH_TAIL} WHERE ${where.join(' AND ')}${extra} ORDER BY r.run_key`;
    // The candidates a page at a time by run key, read without the write lock (a store of a
    // million runs is not read in one go); each page read again and, unless a dry run, deleted
    // in one write transaction, so that other processes' commits never wait long.
    const page = this.db.prepare(`SELECT r.run_key FROM runs r WHERE ${where.join(' AND ')} AND r.run_key > ? ORDER BY r.run_key LIMIT ${PRUNE_BATCH}`);
    const dry = request.dryRun === true;
    const pruned: PrunedRun[] = [];
    for (let after = 0, first = true; !this.closed; first = false) {
      // This process's own commits (a server's runs) go in between.
      if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) break;
      await this.drain();
      const batch = (page.all(...params, after) as Array<{ run_key: number }>).map((row) => Number(row.run_key));
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!;
      let done: PrunedRun[];
      this.db.exec(dry ? 'BEGIN' : 'BEGIN IMMEDIATE');
      try {
        const rows = this.db.prepare(select(` AND r.run_key IN (${batch.map(() => '?').join(', ')})`)).all(...params, ...batch) as Array<Record<string, unknown>>;
        done = this.pruneRows(selection, rows, !dry);
        this.db.exec(dry ? 'ROLLBACK' : 'COMMIT');
      } catch (err) {
        try { this.db.exec('ROLLBACK'); } catch { /* the transaction may not have begun */ }
        throw err;
      }
      pruned.push(...done);
      if (dry || done.length === 0) continue;
      // This connection's own memory, as every other's at its next commit.
      this.forgetEverything();
      this.generation = this.pruneGeneration();
      this.nextId = undefined;
      this.unindexed = 0;
      if (this.waiters.size) for (const p of done) for (const id of [p.runId, ...p.subRuns]) this.waiters.notify(id);
    }
    return pruned;
  }

  /**
   * Inside the caller's transaction: of `rows` (top-level runs as `RUN_COLUMNS` reads them), the
   * runs `selection` takes whose sub-runs have all ended, and, when `remove`, their deletion (see
   * `pruneRuns`). Answers with those runs.
   */
  private pruneRows(selection: PruneSelection, rows: ReadonlyArray<Record<string, unknown>>, remove: boolean): PrunedRun[] {
    const pruned: PrunedRun[] = [];
    const keys: number[] = [];
    const hashes = new Set<string>();
    const subRuns = this.db.prepare(SUB_RUNS);
    for (const row of rows) {
      const run = toSummary(row);
      if (!selection.takes(run)) continue;
      const tree = subRuns.all(run.runId) as Array<{ run_key: number; run_id: string; status: RunStatus; bundle_hash: string }>;
      if (tree.some((sub) => !TERMINAL_STATUSES.has(sub.status)) || selection.kept(run.runId)) continue;
      pruned.push(prunedRun(run, tree.map((sub) => sub.run_id)));
      keys.push(Number(row['run_key']));
      hashes.add(run.bundleHash);
      for (const sub of tree) {
        keys.push(Number(sub.run_key));
        hashes.add(sub.bundle_hash);
      }
    }
    if (!remove || keys.length === 0) return pruned;
    // Every other connection's next commit sees the count change (see `commitAlone`, `flush`).
    this.db.exec('UPDATE journal_pruned SET generation = generation + 1');
    // Every row of the runs is then in `journal_runs`.
    this.indexTailRows();
    const deleteRows = this.db.prepare('DELETE FROM journal WHERE id IN (SELECT id FROM journal_runs WHERE run_key = ?)');
    const unindex = this.db.prepare('DELETE FROM journal_runs WHERE run_key = ?');
    const deleteRun = this.db.prepare('DELETE FROM runs WHERE run_key = ?');
    for (const key of keys) {
      deleteRows.run(key);
      unindex.run(key);
      deleteRun.run(key);
    }
    const dropBundle = this.db.prepare('DELETE FROM bundles WHERE hash = ?1 AND NOT EXISTS (SELECT 1 FROM runs WHERE bundle_hash = ?1)');
    for (const hash of hashes) dropBundle.run(hash);
    return pruned;
  }

  /**
   * Gives the free pages back to the disk (`VACUUM`, then the WAL truncated): the file shrinks to
   * what its runs use. It rewrites the whole file and holds the write lock meanwhile, so another
   * process's commits wait (and fail after the busy timeout, 5 s): for a store nothing else uses.
   * Answers with the file's size before and after (bytes, the WAL included).
   */
  async vacuum(): Promise<{ before: number; after: number }> {
    if (this.closed) throw new Error('The run store is closed');
    await this.drain();
    const size = () => [this.file, `${this.file}-wal`].reduce((n, f) => { try { return n + statSync(f).size; } catch { return n; } }, 0);
    const before = size();
    this.db.exec('VACUUM');
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    this.forgetEverything();
    this.nextId = undefined;
    return { before, after: size() };
  }

  // Requests to the process on this machine that carries a run (`sqlite-requests.ts`), found
  // through the carrier records beside the file (`run-carriers.ts`).

  /** The requests' statements, prepared on first use (most stores never pass one). */
  private requestsDesk: SqliteRequests | undefined;

  private requests(): SqliteRequests {
    if (this.closed) throw new Error('The run store is closed');
    return (this.requestsDesk ??= new SqliteRequests(this.db, path.resolve(this.file), () => this.closed));
  }

  /** The unfinished runs no live carrier elsewhere has (another process, or another engine of this one than `asker`). */
  async unheldRuns(asker?: object): Promise<string[]> {
    const runs = await this.listRuns({ status: ['running', 'paused'] });
    if (this.file === ':memory:') return runs.map((r) => r.runId);
    const carried = carriedRunsIn(path.resolve(this.file), asker);
    return runs.filter((r) => !carried.has(r.runId)).map((r) => r.runId);
  }

  async forwardRequest(request: RunControlRequest, asker?: object): Promise<ForwardedAnswer | undefined> {
    if (this.file === ':memory:') return undefined;
    return this.requests().forward(request, asker);
  }

  async broadcastEvent(request: EventRequest, runIds?: readonly string[], asker?: object): Promise<BroadcastAnswer[]> {
    if (this.file === ':memory:') return [];
    return this.requests().broadcast(request, runIds, asker);
  }

  /** Takes up the requests addressed to carrier `name` of this store (`engine-carrier.ts` answers them). */
  takeRequests(name: string): TakenRequest[] {
    return this.requests().take(name);
  }

  /** Writes the answer to request `id`, taken up by this process. */
  answerTaken(id: number, answer: RequestAnswer): void {
    if (!this.closed) this.requests().answer(id, answer);
  }

  /** The locks and concurrency slots shared with the other processes of the file (`sqlite-slots.ts`), prepared on first use. */
  private slots: SqliteSlots | undefined;

  sharedSlots(): SqliteSlots | undefined {
    // A database in memory is this connection's alone.
    if (this.file === ':memory:') return undefined;
    return (this.slots ??= new SqliteSlots(this.db, () => this.closed));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length) this.flush();
    this.slots?.releaseAll();
    this.closed = true;
    if (this.nextId !== undefined && this.unindexed > 0) this.indexTail();
    this.db.close();
  }

  /** Puts the tail's rows into `journal_runs` (inside the caller's transaction). */
  private indexTailRows(): void {
    this.stmt.indexTail.run();
    this.stmt.markIndexed.run();
  }

  /** Why `run` was not inserted when another run of its workflow has its key (the id may be taken too: the key is the answer then). */
  private keyTaken(run: NewRun): RunKeyTakenError | undefined {
    if (run.key === undefined) return undefined;
    const holder = this.stmt.keyHolder.get(run.workflow, run.key) as { run_id: string; key_inputs: string | null } | undefined;
    if (!holder) return undefined;
    return new RunKeyTakenError(run.workflow, run.key, holder.run_id, (holder.key_inputs ?? undefined) === run.keyInputs);
  }

  /** Indexes what this store appended since the last index batch, so readers scan no tail. */
  private indexTail(): void {
    try {
      this.stmt.begin.run();
      this.indexTailRows();
      this.stmt.commit.run();
      this.unindexed = 0;
    } catch {
      // Only an optimisation (another process may hold the write lock): the rows stay readable.
      try { this.db.exec('ROLLBACK'); } catch { /* no transaction began */ }
    }
  }
}

/** A row as `RUN_COLUMNS` reads it: the last seq and time from the run's journal (`cur_seq`, `cur_at`). */
function toSummary(row: Record<string, unknown>): RunSummary {
  return runsRowSummary(row, Number(row['cur_seq']), Math.max(Number(row['updated_at']), Number(row['cur_at'] ?? 0)));
}
