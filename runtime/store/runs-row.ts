// Store — a row of the `runs` table as the SQL stores (SQLite, PostgreSQL) lay it out alike
// (`run_id`, `workflow`, `version`, `bundle_hash`, `parent_run_id`, `status`, `created_at`,
// `idem_key`), read as a `RunSummary`. Where a run's last seq and last change come from is each
// store's own (SQLite reads them from its journal, PostgreSQL keeps them on the row).

import type { RunStatus } from '../journal/workflow-state.js';
import type { RunSummary } from './run-store.js';

/** The run of `row`, whose journal is at `lastSeq` and last changed at `updatedAt`. */
export function runsRowSummary(row: Record<string, unknown>, lastSeq: number, updatedAt: number): RunSummary {
  const s: RunSummary = {
    runId: row['run_id'] as string,
    workflow: row['workflow'] as string,
    version: row['version'] as string,
    bundleHash: row['bundle_hash'] as string,
    status: row['status'] as RunStatus,
    createdAt: Number(row['created_at']),
    updatedAt,
    lastSeq,
  };
  if (row['parent_run_id'] != null) s.parentRunId = row['parent_run_id'] as string;
  if (row['idem_key'] != null) s.key = row['idem_key'] as string;
  return s;
}
