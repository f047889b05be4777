// Specification of the standard library's list functions (runtime/expressions/stdlib/).
import assert from 'node:assert/strict';
import { bin, lambda, lit, local, member } from '../expr-builders.js';
import { fn } from './call-helper.js';

const items = [{ sku: 'a', qty: 2, price: 5 }, { sku: 'b', qty: 0, price: 1 }, { sku: 'c', qty: 3, price: 2 }];
const qty = { lambda: lambda(['i'], member(local('i'), 'qty')) };
const inStock = { lambda: lambda(['i'], bin(member(local('i'), 'qty'), '>', lit(0))) };
const price = { lambda: lambda(['i'], member(local('i'), 'price')) };

describe('stdlib: list functions', () => {
  it('map, filter and find', () => {
    assert.deepEqual(fn('map', items, qty), [2, 0, 3]);
    assert.deepEqual(fn('filter', items, inStock), [items[0], items[2]]);
    assert.deepEqual(fn('find', items, { lambda: lambda(['i'], bin(member(local('i'), 'sku'), '==', lit('c'))) }), items[2]);
    assert.equal(fn('find', items, { lambda: lambda(['i'], lit(false)) }), null);
  });

  it('some and every (every is true for an empty list)', () => {
    assert.equal(fn('some', items, inStock), true);
    assert.equal(fn('every', items, inStock), false);
    assert.equal(fn('every', [], inStock), true);
  });

  it('sum of numbers or of a projection', () => {
    assert.equal(fn('sum', [1, 2, 3.5]), 6.5);
    assert.equal(fn('sum', items, qty), 5);
    assert.equal(fn('sum', []), 0);
    assert.throws(() => fn('sum', [1, 'x']), /sum needs numbers, got string/);
  });

  it('min and max of a list or of several values', () => {
    assert.equal(fn('min', [3, 1, 2]), 1);
    assert.equal(fn('max', 3, 9, 2), 9);
    assert.equal(fn('max', ['b', 'c', 'a']), 'c');
    assert.equal(fn('min', []), null);
    assert.throws(() => fn('max', [1, 'a']), /cannot order string with number/);
  });

  it('sort and sortBy are stable and leave the input alone', () => {
    const input = [3, 1, 2];
    assert.deepEqual(fn('sort', input), [1, 2, 3]);
    assert.deepEqual(input, [3, 1, 2]);
    assert.deepEqual((fn('sortBy', items, price) as Array<{ sku: string }>).map((i) => i.sku), ['b', 'c', 'a']);
    const ties = [{ k: 1, n: 'x' }, { k: 0, n: 'y' }, { k: 1, n: 'z' }];
    assert.deepEqual((fn('sortBy', ties, { lambda: lambda(['t'], member(local('t'), 'k')) }) as Array<{ n: string }>).map((t) => t.n), ['y', 'x', 'z']);
  });

  it('reverse lists and strings', () => {
    assert.deepEqual(fn('reverse', [1, 2, 3]), [3, 2, 1]);
    assert.equal(fn('reverse', 'abc'), 'cba');
  });

  it('first and last, null when empty', () => {
    assert.equal(fn('first', [7, 8]), 7);
    assert.equal(fn('last', [7, 8]), 8);
    assert.equal(fn('first', []), null);
    assert.equal(fn('last', []), null);
  });

  it('flatten one level and distinct by structure', () => {
    assert.deepEqual(fn('flatten', [[1], [2, [3]], 4]), [1, 2, [3], 4]);
    assert.deepEqual(fn('distinct', [1, { a: 1 }, 1, { a: 1 }, 2]), [1, { a: 1 }, 2]);
  });

  it('count all items or those matching', () => {
    assert.equal(fn('count', items), 3);
    assert.equal(fn('count', items, inStock), 2);
  });

  it('slice lists and strings', () => {
    assert.deepEqual(fn('slice', [1, 2, 3, 4], 1, 3), [2, 3]);
    assert.deepEqual(fn('slice', [1, 2, 3, 4], -1), [4]);
    assert.equal(fn('slice', 'hello', 1, 3), 'el');
  });

  it('concat several lists', () => {
    assert.deepEqual(fn('concat', [1], [2, 3], []), [1, 2, 3]);
    assert.throws(() => fn('concat', [1], 2), /second argument must be a list, got number/);
  });

  it('range with one, two and three arguments and a size limit', () => {
    assert.deepEqual(fn('range', 3), [0, 1, 2]);
    assert.deepEqual(fn('range', 2, 5), [2, 3, 4]);
    assert.deepEqual(fn('range', 5, 0, -2), [5, 3, 1]);
    assert.deepEqual(fn('range', 0), []);
    assert.throws(() => fn('range', 0, 1, 0), /step must not be 0/);
    assert.throws(() => fn('range', 1e9), /limit is 100000/);
  });

  it('rejects a non-lambda where a lambda is expected', () => {
    assert.throws(() => fn('map', [1], 5), /map\(\): second argument must be a lambda/);
  });
});
