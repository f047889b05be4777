// Runtime expressions — the list functions of the standard library (LANGUAGE.md §5). Lambdas
// receive `(item, index)`. Functions never mutate their arguments.
import { deepEqual, truthy, typeName } from '../values.js';
import { define, fail, given, int, lambda, list, num, type StdlibFunction } from './stdlib-function.js';

const fnParam = (sig: string, optional = false) => ({ name: 'fn', type: sig, optional });

/** Orders numbers with numbers and strings with strings; anything else is an error. */
function compareValues(x: unknown, y: unknown): number {
  if ((typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string')) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return fail(`cannot order ${typeName(x)} with ${typeName(y)}`);
}

function numbers(items: unknown[], what: string): number[] {
  return items.map((x) => (typeof x === 'number' ? x : fail(`${what} needs numbers, got ${typeName(x)}`)));
}

/** min/max accept one list or several values. */
function extremum(a: unknown[], sign: 1 | -1): unknown {
  const items = a.length === 1 && Array.isArray(a[0]) ? a[0] : a;
  if (items.length === 0) return null;
  let best = items[0];
  for (let i = 1; i < items.length; i++) if (compareValues(items[i], best) * sign > 0) best = items[i];
  return best;
}

export const listFunctions: StdlibFunction[] = [
  define('list', 'map', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T, index: number) => U')], 'list<U>',
    'The result of `fn` for each item: `order.items.map(i => i.qty)`.',
    (a) => { const f = lambda(a, 1); return list(a, 0).map((x, i) => f.call(x, i)); }),
  define('list', 'filter', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T, index: number) => boolean')], 'list<T>',
    'The items for which `fn` is true.',
    (a) => { const f = lambda(a, 1); return list(a, 0).filter((x, i) => truthy(f.call(x, i))); }),
  define('list', 'find', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T, index: number) => boolean')], 'T?',
    'The first item for which `fn` is true, or null.',
    (a) => { const f = lambda(a, 1); return list(a, 0).find((x, i) => truthy(f.call(x, i))) ?? null; }),
  define('list', 'some', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T, index: number) => boolean')], 'boolean',
    'Whether `fn` is true for at least one item.',
    (a) => { const f = lambda(a, 1); return list(a, 0).some((x, i) => truthy(f.call(x, i))); }),
  define('list', 'every', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T, index: number) => boolean')], 'boolean',
    'Whether `fn` is true for every item (true for an empty list).',
    (a) => { const f = lambda(a, 1); return list(a, 0).every((x, i) => truthy(f.call(x, i))); }),
  define('list', 'sum', [{ name: 'items', type: 'list<number>' }, fnParam('(item: T) => number', true)], 'number',
    'The sum of the numbers (or of `fn` applied to each item); 0 for an empty list.',
    (a) => {
      let items = list(a, 0);
      if (given(a, 1)) { const f = lambda(a, 1); items = items.map((x, i) => f.call(x, i)); }
      return numbers(items, 'sum').reduce((s, x) => s + x, 0);
    }),
  define('list', 'min', [{ name: 'items', type: 'list<T>|T', rest: true }], 'T?',
    'The smallest of a list (`min([3, 1])`) or of several values (`min(a, b)`); null when empty.',
    (a) => (a.length === 0 ? fail('needs a list or at least one value') : extremum(a, -1))),
  define('list', 'max', [{ name: 'items', type: 'list<T>|T', rest: true }], 'T?',
    'The largest of a list (`max([3, 1])`) or of several values (`max(a, b)`); null when empty.',
    (a) => (a.length === 0 ? fail('needs a list or at least one value') : extremum(a, 1))),
  define('list', 'sort', [{ name: 'items', type: 'list<T>' }], 'list<T>',
    'The items in ascending order (numbers or strings; stable).',
    (a) => [...list(a, 0)].sort(compareValues)),
  define('list', 'sortBy', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T) => number|string')], 'list<T>',
    'The items ordered by the key `fn` gives each (stable): `orders.sortBy(o => o.total)`.',
    (a) => {
      const f = lambda(a, 1);
      const keyed = list(a, 0).map((x, i) => ({ x, k: f.call(x, i) }));
      return keyed.sort((p, q) => compareValues(p.k, q.k)).map((e) => e.x);
    }),
  define('list', 'reverse', [{ name: 'items', type: 'list<T>|string' }], 'list<T>|string',
    'The items (or characters) in reverse order.',
    (a) => (typeof a[0] === 'string' ? [...a[0]].reverse().join('') : [...list(a, 0)].reverse())),
  define('list', 'first', [{ name: 'items', type: 'list<T>' }], 'T?', 'The first item, or null for an empty list.',
    (a) => list(a, 0)[0] ?? null),
  define('list', 'last', [{ name: 'items', type: 'list<T>' }], 'T?', 'The last item, or null for an empty list.',
    (a) => { const l = list(a, 0); return l[l.length - 1] ?? null; }),
  define('list', 'flatten', [{ name: 'items', type: 'list<list<T>>' }], 'list<T>',
    'The items of nested lists one level up: `flatten([[1], [2, 3], 4])` is `[1, 2, 3, 4]`.',
    (a) => list(a, 0).flat(1)),
  define('list', 'distinct', [{ name: 'items', type: 'list<T>' }], 'list<T>',
    'The items without later duplicates (structural equality), in first-seen order.',
    (a) => {
      const out: unknown[] = [];
      for (const x of list(a, 0)) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }),
  define('list', 'count', [{ name: 'items', type: 'list<T>' }, fnParam('(item: T) => boolean', true)], 'number',
    'The number of items (for which `fn` is true, when given).',
    (a) => {
      const items = list(a, 0);
      if (!given(a, 1)) return items.length;
      const f = lambda(a, 1);
      return items.reduce<number>((n, x, i) => (truthy(f.call(x, i)) ? n + 1 : n), 0);
    }),
  define('list', 'slice', [{ name: 'items', type: 'list<T>|string' }, { name: 'start', type: 'number' }, { name: 'end', type: 'number', optional: true }], 'list<T>|string',
    'The items from `start` up to, not including, `end` (default: the end). Negative positions count from the end.',
    (a) => {
      const x = a[0];
      if (typeof x !== 'string' && !Array.isArray(x)) return fail(`expected a list or string, got ${typeName(x)}`);
      return x.slice(int(a, 1), given(a, 2) ? int(a, 2) : undefined);
    }),
  define('list', 'concat', [{ name: 'items', type: 'list<T>' }, { name: 'more', type: 'list<T>', rest: true }], 'list<T>',
    'The lists joined end to end: `concat([1], [2, 3])` is `[1, 2, 3]`.',
    (a) => { const out = [...list(a, 0)]; for (let i = 1; i < a.length; i++) out.push(...list(a, i)); return out; }),
  define('list', 'range', [{ name: 'start', type: 'number' }, { name: 'end', type: 'number', optional: true }, { name: 'step', type: 'number', optional: true }], 'list<number>',
    '`range(n)` is 0 … n-1; `range(a, b)` is a … b-1; `step` may be negative. At most 100,000 items.',
    (a) => {
      let start = 0, end: number;
      if (given(a, 1)) { start = num(a, 0); end = num(a, 1); } else end = num(a, 0);
      const step = given(a, 2) ? num(a, 2) : 1;
      if (step === 0) fail('step must not be 0');
      const n = Math.max(0, Math.ceil((end - start) / step));
      if (n > 100_000) fail(`would make ${n} items; the limit is 100000`);
      return Array.from({ length: n }, (_, i) => start + i * step);
    }),
];
