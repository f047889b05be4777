// Store — opening the SQLite store's file for `sqlite-run-store.ts`. A missing file is made (with
// its folder) only for commands that start runs; the others are told there is no store there. A
// file that is not a Weft store (not SQLite, another program's tables, a folder, damaged) or that
// a command that writes cannot write is refused in one line naming it, before anything is
// written into it. Commands that only read open it read-only. See docs/runtime.md, "Store layout".

import { accessSync, constants, existsSync, mkdirSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatabaseSync } from 'node:sqlite';
import { loadSqlite, SqliteUnavailableError } from './load-sqlite.js';
import { LAYOUT_VERSION, NewerLayoutError, layoutIsCurrent, notARunStore, openLayout } from './sqlite-layout.js';

/**
 * How a store file is opened: `create` makes it (and its folder) when missing; `existing` acts
 * on the file that is there (`NoRunStoreError` otherwise); `read` too, and writes nothing.
 */
export type StoreAccess = 'create' | 'existing' | 'read';

/** No store file at the path a command that does not make one was given. */
export class NoRunStoreError extends Error {
  override name = 'NoRunStoreError';
  constructor(readonly file: string) {
    super(`no run store at ${file}`);
  }
}

/** The file cannot be used as the store: it names the file and says why, in one line. */
export class RunStoreUnusableError extends Error {
  override name = 'RunStoreUnusableError';
  constructor(file: string, cause: unknown) {
    super(`cannot use the run store ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export interface OpenOptions {
  access: StoreAccess;
  pageSize: number;
  synchronous: 'NORMAL' | 'FULL';
  walAutocheckpoint: number;
}

/** Opens `file` (`:memory:` for a private database) with its tables at this layout. */
export function openStoreFile(file: string, options: OpenOptions): DatabaseSync {
  if (file === ':memory:') return openForWriting(file, options);
  // A Node without node:sqlite is said first: no command could use any store file.
  loadSqlite();
  let stat: Stats | undefined;
  try {
    stat = statSync(file);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw new RunStoreUnusableError(file, 'it is a folder, not a file');
  if (!stat && options.access !== 'create') throw new NoRunStoreError(file);
  try {
    if (!stat) makeFolders(path.dirname(path.resolve(file)));
    if (options.access === 'read') {
      const db = openForReading(file);
      if (db) return db;
    }
    // Refused here rather than at the first write, in the middle of a run.
    if (stat && !writable(file)) throw new Error('it is read-only (weft runs, show, stats and watch can read it)');
    return openForWriting(file, options);
  } catch (err) {
    if (err instanceof NewerLayoutError || err instanceof RunStoreUnusableError || err instanceof SqliteUnavailableError) throw err;
    throw new RunStoreUnusableError(file, err);
  }
}

/**
 * `mkdir -p`: the missing folders of `dir`, one level at a time from the nearest one that exists.
 * Not `mkdirSync(dir, { recursive: true })`: on a file system that answers ENOENT to a mkdir whose
 * parent exists (procfs: `--store /proc/x/runs.db`), Node's recursive mkdir retries for ever, and
 * the command hung at full CPU instead of saying the path cannot be made.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i]!);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

function openForWriting(file: string, options: OpenOptions): DatabaseSync {
  const { DatabaseSync } = loadSqlite();
  const db = new DatabaseSync(file);
  try {
    // First: every statement after it, the reads and the switch to WAL included, waits for
    // another process's lock instead of failing at once ("database is locked" when several
    // processes opened a new store together: the switch ran before the timeout was set).
    db.exec('PRAGMA busy_timeout = 5000;');
    // Before the first write (WAL mode is one, in the file's header): a foreign file stays as it was.
    const foreign = notARunStore(db);
    if (foreign !== undefined) throw new RunStoreUnusableError(file, foreign);
    // Takes effect only for a new file (an existing one keeps its page size).
    db.exec(`PRAGMA page_size = ${options.pageSize};`);
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${options.synchronous};`);
    db.exec(`PRAGMA wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpoint))};`);
    openLayout(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * The file opened read-only, or undefined when it is of a layout before 3 (then it is opened
 * for writing and converted, as by any command; layout 3 is read as it is). A WAL file's readers share its index, the
 * `-shm` file SQLite makes beside it: in a folder that cannot be written (an archived copy) it
 * cannot, and then no process writes the file either (a writer would have made it), so it is
 * read as it lies (`immutable`), unless a `-wal` holds commits not yet in the file.
 */
function openForReading(file: string): DatabaseSync | undefined {
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync;
  try {
    db = checked(new DatabaseSync(file, { readOnly: true }), file);
  } catch (err) {
    const code = (err as { errcode?: number }).errcode ?? 0;
    // SQLITE_READONLY or SQLITE_CANTOPEN (with their extended codes): the `-shm` could not be made.
    const shmRefused = (code & 0xff) === 8 || (code & 0xff) === 14;
    if (!shmRefused || existsSync(`${file}-wal`) || existsSync(`${file}-shm`)) throw err;
    const url = pathToFileURL(path.resolve(file));
    url.searchParams.set('immutable', '1');
    db = checked(new DatabaseSync(url.href, { readOnly: true }), file);
  }
  if (layoutIsCurrent(db, 'read')) return db;
  db.close();
  return undefined;
}

/** `db` once its schema reads as a store's (a file that is not SQLite fails here), closed otherwise. */
function checked(db: DatabaseSync, file: string): DatabaseSync {
  try {
    db.exec('PRAGMA busy_timeout = 5000;');
    const foreign = notARunStore(db);
    if (foreign !== undefined) throw new RunStoreUnusableError(file, foreign);
    const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
    if (version > LAYOUT_VERSION) throw new NewerLayoutError(file, version);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Whether this process may write the file and what SQLite writes beside it (`-wal`, `-shm`). */
function writable(file: string): boolean {
  const may = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (!may(file)) return false;
  const sides = [`${file}-wal`, `${file}-shm`];
  return sides.every((s) => existsSync(s) ? may(s) : may(path.dirname(path.resolve(file))));
}
