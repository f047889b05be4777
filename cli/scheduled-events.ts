// CLI — `--events @file` of `weft run` and `weft resume`: a list of `{type, data, at}` (`at` a
// duration like "5m" or ms after the run's start) delivered to the run on its clock. Each gets
// a stable id (`<runId>-event-<i>`), so a resume after a crash re-schedules only those the
// journal has not received yet.
import type { TimerHandle } from '../runtime/engine/clock.js';
import type { Engine } from '../runtime/engine/engine.js';
import { parseDuration } from '../runtime/expressions/stdlib/time-functions.js';
import type { JournalEvent } from '../runtime/journal/journal-event.js';
import { UsageError } from './command.js';
import { readJsonArgument } from './json-argument.js';

export interface ScheduledRunEvent {
    type: string;
    data: unknown;
    /** Milliseconds after the run's start. */
    at: number;
}

export function readEventsOption(value: unknown, cwd: string): ScheduledRunEvent[] {
    if (typeof value !== 'string') return [];
    const list = readJsonArgument('--events', value, cwd);
    if (!Array.isArray(list)) throw new UsageError('--events must be a JSON list of {type, data, at}');
    return list.map((item, i) => {
        const e = (item ?? {}) as { type?: unknown; data?: unknown; at?: unknown };
        if (typeof e.type !== 'string' || e.type === '') throw new UsageError(`--events[${i}]: "type" must be a non-empty string`);
        const bad = () => new UsageError(`--events[${i}]: "at" must be a duration like "5m" or a number of ms`);
        let at = 0;
        if (typeof e.at === 'number') {
            if (!(e.at >= 0)) throw bad();
            at = e.at;
        } else if (typeof e.at === 'string') {
            try { at = parseDuration(e.at); } catch { throw bad(); }
        } else if (e.at !== undefined) throw bad();
        return { type: e.type, data: e.data ?? null, at };
    });
}

/** Ids of the events a run's journal has received. */
export function receivedEventIds(journal: readonly JournalEvent[]): Set<string> {
    const ids = new Set<string>();
    for (const e of journal) if (e.type === 'EventReceived') ids.add(e.event.id);
    return ids;
}

/** Events scheduled on a run's clock: how many are still to come, and a way to drop them. */
export class EventSchedule {
    private readonly handles = new Set<TimerHandle>();
    private waiters: Array<() => void> = [];

    constructor(private readonly engine: Engine) {}

    /** Schedules the events for `runId` at `start + at` on the engine's clock, skipping received ones. */
    add(runId: string, start: number, events: readonly ScheduledRunEvent[], received: ReadonlySet<string> = new Set()): void {
        events.forEach((ev, i) => {
            const id = `${runId}-event-${i}`;
            if (received.has(id)) return;
            const handle = this.engine.clock.setTimer(start + ev.at, () => {
                this.engine.deliverEvent(ev.type, ev.data, { runId, id, actor: 'schedule' }).catch(() => undefined).finally(() => {
                    this.handles.delete(handle);
                    const w = this.waiters;
                    this.waiters = [];
                    for (const f of w) f();
                });
            });
            this.handles.add(handle);
        });
    }

    /** Events not yet delivered. */
    pending(): number {
        return this.handles.size;
    }

    /** Resolves after the next delivery. */
    whenDelivered(): Promise<void> {
        return new Promise((resolve) => this.waiters.push(resolve));
    }

    /** Drops the events not yet delivered; answers how many there were. */
    cancel(): number {
        const dropped = this.handles.size;
        for (const h of this.handles) this.engine.clock.clearTimer(h);
        this.handles.clear();
        return dropped;
    }
}
