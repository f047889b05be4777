// CLI — times and durations given on the command line: a point in time (`--since 1h`, `--since
// 2026-11-01`: a duration back from now, units ms s m h d w combined as `1d12h`, or an ISO 8601
// time) and a duration (`--older-than 30d`, `--retain 30d`).
import { isoTime, parseDuration } from '../runtime/expressions/stdlib/time-functions.js';
import { UsageError } from './command.js';
import { formatUtcTime } from './text-table.js';

/** `text` as milliseconds; `option` (and what it is for, when given) name it in the usage error. */
export function durationOption(option: string, text: string, purpose?: string): number {
    try {
        return parseDuration(text);
    } catch {
        throw new UsageError(`${option} needs a duration such as 30d, 12h or 90m${purpose ? ` (${purpose})` : ''}, not '${text}'`);
    }
}

/** `text` as epoch ms; `option` names the option in the usage error. */
export function timeOption(option: string, text: string, now = Date.now()): number {
    try {
        return now - parseDuration(text);
    } catch {
        // Not a duration: an ISO time, then.
    }
    const at = isoTime(text);
    if (Number.isNaN(at)) throw new UsageError(`${option} needs a duration back from now (such as 1h or 7d) or an ISO 8601 time (2026-11-01 or 2026-11-01T09:00:00Z), not '${text}'`);
    return at;
}

/** `--since` and `--until` of a command that lists or folds runs by when they started. */
export function windowOptions(values: Record<string, unknown>, now = Date.now()): { since?: number; until?: number } {
    const window: { since?: number; until?: number } = {};
    if (typeof values.since === 'string') window.since = timeOption('--since', values.since, now);
    if (typeof values.until === 'string') window.until = timeOption('--until', values.until, now);
    if (window.since !== undefined && window.until !== undefined && window.since >= window.until) {
        throw new UsageError(`--since (${new Date(window.since).toISOString()}) must come before --until (${new Date(window.until).toISOString()})`);
    }
    return window;
}

/** ` since <time>` / ` until <time>` for messages (empty without a window). */
export function windowText(window: { since?: number; until?: number }): string {
    return `${window.since !== undefined ? ` since ${formatUtcTime(window.since)}` : ''}${window.until !== undefined ? ` until ${formatUtcTime(window.until)}` : ''}`;
}
