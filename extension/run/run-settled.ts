// Run command — when a live run needs nothing more from this window: it ended, or it waits for
// the outside (an approval or an external event) or is paused with nothing running. Timers
// are not "outside": a run waiting on one carries on by itself. Observes; it controls nothing.
import type { Engine } from '../../runtime/engine/engine.js';
import { foldJournal } from '../../runtime/journal/fold.js';
import type { RunStore } from '../../runtime/store/run-store.js';
import { TERMINAL_STATUSES, type WorkflowState } from '../../runtime/journal/workflow-state.js';

/** True when `state` waits for a person or an event (or a resume) with no branch running. */
export function waitsForOutside(state: WorkflowState): boolean {
  if (TERMINAL_STATUSES.has(state.status) || state.activeTokens > 0) return false;
  if (state.status === 'paused') return true;
  return [...state.tokens.values()].some((t) => t.phase === 'waiting' && (t.wait === 'approval' || t.wait === 'event'));
}

/** Resolves with the run's state once it ended or waits for the outside. */
export function whenSettled(engine: Engine, runId: string): Promise<WorkflowState> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (state: WorkflowState) => { if (!done) { done = true; unsubscribe(); resolve(state); } };
    const check = () => {
      const state = engine.peek(runId);
      if (state && (TERMINAL_STATUSES.has(state.status) || waitsForOutside(state))) finish(state);
    };
    const unsubscribe = engine.onEvent((event) => { if (event.runId === runId && event.kind === 'journal') check(); });
    engine.waitFor(runId).then((outcome) => finish(outcome.state), (error: unknown) => { if (!done) { done = true; unsubscribe(); reject(error); } });
    check();
  });
}

/** `approval signOff`, `event "payment.settled"`… for each branch waiting on the outside. */
export function waitingFor(state: WorkflowState): string[] {
  return [...state.tokens.values()]
    .filter((t) => t.phase === 'waiting' && (t.wait === 'approval' || t.wait === 'event'))
    .map((t) => `${t.wait} at ${t.node}`);
}

/**
 * `whenSettled` for a run another process carries (a `weft serve`): its state folded from the
 * store's journal once it ended or waits for the outside, or as it stands after `limitMs`
 * (a run that waits on a timer in the server may take hours).
 */
export async function settledInStore(store: RunStore, runId: string, limitMs = 60_000): Promise<WorkflowState> {
  const signal = AbortSignal.timeout(limitMs);
  let events = await store.readEvents(runId);
  for (;;) {
    const state = foldJournal(runId, events);
    if (TERMINAL_STATUSES.has(state.status) || waitsForOutside(state) || signal.aborted) return state;
    try {
      events = events.concat(await store.waitForEvents(runId, events.at(-1)?.seq ?? 0, { signal }));
    } catch (err) {
      if (!signal.aborted) throw err;
    }
  }
}
