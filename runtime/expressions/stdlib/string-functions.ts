// Runtime expressions — the string functions of the standard library (LANGUAGE.md §5).
import { deepEqual, isObject, stringify, typeName } from '../values.js';
import { define, fail, given, int, list, str, type StdlibFunction } from './stdlib-function.js';

export const stringFunctions: StdlibFunction[] = [
  define('string', 'len', [{ name: 'x', type: 'list|string|map' }], 'number',
    'The number of items of a list, characters of a string, or keys of a map.',
    (a) => {
      const x = a[0];
      if (typeof x === 'string' || Array.isArray(x)) return x.length;
      if (isObject(x)) return Object.keys(x).length;
      return fail(`expected a list, string or map, got ${typeName(x)}`);
    }),
  define('string', 'upper', [{ name: 's', type: 'string' }], 'string', 'The string in upper case.',
    (a) => str(a, 0).toUpperCase()),
  define('string', 'lower', [{ name: 's', type: 'string' }], 'string', 'The string in lower case.',
    (a) => str(a, 0).toLowerCase()),
  define('string', 'trim', [{ name: 's', type: 'string' }], 'string', 'The string without leading and trailing white space.',
    (a) => str(a, 0).trim()),
  define('string', 'split', [{ name: 's', type: 'string' }, { name: 'separator', type: 'string' }], 'list<string>',
    'The parts of `s` between occurrences of `separator` (`split("a,b", ",")` is `["a", "b"]`).',
    (a) => str(a, 0).split(str(a, 1))),
  define('string', 'join', [{ name: 'items', type: 'list' }, { name: 'separator', type: 'string', optional: true }], 'string',
    'The items as text (objects as JSON), separated by `separator` (default "").',
    (a) => list(a, 0).map(stringify).join(given(a, 1) ? str(a, 1) : '')),
  define('string', 'replace', [{ name: 's', type: 'string' }, { name: 'find', type: 'string' }, { name: 'with', type: 'string' }], 'string',
    'The string with every occurrence of `find` replaced (plain text, not a pattern).',
    (a) => {
      const find = str(a, 1);
      if (find === '') fail('the text to find must not be empty');
      return str(a, 0).split(find).join(str(a, 2));
    }),
  define('string', 'startsWith', [{ name: 's', type: 'string' }, { name: 'prefix', type: 'string' }], 'boolean',
    'Whether `s` begins with `prefix`.', (a) => str(a, 0).startsWith(str(a, 1))),
  define('string', 'endsWith', [{ name: 's', type: 'string' }, { name: 'suffix', type: 'string' }], 'boolean',
    'Whether `s` ends with `suffix`.', (a) => str(a, 0).endsWith(str(a, 1))),
  define('string', 'contains', [{ name: 's', type: 'string|list' }, { name: 'part', type: 'any' }], 'boolean',
    'Whether the string contains the text `part`, or the list contains an item equal to `part` (as `part in s`).',
    (a) => {
      const s = a[0];
      if (typeof s === 'string') return s.includes(str(a, 1));
      if (Array.isArray(s)) return s.some((x) => deepEqual(x, a[1]));
      return fail(`expected a string or list, got ${typeName(s)}`);
    }),
  define('string', 'substring', [{ name: 's', type: 'string' }, { name: 'start', type: 'number' }, { name: 'end', type: 'number', optional: true }], 'string',
    'The characters from `start` up to, not including, `end` (default: the end). Negative positions count from the end.',
    (a) => {
      const s = str(a, 0);
      return s.slice(int(a, 1), given(a, 2) ? int(a, 2) : undefined);
    }),
  define('string', 'format', [{ name: 'pattern', type: 'string' }, { name: 'values', type: 'any', rest: true }], 'string',
    'Fills `{0}`, `{1}`… with the values by position, or `{name}` from a single map argument; `{{` and `}}` are literal braces. Values print as in templates.',
    (a) => {
      const pattern = str(a, 0);
      const values = a.slice(1);
      return pattern.replace(/\{\{|\}\}|\{([A-Za-z0-9_]+)\}/g, (m, key: string | undefined) => {
        if (m === '{{') return '{';
        if (m === '}}') return '}';
        const k = key!;
        if (/^\d+$/.test(k)) {
          const i = Number(k);
          if (i >= values.length) fail(`pattern refers to {${k}} but only ${values.length} value(s) were given`);
          return stringify(values[i]);
        }
        const map = values[0];
        if (!isObject(map)) fail(`pattern refers to {${k}}; pass a map as the second argument`);
        if (!Object.hasOwn(map, k)) fail(`pattern refers to {${k}}, which the map does not have`);
        return stringify(map[k]);
      });
    }),
];
