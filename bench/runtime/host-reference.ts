// Benchmark — the host's own speed at the work the SQLite targets are set against. Issue 3 sets
// FULL + group commit's target beside a fact about the machine: "node:sqlite here commits
// 100-row transactions at about 2 µs a row". This measures that fact in the same process and
// run as the subjects, with no Weft code: 100 rows shaped like a journal row (five columns, a
// 224-byte body, the size of a step's two events) inserted by one prepared statement and
// committed, in a WAL file with `synchronous` FULL and, for comparison, NORMAL. The figure is
// taken with the subjects' own timing loop (`measure`), so a reader can tell how far today's
// host is from the one the targets were set on. It moves no target: the printed verdicts stay the
// targets as written.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { loadSqlite } from '../../runtime/store/load-sqlite.js';
import { measure, type Figures, type Method, type Scenario, type Subject } from './scenarios.js';

/** Rows per transaction, and the issue's figure for one row on the host the targets were set on. */
export const REFERENCE_ROWS = 100;
export const ISSUE_US_PER_ROW = 2;
/** Issue 3's target for SQLite FULL with group commit across concurrent runs. */
export const FULL_TARGET_STEPS_PER_S = 100_000;

const BODY = 'x'.repeat(224);

/** A subject whose one "scenario" is a 100-row transaction (its `sequence`), committed with `synchronous`. */
function referenceSubject(synchronous: 'FULL' | 'NORMAL'): Subject {
  let dir = '';
  let db: DatabaseSync | undefined;
  let insert: StatementSync;
  let begin: StatementSync;
  let commit: StatementSync;
  let id = 0;
  const transaction = async (): Promise<void> => {
    begin.run();
    for (let i = 0; i < REFERENCE_ROWS; i++) {
      id++;
      insert.run(id, i, id, 1_764_000_000_000 + id, BODY);
    }
    commit.run();
  };
  return {
    name: `node:sqlite, ${REFERENCE_ROWS}-row transactions, WAL, synchronous=${synchronous}`,
    async setup() {
      const { DatabaseSync } = loadSqlite();
      dir = mkdtempSync(path.join(os.tmpdir(), 'weft-bench-ref-'));
      db = new DatabaseSync(path.join(dir, 'reference.db'));
      db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
      db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, run_key INTEGER NOT NULL, last INTEGER NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL)');
      insert = db.prepare('INSERT INTO rows (id, run_key, last, at, body) VALUES (?, ?, ?, ?, ?)');
      begin = db.prepare('BEGIN');
      commit = db.prepare('COMMIT');
    },
    sequence: transaction,
    parallel: transaction,
    concurrent: transaction,
    async teardown() {
      db?.close();
      db = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const TRANSACTION: Scenario = { key: 'sequence', title: `${REFERENCE_ROWS}-row transaction`, steps: REFERENCE_ROWS, run: (s) => s.sequence() };

/** µs per row of the reference, FULL and NORMAL, by the benchmark's timing loop. */
export async function measureHostReference(reps: number, method?: Method, timedMs?: number): Promise<{ full: Figures; normal: Figures }> {
  const one = async (synchronous: 'FULL' | 'NORMAL'): Promise<Figures> => {
    const subject = referenceSubject(synchronous);
    await subject.setup();
    try {
      return await measure(subject, TRANSACTION, reps, method, undefined, undefined, timedMs);
    } finally {
      await subject.teardown();
    }
  };
  return { full: await one('FULL'), normal: await one('NORMAL') };
}

/**
 * The FULL target read against the host's reference, for the line printed beside its verdict:
 * the issue's 100,000 steps/s at ~2 µs a row lets a step cost 5 reference rows; `fullUs` (µs per
 * step of FULL + group commit) over `referenceUs` (µs per row here) is what a step costs here, and
 * the target scaled by how much slower (or faster) this host commits the reference.
 */
export function fullAgainstReference(fullUs: number, referenceUs: number): string {
  const factor = referenceUs / ISSUE_US_PER_ROW;
  const allowed = 1e6 / FULL_TARGET_STEPS_PER_S / ISSUE_US_PER_ROW;
  return `this host commits the reference at ${referenceUs.toFixed(2)} µs a row, ${factor.toFixed(1)}× the issue's ~${ISSUE_US_PER_ROW}: `
    + `a FULL step costs ${(fullUs / referenceUs).toFixed(2)} reference rows (the target allows ${allowed.toFixed(0)}), `
    + `and the target scaled to this host is ${Math.round(FULL_TARGET_STEPS_PER_S / factor).toLocaleString('en')} steps/s`;
}
