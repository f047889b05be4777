// Runtime expressions — the map (object) functions of the standard library (LANGUAGE.md §5).
import { isObject, typeName } from '../values.js';
import { define, fail, given, obj, str, type StdlibFunction } from './stdlib-function.js';

export const mapFunctions: StdlibFunction[] = [
  define('map', 'keys', [{ name: 'm', type: 'map<T>' }], 'list<string>', 'The keys of the map, in insertion order.',
    (a) => Object.keys(obj(a, 0))),
  define('map', 'values', [{ name: 'm', type: 'map<T>' }], 'list<T>', 'The values of the map, in key order.',
    (a) => Object.values(obj(a, 0))),
  define('map', 'entries', [{ name: 'm', type: 'map<T>' }], 'list<{ key: string, value: T }>',
    'The entries of the map as `{ key, value }` objects.',
    (a) => Object.entries(obj(a, 0)).map(([key, value]) => ({ key, value }))),
  define('map', 'merge', [{ name: 'm', type: 'map<T>' }, { name: 'more', type: 'map<T>', rest: true }], 'map<T>',
    'A new map with the keys of all maps; later maps win (shallow).',
    (a) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < a.length; i++) Object.assign(out, obj(a, i));
      return out;
    }),
  define('map', 'has', [{ name: 'm', type: 'map<T>' }, { name: 'key', type: 'string' }], 'boolean',
    'Whether the map has the key (as `key in m`).',
    (a) => { const m = obj(a, 0); const k = str(a, 1); return Object.hasOwn(m, k) && m[k] !== undefined; }),
  define('map', 'get', [{ name: 'm', type: 'map<T>|list<T>' }, { name: 'key', type: 'string|number' }, { name: 'default', type: 'T', optional: true }], 'T?',
    'The value at `key` (a key of a map or an index of a list), or `default` (null) when absent or null.',
    (a) => {
      const m = a[0];
      const k = a[1];
      const fallback = given(a, 2) ? a[2] : null;
      let v: unknown;
      if (m === null || m === undefined) v = null;
      else if (Array.isArray(m)) {
        if (typeof k !== 'number' || !Number.isInteger(k)) fail(`a list index must be a whole number, got ${typeName(k)}`);
        v = m[k < 0 ? m.length + k : k];
      } else if (isObject(m)) {
        if (typeof k !== 'string') fail(`a map key must be a string, got ${typeName(k)}`);
        v = Object.hasOwn(m, k) ? m[k] : undefined;
      } else fail(`expected a map or list, got ${typeName(m)}`);
      return v === null || v === undefined ? fallback : v;
    }),
];
