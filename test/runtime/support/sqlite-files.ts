// Test support for the SQLite store's suites — a fresh database file per test in a temporary
// folder (all removed after the suite's file has run), and a raw `node:sqlite` connection to look
// at the tables the store wrote.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** `tempStoreFile()` makes `<tmp>/<prefix>XXXX/runs.db` (the folder is removed after the suite). */
export function tempStoreFiles(prefix: string): () => string {
  const dirs: string[] = [];
  after(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(dir);
    return path.join(dir, 'runs.db');
  };
}

/** A connection of its own to `file`, outside the store. */
export function openRaw(file: string): DatabaseSync {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
  return new DatabaseSync(file);
}
