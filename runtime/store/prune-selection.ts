// Store — what `RunStore.pruneRuns` selects, the same for every store: top-level runs that ended
// (completed, failed, cancelled) and meet the request's conditions. Which sub-runs go with a run,
// and that they have all ended too, is the store's to find (each keeps the parent link its way).

import { TERMINAL_STATUSES, type RunStatus } from '../journal/workflow-state.js';
import type { PruneRequest, PrunedRun, RunSummary } from './run-store.js';

/** Thrown for a request that could select a run that has not ended. */
export class PruneRequestError extends Error {
  override name = 'PruneRequestError';
}

export class PruneSelection {
  /** The ended statuses asked for. */
  readonly statuses: readonly RunStatus[];
  private readonly ids: ReadonlySet<string> | undefined;

  constructor(readonly request: PruneRequest) {
    const statuses = request.statuses ?? [...TERMINAL_STATUSES];
    const open = statuses.filter((s) => !TERMINAL_STATUSES.has(s));
    if (open.length) throw new PruneRequestError(`only ended runs are pruned, not ${open.join(', ')} ones (completed, failed, cancelled)`);
    if (statuses.length === 0) throw new PruneRequestError('no status to prune');
    this.statuses = [...new Set(statuses)];
    this.ids = request.runIds === undefined ? undefined : new Set(request.runIds);
  }

  /** Whether top-level run `run` qualifies by itself (its sub-runs and `keep` are asked apart). */
  takes(run: RunSummary): boolean {
    const r = this.request;
    if (run.parentRunId !== undefined || !this.statuses.includes(run.status)) return false;
    if (r.workflow !== undefined && run.workflow !== r.workflow) return false;
    if (this.ids !== undefined && !this.ids.has(run.runId)) return false;
    return r.endedBefore === undefined || run.updatedAt < r.endedBefore;
  }

  /** Whether `keep` leaves the run alone. */
  kept(runId: string): boolean {
    return this.request.keep?.(runId) === true;
  }
}

/** The report of one pruned run. */
export function prunedRun(run: RunSummary, subRuns: string[]): PrunedRun {
  return { runId: run.runId, workflow: run.workflow, status: run.status, createdAt: run.createdAt, endedAt: run.updatedAt, subRuns };
}
