// The effective schedule of a `retry` clause (LANGUAGE.md §3.2: `every` is the first delay,
// multiplied by `backoff` after each retry, capped by `max`, randomised by `jitter`), as text
// for hover and inlay hints. Mirrors the engine's retry policy; reads the AST only.
import type { RetryOption } from '../generated/ast.js';
import { durationToMs } from '../lowering/units.js';

/** The delay before the first retry when `every` is not written (the lowering's default). */
export const DEFAULT_RETRY_DELAY_MS = 1000;

export interface RetrySchedule {
    /** Delays before each retry, in milliseconds (jitter not applied). */
    delaysMs: number[];
    /** Sum of the delays: the longest a node can spend waiting between attempts. */
    totalMs: number;
    jitter: boolean;
    attempts: number;
}

export function retrySchedule(option: RetryOption): RetrySchedule {
    const first = (option.every ? durationToMs(option.every) : undefined) ?? DEFAULT_RETRY_DELAY_MS;
    const max = option.max ? durationToMs(option.max) : undefined;
    const backoff = option.backoff ?? 1;
    const retries = Math.max(0, Math.min(Math.floor(option.times ?? 0), 10_000));
    const delaysMs: number[] = [];
    for (let i = 0; i < retries; i++) {
        let delay = first * Math.pow(backoff, i);
        if (max !== undefined) delay = Math.min(delay, max);
        delaysMs.push(Math.round(delay));
    }
    return { delaysMs, totalMs: delaysMs.reduce((a, b) => a + b, 0), jitter: option.jitter === true, attempts: retries + 1 };
}

/** `250ms`, `1s`, `1.5s`, `2m`, `1h 30m`, `2d`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${ms}ms`;
    const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
    if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))}s`;
    const parts: string[] = [];
    let rest = ms;
    for (const [unit, size] of units) {
        const count = Math.floor(rest / size);
        if (count > 0) parts.push(`${count}${unit}`);
        rest -= count * size;
        if (parts.length === 2) break;
    }
    return parts.join(' ');
}

/** `1s, 2s, 4s, 8s, 16s` (at most `shown` delays, then `… ×N`), with the cap and jitter noted. */
export function describeDelays(schedule: RetrySchedule, shown = 6): string {
    const { delaysMs } = schedule;
    if (delaysMs.length === 0) return 'no retries';
    const head = delaysMs.slice(0, shown).map(formatDuration);
    if (delaysMs.length > shown) {
        const last = delaysMs[delaysMs.length - 1];
        head.push(`… ${formatDuration(last)} (${delaysMs.length} retries)`);
    }
    return head.join(', ') + (schedule.jitter ? ' (jitter: each ½–1×)' : '');
}

/** A one-line summary for hover: attempts, the delays and the total wait. */
export function describeRetry(option: RetryOption): string {
    const schedule = retrySchedule(option);
    const unless = option.unless.length > 0 ? `; never retried on ${option.unless.join(', ')}` : '';
    return `${schedule.attempts} attempts; waits ${describeDelays(schedule)}; at most ${formatDuration(schedule.totalMs)} waiting in all${unless}`;
}
