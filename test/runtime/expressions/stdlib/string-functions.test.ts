// Specification of the standard library's string functions (runtime/expressions/stdlib/).
import assert from 'node:assert/strict';
import { fn } from './call-helper.js';

describe('stdlib: string functions', () => {
  it('len counts list items, characters and map keys', () => {
    assert.equal(fn('len', [1, 2, 3]), 3);
    assert.equal(fn('len', 'héllo'), 5);
    assert.equal(fn('len', { a: 1, b: 2 }), 2);
    assert.throws(() => fn('len', null), /len\(\): expected a list, string or map, got null/);
  });

  it('upper, lower and trim', () => {
    assert.equal(fn('upper', 'abc'), 'ABC');
    assert.equal(fn('lower', 'AbC'), 'abc');
    assert.equal(fn('trim', '  x \n'), 'x');
    assert.throws(() => fn('trim', 5), /trim\(\): first argument must be a string, got number/);
  });

  it('split and join', () => {
    assert.deepEqual(fn('split', 'a,b,,c', ','), ['a', 'b', '', 'c']);
    assert.equal(fn('join', ['a', 1, null, { k: 1 }], '-'), 'a-1-null-{"k":1}');
    assert.equal(fn('join', ['a', 'b']), 'ab');
  });

  it('replace replaces every occurrence of plain text', () => {
    assert.equal(fn('replace', 'a.b.c', '.', '/'), 'a/b/c');
    assert.equal(fn('replace', 'x+y', '+', '$&'), 'x$&y');
    assert.throws(() => fn('replace', 'abc', '', 'x'), /must not be empty/);
  });

  it('startsWith, endsWith and contains', () => {
    assert.equal(fn('startsWith', 'order-1', 'order'), true);
    assert.equal(fn('endsWith', 'order-1', '-2'), false);
    assert.equal(fn('contains', 'payment declined', 'decl'), true);
    assert.equal(fn('contains', [{ a: 1 }], { a: 1 }), true);
    assert.equal(fn('contains', [1, 2], 3), false);
  });

  it('substring with negative positions', () => {
    assert.equal(fn('substring', 'abcdef', 1, 3), 'bc');
    assert.equal(fn('substring', 'abcdef', 2), 'cdef');
    assert.equal(fn('substring', 'abcdef', -2), 'ef');
  });

  it('format fills positional and named placeholders and keeps escaped braces', () => {
    assert.equal(fn('format', '{0} has {1} items', 'o-1', 3), 'o-1 has 3 items');
    assert.equal(fn('format', 'Hi {name}, {{literal}}', { name: 'Ada' }), 'Hi Ada, {literal}');
    assert.throws(() => fn('format', '{2}', 'a'), /refers to \{2\} but only 1 value/);
    assert.throws(() => fn('format', '{who}', { name: 'x' }), /which the map does not have/);
  });
});
