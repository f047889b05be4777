// Runtime expressions — time functions of the standard library. A time is epoch milliseconds
// (a number, so durations add to it); functions taking a time also accept an ISO 8601 string.
// The clock is read only through `env.now()`, which the engine may virtualise.
import { typeName } from '../values.js';
import { define, fail, given, num, str, type StdlibFunction } from './stdlib-function.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** A time argument as epoch ms. */
export function toTime(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail('time must be a finite number of milliseconds');
    return value;
  }
  if (typeof value === 'string') {
    if (!/^\d{4}-\d{2}-\d{2}/.test(value)) fail(`'${value.length > 40 ? value.slice(0, 40) + '…' : value}' is not an ISO 8601 time`);
    const t = Date.parse(value);
    if (Number.isNaN(t)) fail(`'${value}' is not an ISO 8601 time`);
    return t;
  }
  return fail(`expected a time (epoch milliseconds or ISO 8601 string), got ${typeName(value)}`);
}

/** An ISO 8601 time (`2026-11-01`, `2026-11-01T09:00:00Z`) as epoch ms; NaN for any other text. */
export function isoTime(text: string): number {
  return /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
}

/** Parses `250ms`, `5s`, `1h30m`, `2d` (units ms s m h d w) to milliseconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(t)) fail(`'${text}' is not a duration such as 250ms, 5s, 1h30m or 2d`);
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) total += Number(m[1]) * UNIT_MS[m[2]!]!;
  return total;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function formatUtc(t: number, pattern: string): string {
  const d = new Date(t);
  const tokens: Record<string, string> = {
    YYYY: String(d.getUTCFullYear()), MM: pad(d.getUTCMonth() + 1), DD: pad(d.getUTCDate()),
    HH: pad(d.getUTCHours()), mm: pad(d.getUTCMinutes()), ss: pad(d.getUTCSeconds()), SSS: pad(d.getUTCMilliseconds(), 3),
  };
  return pattern.replace(/YYYY|SSS|MM|DD|HH|mm|ss/g, (k) => tokens[k]!);
}

export const timeFunctions: StdlibFunction[] = [
  define('time', 'now', [], 'number', 'The current time of the run as epoch milliseconds (virtual under `--virtual-time`).',
    (_a, env) => env.now()),
  define('time', 'parseTime', [{ name: 'text', type: 'string' }], 'number',
    'An ISO 8601 time (`"2025-01-31T09:00:00Z"`) as epoch milliseconds.',
    (a) => toTime(str(a, 0))),
  define('time', 'formatTime', [{ name: 'time', type: 'number|string' }, { name: 'pattern', type: 'string', optional: true }], 'string',
    'The time in UTC as ISO 8601, or with a pattern of `YYYY MM DD HH mm ss SSS` tokens (`formatTime(t, "YYYY-MM-DD")`).',
    (a) => {
      const t = toTime(a[0]);
      const d = new Date(t);
      if (Number.isNaN(d.getTime())) fail('time is out of range');
      return given(a, 1) ? formatUtc(t, str(a, 1)) : d.toISOString();
    }),
  define('time', 'addDuration', [{ name: 'time', type: 'number|string' }, { name: 'duration', type: 'duration' }], 'number',
    'The time plus a duration (`addDuration(now(), 2d)`), as epoch milliseconds. A string duration such as "2h" is accepted.',
    (a) => toTime(a[0]) + (typeof a[1] === 'string' ? parseDuration(a[1]) : num(a, 1))),
  define('time', 'durationOf', [{ name: 'text', type: 'string|number' }], 'duration',
    'A duration from text such as "1h30m" or "250ms" (units ms s m h d w), in milliseconds; a number is returned as is.',
    (a) => (typeof a[0] === 'number' ? a[0] : parseDuration(str(a, 0)))),
];
