// Runtime expressions — JSON, uuid and conversion functions of the standard library.
import { randomUUID } from 'node:crypto';
import { LambdaValue, stringify, typeName } from '../values.js';
import { define, fail, given, int, str, type StdlibFunction } from './stdlib-function.js';

/** A version-4 UUID from 16 random bytes drawn from `random` (deterministic when it is). */
export function uuidFrom(random: () => number): string {
  const b = Array.from({ length: 16 }, () => Math.floor(random() * 256) & 0xff);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const jsonFunctions: StdlibFunction[] = [
  define('json', 'json', [{ name: 'value', type: 'any' }, { name: 'indent', type: 'number', optional: true }], 'string',
    'The value as JSON text, indented by `indent` spaces when given.',
    (a) => {
      if (a[0] instanceof LambdaValue) fail('a lambda cannot be turned into JSON');
      return JSON.stringify(a[0] ?? null, null, given(a, 1) ? int(a, 1) : undefined);
    }),
  define('json', 'parseJson', [{ name: 'text', type: 'string' }], 'any', 'The value that JSON text denotes.',
    (a) => {
      try { return JSON.parse(str(a, 0)); } catch (e) { return fail(`invalid JSON: ${(e as Error).message}`); }
    }),
  define('uuid', 'uuid', [], 'string', 'A random version-4 UUID (from the run\'s random source, so replays see the journaled value).',
    (_a, env) => (env.random ? uuidFrom(() => env.random!()) : randomUUID())),
  define('conversion', 'string', [{ name: 'value', type: 'any' }], 'string',
    'The value as text, as a template shows it (objects and lists as JSON).', (a) => stringify(a[0])),
  define('conversion', 'number', [{ name: 'value', type: 'string|number|boolean' }], 'number',
    'A number from text (`number("42.5")`), a number, or a boolean (1 or 0).',
    (a) => {
      const v = a[0];
      if (typeof v === 'number') return v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string') {
        const n = v.trim() === '' ? NaN : Number(v);
        return Number.isFinite(n) ? n : fail('text is not a number');
      }
      return fail(`cannot convert ${typeName(v)} to a number`);
    }),
];
