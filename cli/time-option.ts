// CLI — a point in time given on the command line (`--since 1h`, `--since 2026-11-01`): a
// duration back from now (units ms s m h d w, combined as `1d12h`) or an ISO 8601 time.
import { parseDuration } from '../runtime/expressions/stdlib/time-functions.js';
import { UsageError } from './command.js';

/** `text` as epoch ms; `option` names the option in the usage error. */
export function timeOption(option: string, text: string, now = Date.now()): number {
    if (/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(text.trim())) return now - parseDuration(text);
    const at = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
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
    const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
    return `${window.since !== undefined ? ` since ${at(window.since)}` : ''}${window.until !== undefined ? ` until ${at(window.until)}` : ''}`;
}
