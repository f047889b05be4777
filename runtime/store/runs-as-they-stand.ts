// Store — runs as they stand, for listings (`weft runs`, `GET /runs`, the editor's Runs view). A
// store keeps a cheap summary of each run's status (`statusAfter`): it knows a run has ended, is
// paused or goes on, not whether what goes on is waiting for the outside (an approval, an event,
// a timer) — that is the fold's word (`WorkflowState.status`), which `weft show`, `weft run` and
// the API's run report use. Listings read the same word: a run the store lists as running is
// folded from its journal (or read from the engine that carries it) to say which.

import { foldJournal } from '../journal/fold.js';
import type { RunStatus, WorkflowState } from '../journal/workflow-state.js';
import { eventsOfListedRun, type RunFilter, type RunStore, type RunSummary } from './run-store.js';

/**
 * `store.listRuns(filter)`, with each run the store lists as `running` given its folded status
 * (`running` or `waiting`); `live` answers for runs an engine of this process carries, without a
 * read of their journal. A `status` filter of `running` or `waiting` is applied to the folded
 * status, and `limit` after it.
 */
export async function listRunsAsTheyStand(store: RunStore, filter: RunFilter = {}, live?: (runId: string) => WorkflowState | undefined): Promise<RunSummary[]> {
  const wanted = filter.status === undefined ? undefined : new Set<RunStatus>(Array.isArray(filter.status) ? filter.status : [filter.status]);
  // The store lists waiting runs as running; which of them are which is known only once folded,
  // so the limit waits until then.
  const split = wanted !== undefined && (wanted.has('waiting') !== wanted.has('running'));
  const asked: RunFilter = { ...filter };
  if (wanted) asked.status = [...new Set([...wanted].map((s): RunStatus => (s === 'waiting' ? 'running' : s)))];
  if (split) delete asked.limit;
  const listed = await store.listRuns(asked);
  const standing = await Promise.all(listed.map(async (run) => {
    if (run.status !== 'running') return run;
    let state = live?.(run.runId);
    if (state === undefined) {
      const events = await eventsOfListedRun(store, run.runId);
      if (events === undefined) return undefined; // pruned since the listing
      state = foldJournal(run.runId, events);
    }
    return state.status === run.status ? run : { ...run, status: state.status };
  }));
  const present = standing.filter((r): r is RunSummary => r !== undefined);
  const kept = wanted ? present.filter((r) => wanted.has(r.status)) : present;
  return split && filter.limit !== undefined ? kept.slice(0, filter.limit) : kept;
}
