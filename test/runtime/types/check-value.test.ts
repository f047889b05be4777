// Specification of run-time type checks of values against IR types (runtime/types/check-value.ts)
// and the messages they give.
import assert from 'node:assert/strict';
import type { TypeDefinition, TypeRef } from '../../../runtime/ir/type-ref.js';
import { checkValue, describeType, formatValueTypeErrors } from '../../../runtime/types/check-value.js';

const str: TypeRef = { kind: 'string' };
const num: TypeRef = { kind: 'number' };
const types: Record<string, TypeDefinition> = {
  Item: { name: 'Item', type: { kind: 'object', fields: [{ name: 'sku', type: str, optional: false }, { name: 'qty', type: num, optional: false }] } },
  Order: {
    name: 'Order',
    type: {
      kind: 'object', fields: [
        { name: 'id', type: str, optional: false },
        { name: 'items', type: { kind: 'list', of: { kind: 'named', name: 'Item' } }, optional: false },
        { name: 'note', type: str, optional: true },
      ],
    },
  },
  Risk: {
    name: 'Risk',
    type: {
      kind: 'object', fields: [
        { name: 'level', type: { kind: 'union', options: [{ kind: 'literal', value: 'low' }, { kind: 'literal', value: 'medium' }, { kind: 'literal', value: 'high' }] }, optional: false },
        { name: 'reason', type: str, optional: false },
      ],
    },
  },
  Tree: {
    name: 'Tree',
    type: { kind: 'object', fields: [{ name: 'children', type: { kind: 'list', of: { kind: 'named', name: 'Tree' } }, optional: false }] },
  },
};
const order: TypeRef = { kind: 'named', name: 'Order' };
const lines = (value: unknown, type: TypeRef, opts = {}) => formatValueTypeErrors(checkValue(value, type, types, opts));

describe('checkValue', () => {
  it('accepts a conforming value', () => {
    assert.deepEqual(checkValue({ id: 'o', items: [{ sku: 'a', qty: 1 }] }, order, types), []);
  });

  it('reports a mismatch deep in a list with its path', () => {
    const v = { id: 'o', items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }, { sku: 'c', qty: '3' }] };
    assert.equal(lines(v, order), 'items[2].qty: expected number, got string');
  });

  it('reports missing required fields and accepts absent or null optional ones', () => {
    assert.equal(lines({ items: [] }, order), 'id: missing required field of type string');
    assert.deepEqual(checkValue({ id: 'o', items: [], note: null }, order, types), []);
    assert.equal(lines({ id: null, items: [] }, order), 'id: expected string, got null');
  });

  it('reports every error, not only the first', () => {
    assert.equal(lines({ id: 1, items: 'x' }, order), 'id: expected string, got number\nitems: expected list<Item>, got string');
  });

  it('allows extra fields unless asked to reject them', () => {
    assert.deepEqual(checkValue({ id: 'o', items: [], extra: 1 }, order, types), []);
    assert.equal(lines({ id: 'o', items: [], extra: 1 }, order, { rejectExtraFields: true }), 'extra: unexpected field');
  });

  it('checks string-literal unions without echoing the value', () => {
    assert.deepEqual(checkValue({ level: 'low', reason: 'ok' }, { kind: 'named', name: 'Risk' }, types), []);
    assert.equal(lines({ level: 'extreme', reason: 'x' }, { kind: 'named', name: 'Risk' }), 'level: expected "low" | "medium" | "high", got string');
  });

  it('reports the errors of the union option of the same shape', () => {
    const t: TypeRef = { kind: 'union', options: [str, { kind: 'named', name: 'Item' }] };
    assert.equal(lines({ sku: 'a', qty: 'x' }, t), 'qty: expected number, got string');
    assert.equal(lines(true, t), 'expected string | Item, got boolean');
  });

  it('checks maps, optionals, booleans, any, null, durations and sizes', () => {
    assert.deepEqual(checkValue({ a: 1, b: 2 }, { kind: 'map', of: num }), []);
    assert.equal(lines({ a: 1, 'b c': 'x' }, { kind: 'map', of: num }), '["b c"]: expected number, got string');
    assert.deepEqual(checkValue(null, { kind: 'optional', of: num }), []);
    assert.equal(lines('yes', { kind: 'boolean' }), 'expected boolean, got string');
    assert.deepEqual(checkValue({ anything: [1] }, { kind: 'any' }), []);
    assert.equal(lines(0, { kind: 'null' }), 'expected null, got number');
    assert.deepEqual(checkValue(5000, { kind: 'duration' }), []);
    assert.equal(lines(-1, { kind: 'size' }), 'expected size (bytes), got a negative number');
  });

  it('rejects non-finite numbers', () => {
    assert.equal(lines(Number.NaN, num), 'expected number, got non-finite number');
  });

  it('checks recursive named types', () => {
    const tree: TypeRef = { kind: 'named', name: 'Tree' };
    assert.deepEqual(checkValue({ children: [{ children: [] }] }, tree, types), []);
    assert.equal(lines({ children: [{ children: [{}] }] }, tree), 'children[0].children[0].children: missing required field of type list<Tree>');
  });

  it('names an unknown type', () => {
    assert.equal(lines(1, { kind: 'named', name: 'Nope' }), 'unknown type Nope');
  });

  it('stops after maxErrors', () => {
    assert.equal(checkValue(['a', 'b', 'c', 'd'], { kind: 'list', of: num }, {}, { maxErrors: 2 }).length, 2);
  });

  it('prefixes a root name when formatting', () => {
    assert.equal(formatValueTypeErrors(checkValue({ id: 'o', items: [1] }, order, types), 'input order'), 'input order.items[0]: expected Item, got number');
  });

  it('describes types as written', () => {
    assert.equal(describeType({ kind: 'optional', of: { kind: 'list', of: { kind: 'map', of: str } } }), 'list<map<string>>?');
  });
});
