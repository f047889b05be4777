// Specification of the standard library's map and math functions (runtime/expressions/stdlib/).
import assert from 'node:assert/strict';
import { fn } from './call-helper.js';

describe('stdlib: map functions', () => {
  const m = { a: 1, b: null, c: [2] };

  it('keys, values and entries', () => {
    assert.deepEqual(fn('keys', m), ['a', 'b', 'c']);
    assert.deepEqual(fn('values', m), [1, null, [2]]);
    assert.deepEqual(fn('entries', { x: 1 }), [{ key: 'x', value: 1 }]);
    assert.throws(() => fn('keys', [1]), /keys\(\): first argument must be an object, got list/);
  });

  it('merge is shallow and later maps win', () => {
    assert.deepEqual(fn('merge', { a: 1, n: { x: 1 } }, { a: 2, n: { y: 2 } }, { z: 0 }), { a: 2, n: { y: 2 }, z: 0 });
  });

  it('has and get with a default', () => {
    assert.equal(fn('has', m, 'b'), true);
    assert.equal(fn('has', m, 'toString'), false);
    assert.equal(fn('get', m, 'a'), 1);
    assert.equal(fn('get', m, 'b', 'dflt'), 'dflt');
    assert.equal(fn('get', m, 'zz'), null);
    assert.equal(fn('get', [5, 6], -1), 6);
    assert.equal(fn('get', null, 'a', 0), 0);
  });
});

describe('stdlib: math functions', () => {
  it('abs, floor, ceil', () => {
    assert.equal(fn('abs', -3), 3);
    assert.equal(fn('floor', 2.7), 2);
    assert.equal(fn('ceil', 2.1), 3);
  });

  it('round to whole numbers or to decimal places, halves away from zero', () => {
    assert.equal(fn('round', 2.5), 3);
    assert.equal(fn('round', -2.5), -3);
    assert.equal(fn('round', 1.005, 2), 1.01);
    assert.equal(fn('round', 3.14159, 3), 3.142);
  });

  it('pow and sqrt, rejecting non-finite results', () => {
    assert.equal(fn('pow', 2, 10), 1024);
    assert.equal(fn('sqrt', 16), 4);
    assert.throws(() => fn('sqrt', -1), /negative number/);
    assert.throws(() => fn('pow', 10, 400), /not a finite number/);
  });
});
