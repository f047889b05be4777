import assert from 'node:assert/strict';
import { printDuration, printExpression, printSize } from '../../../language-server/diagram/expression-printer.js';
import type { Expr } from '../../../runtime/ir/expression.js';

const ref = (name: string): Expr => ({ kind: 'ref', name, scope: 'node' });
const num = (value: number): Expr => ({ kind: 'literal', value });
const str = (value: string): Expr => ({ kind: 'literal', value });
const member = (object: Expr, property: string): Expr => ({ kind: 'member', object, property, optional: false });

describe('diagram expression printer', () => {
  it('prints a member comparison the way it is written', () => {
    const e: Expr = { kind: 'binary', op: '==', left: member(ref('classify'), 'level'), right: str('high') };
    assert.equal(printExpression(e), 'classify.level == "high"');
  });

  it('adds parentheses only where precedence needs them', () => {
    const sum: Expr = { kind: 'binary', op: '+', left: num(1), right: num(2) };
    assert.equal(printExpression({ kind: 'binary', op: '*', left: sum, right: num(3) }), '(1 + 2) * 3');
    assert.equal(printExpression({ kind: 'binary', op: '+', left: num(3), right: { kind: 'binary', op: '*', left: num(1), right: num(2) } }), '3 + 1 * 2');
  });

  it('keeps left associativity: a - (b - c) keeps its parentheses, (a - b) - c drops them', () => {
    const inner: Expr = { kind: 'binary', op: '-', left: ref('b'), right: ref('c') };
    assert.equal(printExpression({ kind: 'binary', op: '-', left: ref('a'), right: inner }), 'a - (b - c)');
    assert.equal(printExpression({ kind: 'binary', op: '-', left: { kind: 'binary', op: '-', left: ref('a'), right: ref('b') }, right: ref('c') }), 'a - b - c');
  });

  it('prints not, and, or with their keywords', () => {
    const e: Expr = { kind: 'unary', op: 'not', operand: { kind: 'binary', op: 'and', left: ref('a'), right: ref('b') } };
    assert.equal(printExpression(e), 'not (a and b)');
  });

  it('prints method calls with lambdas, optional members and indexes', () => {
    const items = member(ref('order'), 'items');
    const lambda: Expr = { kind: 'lambda', params: ['i'], body: member({ kind: 'ref', name: 'i', scope: 'local' }, 'qty') };
    const map: Expr = { kind: 'method', object: items, method: 'map', args: [lambda], optional: false };
    const sum: Expr = { kind: 'method', object: map, method: 'sum', args: [], optional: false };
    assert.equal(printExpression(sum), 'order.items.map(i => i.qty).sum()');
    assert.equal(printExpression({ kind: 'member', object: ref('a'), property: 'b', optional: true }), 'a?.b');
    assert.equal(printExpression({ kind: 'index', object: ref('a'), index: num(0), optional: false }), 'a[0]');
  });

  it('prints templates with interpolations and escapes', () => {
    const e: Expr = { kind: 'template', parts: ['Order "', member(ref('order'), 'id'), '" ok'] };
    assert.equal(printExpression(e), '"Order \\"${order.id}\\" ok"');
  });

  it('prints conditionals, lists, objects, calls and literals', () => {
    const cond: Expr = { kind: 'conditional', test: ref('x'), then: num(1), else: str('no') };
    assert.equal(printExpression(cond), 'x ? 1 : "no"');
    const obj: Expr = { kind: 'object', entries: [{ key: 'id', value: ref('a') }, { key: 'a-b', value: { kind: 'literal', value: null } }] };
    assert.equal(printExpression(obj), '{ id: a, "a-b": null }');
    assert.equal(printExpression({ kind: 'list', items: [num(1), { kind: 'literal', value: true }] }), '[1, true]');
    assert.equal(printExpression({ kind: 'call', callee: 'len', args: [ref('xs')] }), 'len(xs)');
  });

  it('prints durations and sizes in the largest exact unit', () => {
    assert.equal(printDuration(5000), '5s');
    assert.equal(printDuration(3_600_000), '1h');
    assert.equal(printDuration(90_000), '90s');
    assert.equal(printDuration(250), '250ms');
    assert.equal(printSize(67_108_864), '64MB');
    assert.equal(printSize(1000), '1000B');
    assert.equal(printExpression({ kind: 'duration', ms: 172_800_000 }), '2d');
  });
});
