// CLI — carries runs forward in this process until each ends or can only be moved by the
// outside (an approval, an event, a resume after a pause). With virtual time that is the clock
// going idle; with the real clock, no branch is running, ready, retrying or on a timer.
import type { Engine } from '../runtime/engine/engine.js';
import { VirtualClock } from '../runtime/engine/virtual-clock.js';
import { TERMINAL_STATUSES, type WorkflowState } from '../runtime/journal/workflow-state.js';
import type { RunStore } from '../runtime/store/run-store.js';
import type { EventSchedule } from './scheduled-events.js';

/** Whether a live run (and its child runs) waits only for the outside. */
export function waitsOnlyForOutside(engine: Engine, state: WorkflowState | undefined): boolean {
    if (!state || TERMINAL_STATUSES.has(state.status)) return true;
    if (state.tokens.size === 0) return false; // about to complete
    for (const t of state.tokens.values()) {
        if (t.phase === 'running') return false;
        if (state.paused) continue;
        if (t.phase === 'ready' || t.phase === 'retrying') return false;
        if (t.phase === 'waiting' && t.wait === 'timer') return false;
        // A child being started (its store asked first) is not yet active here: not the outside.
        if (t.phase === 'waiting' && t.wait === 'child' && t.childRunId && (engine.startingChild(t.childRunId) || !waitsOnlyForOutside(engine, engine.peek(t.childRunId)))) return false;
    }
    return true;
}

/**
 * Resolves when every run in `runIds` has ended (its end durable), waits only for the outside,
 * or stopped because its journal could not be written: with virtual time when the clock is idle,
 * else judged after each durable journal event (a real signal), one macrotask later so the
 * scheduler's turn is over. Answers with the runs that stopped so, and why.
 */
export async function driveRuns(engine: Engine, runIds: readonly string[], schedule?: EventSchedule): Promise<Map<string, Error>> {
    const clock = engine.clock;
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    // Events seen since the last judgment, so none is missed between judging and waiting.
    let seen = false;
    let wake: (() => void) | undefined;
    const crashed = new Map<string, Error>();
    const stop = engine.onEvent((e) => {
        if (e.kind === 'run-crashed') crashed.set(e.runId, e.error);
        seen = true;
        wake?.();
    });
    const nextEvent = () => (seen ? Promise.resolve() : new Promise<void>((resolve) => { wake = resolve; }));
    try {
        for (;;) {
            seen = false;
            wake = undefined;
            if (clock instanceof VirtualClock) await clock.whenIdle();
            else await nextTurn();
            let open = false;
            // Whether a run is still going on: only such a run is held for events still to come.
            let going = false;
            for (const id of runIds) {
                const state = engine.peek(id);
                if (!state || crashed.has(id)) continue;
                // Ended in memory: wait until the end is durable (the outcome settles after the append).
                if (TERMINAL_STATUSES.has(state.status)) await engine.waitFor(id).catch(() => undefined);
                else {
                    going = true;
                    if (!waitsOnlyForOutside(engine, state)) open = true;
                }
            }
            // Events still to come (`--events`) hold the runs here on the real clock, while one of
            // them goes on: once every run has ended no run can take them (the caller drops them).
            if (going && (schedule?.pending() ?? 0) > 0) open = true;
            if (!open) return crashed;
            if (!(clock instanceof VirtualClock)) await Promise.race([nextEvent(), ...(schedule ? [schedule.whenDelivered()] : [])]);
        }
    } finally {
        stop();
    }
}

/**
 * Where a virtual clock carrying on these runs starts: at the latest time their journals reached
 * (so timers and scheduled events keep their order), or now for runs with no journal.
 */
export async function virtualStartFor(store: RunStore, runIds: readonly string[]): Promise<number> {
    let start: number | undefined;
    for (const id of runIds) {
        const events = await store.readEvents(id);
        const last = events[events.length - 1];
        if (last && (start === undefined || last.at > start)) start = last.at;
    }
    return start ?? Date.now();
}
