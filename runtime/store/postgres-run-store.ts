// Store — runs and their journals in PostgreSQL (`pg`), for several processes on several
// machines that share one store: each append is one statement that checks, in the database, the
// journal's order (the run's `last_seq`) and that this process carries the run (`runs.carrier`,
// `postgres-claims.ts`), so a second writer of a run fails instead of forking its journal. Tables
// in their own schema (`weft` unless told otherwise), created on first use. See docs/runtime.md
// "The PostgreSQL store".

import os from 'node:os';
import pg from 'pg';
import type { WorkflowBundle } from '../ir/index.js';
import type { JournalEvent } from '../journal/journal-event.js';
import { TERMINAL_STATUSES, type RunStatus } from '../journal/workflow-state.js';
import { credentialsInUrl } from '../secrets/held-credentials.js';
import { EventWaiters } from './event-waiters.js';
import { PostgresClaims } from './postgres-claims.js';
import { PostgresRequests, REQUESTS_KEPT_MS, requestTables } from './postgres-requests.js';
import { PostgresSlots, slotTables } from './postgres-slots.js';
import { PruneSelection, prunedRun } from './prune-selection.js';
import { runsRowSummary } from './runs-row.js';
import {
  JournalOrderError, RunKeyTakenError, UnknownRunError, statusAfter,
  type NewRun, type PruneRequest, type PrunedRun, type RunFilter, type RunRecord, type RunStore, type RunSummary, type WaitOptions,
} from './run-store.js';
import type { BroadcastAnswer, EventRequest, ForwardedAnswer, RequestAnswer, RunControlRequest, RunRequest } from './run-requests.js';

export interface PostgresRunStoreOptions {
  /** A libpq connection URL: `postgres://user:password@host:port/database?…`. */
  url: string;
  /** The schema that holds the store's tables (default `weft`; made if missing): one database can hold several stores. */
  schema?: string;
  /** The most connections the store opens at once (default 10). */
  maxConnections?: number;
  /** How often `waitForEvents` looks for events other processes wrote (ms, default 250). */
  pollMs?: number;
  /**
   * This process as another process is told when it holds a run that one wants (`claimRun`),
   * e.g. `weft serve (pid 4711)`: the claims connection's `application_name` (63 bytes at most;
   * the host is added as the server sees it). Default: `weft (pid <pid>)`.
   */
  holder?: string;
}

/** The layout this store writes (`<schema>.layout`); a store of a higher one is refused. */
export const POSTGRES_LAYOUT_VERSION = 2;

/** The statuses a run can have, for the status a batch of events leads to from each (`statusMap`). */
const STATUSES: readonly RunStatus[] = ['running', 'paused', 'waiting', 'completed', 'failed', 'cancelled'];

/** The most runs' appends one group commit writes in one statement (`flush`), and the most runs one creation statement inserts. */
const GROUP_MAX = 500;

/** A run's creation waiting for its statement (`createQueued`). */
interface QueuedRun {
  run: NewRun;
  /** This process's carrier token when it asked: the new run is its from its insert on. */
  carrier: string;
  resolve(): void;
  reject(err: unknown): void;
}

/** An append waiting for its group commit. */
interface QueuedAppend {
  runId: string;
  /** The seq the run's journal must be at (the batch's first seq − 1). */
  after: number;
  last: number;
  at: number;
  map: string | null;
  body: string;
  resolve(): void;
  reject(err: unknown): void;
}

/** Top-level runs `pruneRuns` deletes per transaction (rows locked meanwhile: appends to them wait). */
const PRUNE_BATCH = 200;

/** A schema name the store puts in its SQL unquoted-safe: letters, digits and `_`, not starting with a digit. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function tables(s: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.layout (version integer NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.bundles (hash text PRIMARY KEY, bundle text NOT NULL);
CREATE TABLE IF NOT EXISTS ${s}.runs (
  run_key bigserial PRIMARY KEY,
  run_id text NOT NULL UNIQUE,
  workflow text NOT NULL,
  version text NOT NULL,
  bundle_hash text NOT NULL REFERENCES ${s}.bundles (hash),
  parent_run_id text,
  status text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  last_seq integer NOT NULL,
  idem_key text,
  key_inputs text,
  carrier bigint) WITH (fillfactor = 70);
CREATE INDEX IF NOT EXISTS runs_by_created ON ${s}.runs (created_at DESC, run_id COLLATE "C" DESC);
CREATE INDEX IF NOT EXISTS runs_by_workflow ON ${s}.runs (workflow, created_at);
CREATE INDEX IF NOT EXISTS runs_by_parent ON ${s}.runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS runs_unfinished ON ${s}.runs (status) WHERE status NOT IN ('completed', 'failed', 'cancelled');
CREATE UNIQUE INDEX IF NOT EXISTS runs_by_idem_key ON ${s}.runs (workflow, idem_key) WHERE idem_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${s}.journal (
  run_key bigint NOT NULL REFERENCES ${s}.runs (run_key) ON DELETE CASCADE,
  last integer NOT NULL,
  at bigint NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (run_key, last));
${requestTables(s)}
${slotTables(s)}`;
}

/** An append to a run this process does not carry (`runs.carrier` is not its token): refused, nothing written. */
export class RunNotCarriedHereError extends Error {
  override name = 'RunNotCarriedHereError';
}

/**
 * Thrown when the store cannot be used at all: the server cannot be reached, refuses the user,
 * or has no such database. Says which store (its URL without the password) and why, in one line.
 */
export class PostgresUnavailableError extends Error {
  override name = 'PostgresUnavailableError';
  constructor(shown: string, cause: unknown) {
    super(`cannot use the run store ${shown}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Thrown when the schema holds a store of a later layout than this Weft writes. */
export class NewerPostgresLayoutError extends Error {
  override name = 'NewerPostgresLayoutError';
}

/**
 * What the batch `events` does to a run's status, from each status it could have: only the
 * statuses it changes (`undefined` when it changes none), for the append's one statement
 * (`COALESCE($map::jsonb ->> status, status)`), so the status follows the journal without a
 * read first, whichever process wrote last.
 */
export function statusMap(events: readonly JournalEvent[]): string | undefined {
  let map: Record<string, RunStatus> | undefined;
  for (const from of STATUSES) {
    let status = from;
    for (const e of events) status = statusAfter(status, e);
    if (status !== from) (map ??= {})[from] = status;
  }
  return map === undefined ? undefined : JSON.stringify(map);
}

/** The URL with its password left out (for messages). */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** A row of `SUMMARY_COLUMNS`: the last seq and time are kept on the row. */
function summaryOf(row: Record<string, unknown>): RunSummary {
  return runsRowSummary(row, Number(row['last_seq']), Number(row['updated_at']));
}

const SUMMARY_COLUMNS = 'r.run_key, r.run_id, r.workflow, r.version, r.bundle_hash, r.parent_run_id, r.status, r.created_at, r.updated_at, r.last_seq, r.idem_key';

export class PostgresRunStore implements RunStore {
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly pollMs: number;
  private readonly waiters = new EventWaiters();
  /** The tables, made (or checked) once, before the first statement. */
  private ready: Promise<void> | undefined;
  /** Per run, this process's last write to it still in flight: writes of one run go in the order they were asked for. */
  private readonly tails = new Map<string, Promise<unknown>>();
  private closed = false;
  /** Which runs this process carries, on a connection of its own (`postgres-claims.ts`). */
  private readonly claims: PostgresClaims;
  /** Requests to and from the processes that carry runs (`postgres-requests.ts`). */
  private readonly requests: PostgresRequests;
  /** The locks and concurrency slots shared with the other processes of the store (`postgres-slots.ts`). */
  private readonly slots: PostgresSlots;
  /** Appends waiting for the next group commit, and whether it is scheduled (`flush`). */
  private queued: QueuedAppend[] = [];
  private flushScheduled = false;
  /** Runs waiting to be inserted, and whether their statement is scheduled (`createQueued`). */
  private creating: QueuedRun[] = [];
  private createScheduled = false;
  /**
   * Bundles this store wrote or found in the database: a run of one is created without sending
   * it again. A prune elsewhere may delete one meanwhile; the insert's reference check then
   * fails, and the bundle is sent after all (`insertRuns`).
   */
  private readonly knownBundles = new Set<string>();
  /** The URL without its password, for messages. */
  private readonly shown: string;
  /** The URL's password and credential-named parameters (`?password=`), masked in runs like a secret (`credentials`). */
  private readonly held: readonly string[];
  private readonly sql: {
    createRuns: string; keyHolder: string; appendMany: string; seqsOf: string; read: string; getRun: string;
  };

  constructor(options: PostgresRunStoreOptions) {
    const schema = options.schema ?? 'weft';
    if (!SCHEMA_NAME.test(schema)) throw new Error(`'${schema}' cannot name the store's schema: use letters, digits and _ (not first), at most 63`);
    this.schema = schema;
    this.shown = redactedUrl(options.url);
    this.held = credentialsInUrl(options.url);
    const holder = (options.holder ?? `weft (pid ${process.pid})`) + ` on ${os.hostname()}`;
    this.pollMs = options.pollMs ?? 250;
    this.pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10, application_name: 'weft' });
    // An idle connection the server drops (a restart) is an 'error' event: without a listener it
    // would end the process. The next statement opens a new connection; its failure is the caller's.
    this.pool.on('error', () => undefined);
    this.claims = new PostgresClaims(options.url, holder, schema, this.pool, (err) => new PostgresUnavailableError(this.shown, err));
    this.requests = new PostgresRequests(this.pool, this.claims, schema, () => this.closed);
    this.slots = new PostgresSlots(this.pool, this.claims, schema, () => this.prepared(), () => this.closed);
    const s = schema;
    this.sql = {
      // The runs of one statement, and the bundles they use that this store does not know to be
      // there; the runs returned are those inserted (the others' ids or keys are taken).
      createRuns: `WITH b AS (INSERT INTO ${s}.bundles (hash, bundle) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (hash) DO NOTHING)
        INSERT INTO ${s}.runs (run_id, workflow, version, bundle_hash, parent_run_id, status, created_at, updated_at, last_seq, idem_key, key_inputs, carrier)
        SELECT run_id, workflow, version, bundle_hash, parent_run_id, 'running', created_at, created_at, 0, idem_key, key_inputs, carrier
        FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[], $10::text[], $11::bigint[])
          AS t(run_id, workflow, version, bundle_hash, parent_run_id, created_at, idem_key, key_inputs, carrier)
        ON CONFLICT DO NOTHING RETURNING run_id`,
      keyHolder: `SELECT run_id, key_inputs FROM ${s}.runs WHERE workflow = $1 AND idem_key = $2`,
      seqsOf: `SELECT run_id, last_seq, carrier = $2 AS mine FROM ${s}.runs WHERE run_id = ANY($1::text[])`,
      // The group's rows: each run's row moves on only from the seq its batch continues, and only
      // while this process carries it (`$7`, its carrier token: a process whose claim was taken
      // over writes nothing, even before it learns so); its journal row goes in only then; the
      // runs returned are those appended.
      appendMany: `WITH input AS (
          SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::bigint[], $5::text[], $6::text[]) AS t(run_id, after, last, at, map, body)),
        r AS (
          UPDATE ${s}.runs SET last_seq = i.last, updated_at = GREATEST(runs.updated_at, i.at), status = COALESCE(i.map::jsonb ->> runs.status, runs.status)
          FROM input i WHERE runs.run_id = i.run_id AND runs.last_seq = i.after AND runs.carrier = $7 RETURNING runs.run_key, i.run_id, i.last, i.at, i.body),
        ins AS (INSERT INTO ${s}.journal (run_key, last, at, body) SELECT run_key, last, at, body FROM r)
        SELECT run_id FROM r`,
      read: `SELECT r.run_key, j.body FROM ${s}.runs r LEFT JOIN ${s}.journal j ON j.run_key = r.run_key AND j.last > $2
        WHERE r.run_id = $1 ORDER BY j.last`,
      getRun: `SELECT ${SUMMARY_COLUMNS}, b.bundle FROM ${s}.runs r JOIN ${s}.bundles b ON b.hash = r.bundle_hash WHERE r.run_id = $1`,
    };
  }

  /** The tables, made once per store object (and by one process at a time: a transaction-scoped advisory lock); refused once the store is closed. */
  private prepared(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    return (this.ready ??= this.prepare().catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    }));
  }

  private async prepare(): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw new PostgresUnavailableError(this.shown, err);
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`weft store ${this.schema}`]);
      await client.query(tables(this.schema));
      const found = await client.query<{ version: number }>(`SELECT version FROM ${this.schema}.layout`);
      const version = found.rows[0]?.version;
      if (version === undefined) await client.query(`INSERT INTO ${this.schema}.layout (version) VALUES (${POSTGRES_LAYOUT_VERSION})`);
      else if (version === 1) {
        // Layout 1 (session 17) claimed a run with an advisory lock of its own; layout 2 names the
        // carrier's token on the run. A Weft of layout 1 refuses the store from now on.
        await client.query(`ALTER TABLE ${this.schema}.runs ADD COLUMN IF NOT EXISTS carrier bigint; ALTER TABLE ${this.schema}.runs SET (fillfactor = 70); UPDATE ${this.schema}.layout SET version = ${POSTGRES_LAYOUT_VERSION}`);
      } else if (version > POSTGRES_LAYOUT_VERSION) {
        throw new NewerPostgresLayoutError(`The run store in schema '${this.schema}' has layout ${version}, written by a newer Weft (this one writes layout ${POSTGRES_LAYOUT_VERSION}): update Weft, or use another schema`);
      }
      // Requests whose asker died before it read the answer (or withdrew).
      await client.query(`DELETE FROM ${this.schema}.requests WHERE asked_at < $1`, [Date.now() - REQUESTS_KEPT_MS]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A later layout says so itself; anything else (no right to create the schema…) makes the store unusable.
      throw err instanceof NewerPostgresLayoutError ? err : new PostgresUnavailableError(this.shown, err);
    } finally {
      client.release();
    }
  }

  /** `write` after this process's writes to `runId` still in flight (whatever their outcome). */
  private inOrder<T>(runId: string, write: () => Promise<T>): Promise<T> {
    const before = this.tails.get(runId);
    const done = (before === undefined ? write() : before.then(write, write));
    const tail = done.then(() => undefined, () => undefined);
    this.tails.set(runId, tail);
    void tail.then(() => { if (this.tails.get(runId) === tail) this.tails.delete(runId); });
    return done;
  }

  /** This process's writes to `runId` (all runs when omitted) in flight now, settled. */
  private async settled(runId?: string): Promise<void> {
    if (runId !== undefined) await this.tails.get(runId);
    else if (this.tails.size) await Promise.all(this.tails.values());
  }

  createRun(run: NewRun): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    return this.inOrder(run.runId, async () => {
      await this.prepared();
      // Inserted with this process as its carrier: no other process can take it in between.
      const carrier = await this.claims.token();
      await new Promise<void>((resolve, reject) => {
        this.creating.push({ run, carrier, resolve, reject });
        if (!this.createScheduled) {
          this.createScheduled = true;
          setImmediate(() => this.createQueued());
        }
      });
      this.claims.heldUnder(run.runId, carrier);
    });
  }

  /** The runs asked for in one turn, inserted by one statement per `GROUP_MAX` runs. */
  private createQueued(): void {
    this.createScheduled = false;
    while (this.creating.length) void this.insertRuns(this.creating.splice(0, GROUP_MAX));
  }

  /**
   * Inserts the runs (and the bundles they use, unless the store knows them to be there) in one
   * statement; a run not inserted is told why (its key's holder, or its id taken).
   */
  private async insertRuns(group: QueuedRun[]): Promise<void> {
    let inserted: Set<string>;
    for (let attempt = 1; ; attempt++) {
      // Each bundle the group uses once, unless known to be there (on a retry, every one).
      const bundles = new Map<string, WorkflowBundle>();
      for (const { run } of group) if (attempt > 1 || !this.knownBundles.has(run.bundleHash)) bundles.set(run.bundleHash, run.bundle);
      try {
        const res = await this.pool.query<{ run_id: string }>(this.sql.createRuns, [
          [...bundles.keys()], [...bundles.values()].map((b) => JSON.stringify(b)),
          group.map((q) => q.run.runId), group.map((q) => q.run.workflow), group.map((q) => q.run.version), group.map((q) => q.run.bundleHash),
          group.map((q) => q.run.parentRunId ?? null), group.map((q) => q.run.createdAt), group.map((q) => q.run.key ?? null),
          group.map((q) => (q.run.key === undefined ? null : q.run.keyInputs ?? null)), group.map((q) => q.carrier),
        ]);
        inserted = new Set(res.rows.map((row) => row.run_id));
        for (const { run } of group) this.knownBundles.add(run.bundleHash);
        break;
      } catch (err) {
        // A bundle was there, and a prune deleted it before a run's reference to it was checked
        // (23503): the next try sends every bundle.
        if ((err as { code?: string }).code !== '23503' || attempt === 3) {
          for (const q of group) q.reject(err);
          return;
        }
        for (const { run } of group) this.knownBundles.delete(run.bundleHash);
      }
    }
    for (const q of group) {
      if (inserted.has(q.run.runId)) q.resolve();
      else this.notInserted(q.run).then(q.reject, q.reject);
    }
  }

  /** Why a run was not inserted: its key's holder when there is one (the id may be taken too), else its id taken. */
  private async notInserted(run: NewRun): Promise<Error> {
    if (run.key !== undefined) {
      const holder = (await this.pool.query<{ run_id: string; key_inputs: string | null }>(this.sql.keyHolder, [run.workflow, run.key])).rows[0];
      if (holder) return new RunKeyTakenError(run.workflow, run.key, holder.run_id, (holder.key_inputs ?? undefined) === run.keyInputs);
    }
    return new Error(`Run '${run.runId}' already exists`);
  }

  append(runId: string, events: readonly JournalEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    if (events.length === 0) return Promise.resolve();
    // The batch itself continues seq by seq; that it continues the journal, the statement checks.
    const first = events[0]!.seq;
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq !== first + i) return Promise.reject(new JournalOrderError(`Run ${runId}: expected event seq ${first + i}, got ${events[i]!.seq}`));
    }
    const body = JSON.stringify(events);
    const last = events[events.length - 1]!;
    return this.inOrder(runId, async () => {
      if (this.claims.wasLost(runId)) throw new Error(`this process lost its claim on run ${runId}: the database session that held it ended (a restart of the server, a broken connection), and another process may carry the run now`);
      await this.prepared();
      await new Promise<void>((resolve, reject) => {
        this.queued.push({ runId, after: first - 1, last: last.seq, at: last.at, map: statusMap(events) ?? null, body, resolve, reject });
        if (!this.flushScheduled) {
          this.flushScheduled = true;
          setImmediate(() => this.flush());
        }
      });
      if (this.waiters.size) this.waiters.notify(runId);
    });
  }

  /**
   * Group commit: the appends of many runs asked for in the same turn go to the database as one
   * statement, one transaction and one WAL flush (a run has at most one append in a statement:
   * its next waits for this one, `inOrder`). Each run's row moves on only from the seq its batch
   * continues; the runs whose row did not are told apart afterwards (unknown, or out of order),
   * and only their appends fail. Statements of at most `GROUP_MAX` runs; several may be in
   * flight at once on the pool's connections.
   */
  private flush(): void {
    this.flushScheduled = false;
    while (this.queued.length) {
      const group = this.queued.splice(0, GROUP_MAX);
      void this.commitGroup(group);
    }
  }

  private async commitGroup(group: QueuedAppend[]): Promise<void> {
    let done: Set<string>;
    // No token (its connection ended): nothing this process claimed is its any more.
    const carrier = this.claims.currentToken() ?? '0';
    try {
      const res = await this.pool.query<{ run_id: string }>(this.sql.appendMany, [
        group.map((a) => a.runId), group.map((a) => a.after), group.map((a) => a.last), group.map((a) => a.at),
        group.map((a) => a.map), group.map((a) => a.body), carrier,
      ]);
      done = new Set(res.rows.map((row) => row.run_id));
    } catch (err) {
      for (const a of group) a.reject(err);
      return;
    }
    const missed = group.filter((a) => !done.has(a.runId));
    let seqs = new Map<string, { seq: number; mine: boolean }>();
    if (missed.length) {
      try {
        const rows = (await this.pool.query<{ run_id: string; last_seq: number; mine: boolean | null }>(this.sql.seqsOf, [missed.map((a) => a.runId), carrier])).rows;
        seqs = new Map(rows.map((row) => [row.run_id, { seq: Number(row.last_seq), mine: row.mine === true }]));
      } catch (err) {
        for (const a of missed) a.reject(err);
        for (const a of group) if (done.has(a.runId)) a.resolve();
        return;
      }
    }
    for (const a of group) {
      if (done.has(a.runId)) { a.resolve(); continue; }
      const found = seqs.get(a.runId);
      if (found === undefined) a.reject(new UnknownRunError(a.runId));
      else if (!found.mine) a.reject(new RunNotCarriedHereError(`this process does not carry run ${a.runId} (it never claimed it, let go of it, or another process took it over): nothing of this append was written`));
      else a.reject(new JournalOrderError(`Run ${a.runId}: expected event seq ${found.seq + 1}, got ${a.after + 1}`));
    }
  }

  async readEvents(runId: string, afterSeq = 0): Promise<JournalEvent[]> {
    await this.settled(runId);
    const events = await this.eventsAfter(runId, afterSeq);
    if (events === undefined) throw new UnknownRunError(runId);
    return events;
  }

  /** The run's events after `afterSeq`, or undefined when there is no such run. */
  private async eventsAfter(runId: string, afterSeq: number): Promise<JournalEvent[] | undefined> {
    await this.prepared();
    const rows = (await this.pool.query<{ body: string | null }>(this.sql.read, [runId, afterSeq])).rows;
    if (rows.length === 0) return undefined;
    const events: JournalEvent[] = [];
    for (const row of rows) {
      if (row.body === null) continue;
      for (const e of JSON.parse(row.body) as JournalEvent[]) if (e.seq > afterSeq) events.push(e);
    }
    return events;
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    await this.settled(runId);
    await this.prepared();
    const row = (await this.pool.query(this.sql.getRun, [runId])).rows[0] as Record<string, unknown> | undefined;
    if (!row) return undefined;
    return { ...summaryOf(row), bundle: JSON.parse(row['bundle'] as string) as WorkflowBundle };
  }

  async listRuns(filter: RunFilter = {}): Promise<RunSummary[]> {
    await this.settled();
    await this.prepared();
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    if (filter.workflow !== undefined) where.push(`r.workflow = ${p(filter.workflow)}`);
    if (filter.parentRunId !== undefined) where.push(`r.parent_run_id = ${p(filter.parentRunId)}`);
    if (filter.key !== undefined) where.push(`r.idem_key = ${p(filter.key)}`);
    if (filter.status !== undefined) where.push(`r.status = ANY(${p(Array.isArray(filter.status) ? filter.status : [filter.status])}::text[])`);
    if (filter.since !== undefined) where.push(`r.created_at >= ${p(filter.since)}`);
    if (filter.until !== undefined) where.push(`r.created_at < ${p(filter.until)}`);
    if (filter.after !== undefined) {
      const at = p(filter.after.createdAt);
      where.push(`(r.created_at < ${at} OR (r.created_at = ${at} AND r.run_id COLLATE "C" < ${p(filter.after.runId)}))`);
    }
    let sql = `SELECT ${SUMMARY_COLUMNS} FROM ${this.schema}.runs r`;
    if (where.length) sql += ' WHERE ' + where.join(' AND ');
    sql += ' ORDER BY r.created_at DESC, r.run_id COLLATE "C" DESC';
    if (filter.limit !== undefined) sql += ` LIMIT ${p(filter.limit)}`;
    return (await this.pool.query(sql, params)).rows.map((row) => summaryOf(row as Record<string, unknown>));
  }

  async waitForEvents(runId: string, afterSeq: number, options: WaitOptions = {}): Promise<JournalEvent[]> {
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      await this.settled(runId);
      const events = await this.eventsAfter(runId, afterSeq);
      if (events === undefined) throw new UnknownRunError(runId);
      if (events.length) return events;
      // This process's appends wake the waiter at once; other processes' are found by the next look.
      await this.waiters.nextLook(runId, this.pollMs, options.signal);
    }
  }

  async pruneRuns(request: PruneRequest): Promise<PrunedRun[]> {
    if (this.closed) throw new Error('The run store is closed');
    const selection = new PruneSelection(request);
    if (request.runIds !== undefined && request.runIds.length === 0) return [];
    await this.settled();
    await this.prepared();
    const s = this.schema;
    const where: string[] = ['r.parent_run_id IS NULL'];
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    where.push(`r.status = ANY(${p(selection.statuses)}::text[])`);
    if (request.endedBefore !== undefined) where.push(`r.updated_at < ${p(request.endedBefore)}`);
    if (request.workflow !== undefined) where.push(`r.workflow = ${p(request.workflow)}`);
    if (request.runIds !== undefined) where.push(`r.run_id = ANY(${p(request.runIds)}::text[])`);
    const dry = request.dryRun === true;
    const pruned: PrunedRun[] = [];
    const hashes = new Set<string>();
    // A page of candidates at a time by run key, each page locked, checked again and (unless a
    // dry run) deleted in one transaction, so other processes' appends to those runs wait at most
    // one page's time; an append to a deleted run then finds no row (`UnknownRunError`).
    for (let after = 0; !this.closed;) {
      const client = await this.pool.connect();
      let batch: Array<Record<string, unknown>>;
      try {
        await client.query('BEGIN');
        batch = (await client.query(`SELECT ${SUMMARY_COLUMNS} FROM ${s}.runs r WHERE ${where.join(' AND ')} AND r.run_key > $${params.length + 1}
          ORDER BY r.run_key LIMIT ${PRUNE_BATCH} FOR UPDATE`, [...params, after])).rows as Array<Record<string, unknown>>;
        const keys: number[] = [];
        for (const row of batch) {
          const run = summaryOf(row);
          if (!selection.takes(run) || selection.kept(run.runId)) continue;
          const tree = (await client.query(`WITH RECURSIVE tree(run_key, run_id) AS (
              SELECT run_key, run_id FROM ${s}.runs WHERE parent_run_id = $1
              UNION ALL SELECT c.run_key, c.run_id FROM ${s}.runs c JOIN tree t ON c.parent_run_id = t.run_id)
            SELECT r.run_key, r.run_id, r.status, r.bundle_hash FROM ${s}.runs r WHERE r.run_key IN (SELECT run_key FROM tree) FOR UPDATE`, [run.runId])).rows as Array<{ run_key: string; run_id: string; status: RunStatus; bundle_hash: string }>;
          if (tree.some((sub) => !TERMINAL_STATUSES.has(sub.status))) continue;
          pruned.push(prunedRun(run, tree.map((sub) => sub.run_id)));
          keys.push(Number(row['run_key']), ...tree.map((sub) => Number(sub.run_key)));
          hashes.add(run.bundleHash);
          for (const sub of tree) hashes.add(sub.bundle_hash);
        }
        if (!dry && keys.length) await client.query(`DELETE FROM ${s}.runs WHERE run_key = ANY($1::bigint[])`, [keys]);
        await client.query(dry ? 'ROLLBACK' : 'COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      if (batch.length === 0) break;
      after = Number(batch[batch.length - 1]!['run_key']);
    }
    if (!dry && pruned.length) {
      // Bundles no run uses any more. A run created meanwhile with one of them keeps it: the
      // delete of that bundle then fails its reference check and the bundle stays.
      for (const hash of hashes) {
        this.knownBundles.delete(hash);
        await this.pool.query(`DELETE FROM ${s}.bundles b WHERE b.hash = $1 AND NOT EXISTS (SELECT 1 FROM ${s}.runs r WHERE r.bundle_hash = $1)`, [hash])
          .catch((err: { code?: string }) => { if (err.code !== '23503') throw err; });
      }
      if (this.waiters.size) for (const run of pruned) for (const id of [run.runId, ...run.subRuns]) this.waiters.notify(id);
    }
    return pruned;
  }

  async claimRun(runId: string): Promise<string | undefined> {
    if (this.closed) throw new Error('The run store is closed');
    if (this.claims.holds(runId)) return undefined;
    await this.prepared();
    return this.claims.claim(runId);
  }

  releaseRun(runId: string): void {
    this.claims.release(runId);
  }

  async heldElsewhere(runIds: readonly string[]): Promise<Map<string, string>> {
    await this.prepared();
    return this.claims.heldElsewhere(runIds);
  }

  async unheldRuns(): Promise<string[]> {
    await this.prepared();
    return this.claims.unheld();
  }

  async forwardRequest(request: RunControlRequest): Promise<ForwardedAnswer | undefined> {
    await this.prepared();
    return this.requests.forward(request);
  }

  async broadcastEvent(request: EventRequest, runIds?: readonly string[]): Promise<BroadcastAnswer[]> {
    await this.prepared();
    return this.requests.broadcast(request, runIds);
  }

  credentials(): readonly string[] {
    return this.held;
  }

  answerRequests(handler: (request: RunRequest) => Promise<RequestAnswer>): void {
    this.requests.answerWith(handler);
  }

  sharedSlots(): PostgresSlots {
    return this.slots;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    this.closed = true;
    await this.slots.releaseAll();
    await this.claims.close();
    await this.pool.end();
  }
}
