// Store — the tables of the SQLite run store (`sqlite-run-store.ts`), their version
// (`PRAGMA user_version`) and the conversion of files of earlier layouts on open; the SQL that
// reads a run's journal through the run index and its not yet indexed tail. See docs/runtime.md.

import type { DatabaseSync } from 'node:sqlite';

/**
 * The layout this store writes; files of a higher one are refused, lower ones converted. Layout 4
 * is layout 3 with journal bodies that may hold compact events (`journal-row-codec.ts`): a
 * layout-3 file becomes one by its version alone (its rows read as they are), and is read
 * without conversion by a command that only reads.
 */
export const LAYOUT_VERSION = 4;
/** The oldest layout read as it is, without conversion (`layoutIsCurrent(db, 'read')`). */
const READABLE_LAYOUT = 3;

const BUNDLES_SCHEMA = 'CREATE TABLE IF NOT EXISTS bundles (hash TEXT PRIMARY KEY, bundle TEXT NOT NULL);';

// A run's row is keyed by its `run_key` (the rowid: given in creation order, the next one being
// the highest plus one), so creating a run writes its row and two indexes (`run_id`, workflow),
// three with a parent, and a status change finds the row by key. `last_seq` is kept for readers
// of layout 2 and not maintained (a run's last seq and time are read from its journal).
const RUNS_COLUMNS = `run_key INTEGER PRIMARY KEY, run_id TEXT NOT NULL UNIQUE, workflow TEXT NOT NULL, version TEXT NOT NULL,
  bundle_hash TEXT NOT NULL, parent_run_id TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL, idem_key TEXT, key_inputs TEXT`;
const RUNS_INDEXES = `
CREATE INDEX IF NOT EXISTS runs_by_workflow ON runs (workflow, created_at);
CREATE INDEX IF NOT EXISTS runs_by_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
`;

/** Layout 2's `runs` (keyed by `run_id`, `run_key` in a unique index) rebuilt as layout 3's. */
const REBUILD_RUNS = `
CREATE TABLE runs_v3 (${RUNS_COLUMNS});
INSERT INTO runs_v3 (run_key, run_id, workflow, version, bundle_hash, parent_run_id, status, created_at, updated_at, last_seq)
  SELECT run_key, run_id, workflow, version, bundle_hash, parent_run_id, status, created_at, updated_at, last_seq FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v3 RENAME TO runs;
`;

// The journal in append order (rowid `id`), one row per run per commit: `body` is the JSON array
// of the events that commit appended for the run (`journal-row-codec.ts`), `last` the seq of its
// last event and `at` its time. The journal
// has no index of its own: a commit writes its rows only (one b-tree page for a sequential run's
// step). `journal_runs` finds a run's rows; it is filled in batches, in the same transaction as
// a later commit, from the rows after `journal_indexed.through` (the "tail", which reads scan).
const JOURNAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
  id INTEGER PRIMARY KEY, run_key INTEGER NOT NULL, last INTEGER NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal_runs (
  run_key INTEGER NOT NULL, last INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (run_key, last)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS journal_indexed (through INTEGER NOT NULL);
`;

/**
 * How many prunes the file has seen (one row; `pruneRuns` counts up in its transaction). A
 * connection's sequential commit inserts only while the count is the one it knows: a prune
 * deletes journal rows, so an id below the highest may be free again, and a connection behind
 * would otherwise insert there (below the indexed mark: its event never read). Added to
 * layout-3 files as they are opened (older Weft ignores the table; it never prunes).
 */
const PRUNED_SCHEMA = `
CREATE TABLE IF NOT EXISTS journal_pruned (generation INTEGER NOT NULL);
INSERT INTO journal_pruned (generation) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM journal_pruned);
`;

/**
 * A run's idempotency key (`NewRun.key`) and the digest of the inputs it was asked for
 * (`keyInputs`): at most one run per workflow and key, which the unique index keeps across
 * processes. Added to layout-3 files as they are opened (older Weft leaves them NULL: its runs
 * have no key).
 */
const RUN_KEYS_COLUMNS = `
ALTER TABLE runs ADD COLUMN idem_key TEXT;
ALTER TABLE runs ADD COLUMN key_inputs TEXT;
`;
const RUN_KEYS_INDEX = 'CREATE UNIQUE INDEX IF NOT EXISTS runs_by_idem_key ON runs (workflow, idem_key) WHERE idem_key IS NOT NULL;';

/**
 * Requests to the process on this machine that carries a run (`sqlite-requests.ts`): a control or
 * an event asked for by another process, addressed to the carrier's record (`carrier`, its name
 * in `<store>.carriers`), taken up by it (`asked` → `taken`) and answered (`answered`), then read
 * and deleted by the asker. Added to layout-3 files as they are opened (older Weft ignores it).
 */
const REQUESTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY, carrier TEXT NOT NULL, request TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'asked', answer TEXT, asked_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS requests_asked ON requests (carrier) WHERE state = 'asked';
`;

/**
 * The locks and concurrency slots every process of the file sees (`sqlite-slots.ts`): a ticket
 * per slot asked for, in the order asked, with the process that asked (pid and start time, to
 * tell a live one from a dead one), the run and task it is for and the key's capacity as the
 * asker knows it (for a reader: `weft show`). Added to layout-3 and later
 * files as they are opened (an older Weft ignores it, and takes its locks in its own process).
 */
const SLOTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS slots (
  ticket INTEGER PRIMARY KEY, key TEXT NOT NULL, capacity INTEGER NOT NULL, pid INTEGER NOT NULL, pid_start TEXT, run_id TEXT NOT NULL, node TEXT NOT NULL, asked_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS slots_by_key ON slots (key, ticket);
`;

/** The prune count (`generation`). */
export const PRUNE_GENERATION = 'SELECT generation FROM journal_pruned';

const ADD_RUN_KEY = `
ALTER TABLE runs ADD COLUMN run_key INTEGER;
UPDATE runs SET run_key = rowid;
`;

const MIGRATE_EVENTS = `
INSERT INTO journal (run_key, last, at, body)
  SELECT r.run_key, e.seq, e.at, '[' || e.body || ']' FROM events e JOIN runs r ON r.run_id = e.run_id ORDER BY r.run_key, e.seq;
DROP TABLE events;
`;

/** The last journal id in `journal_runs`: `id > (TAIL_START)` is the tail. */
const TAIL_START = 'SELECT through FROM journal_indexed';

/** Indexes every journal row after `through` (rows already indexed are skipped)... */
export const INDEX_TAIL_ROWS = `INSERT OR IGNORE INTO journal_runs (run_key, last, id)
  SELECT run_key, last, id FROM journal WHERE id > (${TAIL_START})`;
/** ...and then moves `through` to the last row, in the same transaction. */
export const MARK_INDEXED = 'UPDATE journal_indexed SET through = (SELECT COALESCE(MAX(id), 0) FROM journal)';
/** How many rows the tail holds (`n`). */
export const COUNT_TAIL_ROWS = `SELECT COUNT(*) AS n FROM journal WHERE id > (${TAIL_START})`;

/** A run's rows with `last > ?2` (run key `?1`), indexed ones and the tail's, in seq order. */
export const READ_ROWS = `
SELECT j.body, j.last, j.at FROM journal_runs x JOIN journal j ON j.id = x.id WHERE x.run_key = ?1 AND x.last > ?2
UNION ALL
SELECT body, last, at FROM journal WHERE id > (${TAIL_START}) AND run_key = ?1 AND last > ?2
ORDER BY 2`;

/**
 * The tail's last row per run, for `RUN_COLUMNS` (`FROM runs r LEFT JOIN tail t`). A run's rows
 * are appended in seq order, so its highest id holds its highest seq.
 */
export const WITH_TAIL = `WITH tail AS (
  SELECT run_key, MAX(id) AS id, MAX(last) AS last FROM journal WHERE id > (${TAIL_START}) GROUP BY run_key)`;

/** A run's columns plus its last seq and last event time (`cur_seq`, `cur_at`) from its journal. */
export const RUN_COLUMNS = `r.*,
  COALESCE(t.last, (SELECT MAX(x.last) FROM journal_runs x WHERE x.run_key = r.run_key), 0) AS cur_seq,
  (SELECT j.at FROM journal j WHERE j.id = COALESCE(t.id,
    (SELECT x.id FROM journal_runs x WHERE x.run_key = r.run_key ORDER BY x.last DESC LIMIT 1))) AS cur_at`;

/** The store's runs joined with their tail rows (`r`, `t`) for `RUN_COLUMNS`. */
export const RUNS_WITH_TAIL = 'runs r LEFT JOIN tail t ON t.run_key = r.run_key';

export class NewerLayoutError extends Error {
  constructor(file: string, version: number) {
    super(`The run store ${file} has layout ${version}, written by a newer Weft (this one reads layout ${LAYOUT_VERSION} and earlier): `
      + 'update Weft, or pass --store with another file.');
    this.name = 'NewerLayoutError';
  }
}

/**
 * Creates the tables of a new file, or brings a file of an earlier layout to this one in one
 * transaction: layout 0 had one row per event (`events`), 1 no `run_key`, 2 a unique index
 * `journal_by_run` on the journal itself (every commit wrote an index page too) and `runs` keyed
 * by `run_id`, 3 only whole events in its journal bodies (its rows stay as they are). Refuses
 * files of a later layout.
 */
export function openLayout(db: DatabaseSync, file: string): void {
  const userVersion = () => Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  const hasTable = (name: string) => inSchema(db, 'table', name);
  const runKey = () => runsColumn(db, 'run_key');
  const version = userVersion();
  if (version > LAYOUT_VERSION) throw new NewerLayoutError(file, version);
  // A file of this layout with what later sessions added to it: nothing to write, no lock taken.
  if (layoutIsCurrent(db)) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another process may have converted the file (or added to it) between the check above and the lock.
    const now = userVersion();
    if (now > LAYOUT_VERSION) throw new NewerLayoutError(file, now);
    if (now < LAYOUT_VERSION) {
      db.exec(BUNDLES_SCHEMA);
      if (!hasTable('runs')) db.exec(`CREATE TABLE runs (${RUNS_COLUMNS});`);
      if (!runKey()) db.exec(ADD_RUN_KEY);
      db.exec(JOURNAL_SCHEMA);
      if (hasTable('events')) db.exec(MIGRATE_EVENTS);
      if (runKey()?.pk !== 1) db.exec(REBUILD_RUNS);
      db.exec(RUNS_INDEXES);
      db.exec('DROP INDEX IF EXISTS journal_by_run;');
      if (db.prepare('SELECT 1 FROM journal_indexed').get() === undefined) db.exec('INSERT INTO journal_indexed (through) VALUES (0);');
      db.exec(INDEX_TAIL_ROWS);
      db.exec(MARK_INDEXED);
      db.exec(`PRAGMA user_version = ${LAYOUT_VERSION};`);
    }
    // What layout 3 gained after it was first written, for a converted file and for a layout-3
    // or 4 file written before it: `journal_pruned` (session 15), the runs' keys (session 16) and the
    // requests to another process on this machine (session 20), the shared locks (session 24).
    db.exec(PRUNED_SCHEMA);
    db.exec(REQUESTS_SCHEMA);
    db.exec(SLOTS_SCHEMA);
    if (!runsColumn(db, 'idem_key')) db.exec(RUN_KEYS_COLUMNS);
    db.exec(RUN_KEYS_INDEX);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Whether the file is of this layout with all layout 3 gained since (`openLayout` then writes
 * nothing); for `'read'`, of layout 3 or this one (a reader decodes either).
 */
export function layoutIsCurrent(db: DatabaseSync, use: 'write' | 'read' = 'write'): boolean {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  const known = version === LAYOUT_VERSION || (use === 'read' && version >= READABLE_LAYOUT && version < LAYOUT_VERSION);
  return known && inSchema(db, 'table', 'journal_pruned') && runsColumn(db, 'idem_key') !== undefined
    && inSchema(db, 'index', 'runs_by_idem_key') && inSchema(db, 'table', 'requests')
    // A reader never takes a lock: a file from before the shared locks reads as it is.
    && (use === 'read' || inSchema(db, 'table', 'slots'));
}

/** Every table some layout of this store had (`runs_v3` only in the middle of a conversion). */
const STORE_TABLES = new Set(['bundles', 'runs', 'runs_v3', 'events', 'journal', 'journal_runs', 'journal_indexed', 'journal_pruned', 'requests', 'slots']);
/** Columns the `runs` table has had in every layout. */
const RUNS_KEPT_COLUMNS = ['run_id', 'workflow', 'status', 'bundle_hash'];

/**
 * Why the file is not a run store of Weft's, read before anything is written to it (undefined
 * when it is one, or empty): another program's SQLite file is refused, not converted. A file of
 * a later layout may have tables this Weft does not know, but a `runs` table of the same shape.
 */
export function notARunStore(db: DatabaseSync): string | undefined {
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{ name: string }>)
    .map((t) => t.name);
  if (tables.length === 0 && version === 0) return undefined;
  const foreign = tables.filter((t) => !STORE_TABLES.has(t));
  const runs = new Set((db.prepare('PRAGMA table_info(runs)').all() as Array<{ name: string }>).map((c) => c.name));
  const runsOfWeft = RUNS_KEPT_COLUMNS.every((c) => runs.has(c));
  if (version > LAYOUT_VERSION ? tables.length === 0 || runsOfWeft : foreign.length === 0 && (tables.length === 0 || runsOfWeft)) return undefined;
  const shown = tables.length > 6 ? [...tables.slice(0, 6), '…'] : tables;
  const tablesSaid = tables.length === 0 ? 'a SQLite file with no tables' : `a SQLite file whose tables are ${shown.join(', ')}`;
  return `it is not a Weft run store (${tablesSaid}${runs.size && !runsOfWeft ? '; its runs table has other columns' : ''})`;
}

/** Whether the file's schema has a `type` (table, index) named `name`. */
function inSchema(db: DatabaseSync, type: 'table' | 'index', name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?').get(type, name) !== undefined;
}

/** The `runs` table's column `name` (with `pk`, its place in the primary key), if it has one. */
function runsColumn(db: DatabaseSync, name: string): { name: string; pk: number } | undefined {
  return (db.prepare('PRAGMA table_info(runs)').all() as Array<{ name: string; pk: number }>).find((c) => c.name === name);
}
