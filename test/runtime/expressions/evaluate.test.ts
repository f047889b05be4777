// Specification of the expression evaluator (runtime/expressions/evaluate.ts) over IR expressions:
// literals, names, operators and their precedence, members, lambdas, templates and errors.
import assert from 'node:assert/strict';
import { evaluate } from '../../../runtime/expressions/evaluate.js';
import { ExpressionError } from '../../../runtime/expressions/expression-error.js';
import type { Expr } from '../../../runtime/ir/expression.js';
import {
  at, bin, call, cond, envOf, index, lambda, list, lit, local, member, method, neg, not, obj, ref, tpl, val,
} from './expr-builders.js';

const order = {
  id: 'o-17', total: 120.5, note: null,
  items: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 3 }],
  customer: { name: 'Ada', address: null },
};
const env = envOf({ order, done: false, count: 3, empty: '', zero: 0 });
const ev = (e: Expr) => evaluate(e, env);

function throwsExpr(e: Expr, message: RegExp | string): ExpressionError {
  let caught: unknown;
  try { evaluate(e, env); } catch (err) { caught = err; }
  assert.ok(caught instanceof ExpressionError, `expected an ExpressionError, got ${String(caught)}`);
  if (typeof message === 'string') assert.equal(caught.detail, message);
  else assert.match(caught.message, message);
  return caught;
}

describe('evaluate: literals and names', () => {
  it('yields literal values, durations in ms and sizes in bytes', () => {
    assert.equal(ev(lit(42)), 42);
    assert.deepEqual(ev(val({ a: [1, 'x', null] })), { a: [1, 'x', null] });
    assert.equal(ev({ kind: 'duration', ms: 5000 }), 5000);
    assert.equal(ev({ kind: 'size', bytes: 64 * 1024 * 1024 }), 67108864);
  });

  it('reads names through the environment with their scope', () => {
    const e = envOf({ 'input:x': 1, 'node:x': 2 });
    assert.equal(evaluate(ref('x', 'input'), e), 1);
    assert.equal(evaluate(ref('x', 'node'), e), 2);
    assert.deepEqual(e.lookups, ['input:x', 'node:x']);
  });

  it('reads an unset name as null', () => {
    assert.equal(ev(ref('nothing')), null);
  });

  it('builds lists and objects from evaluated parts', () => {
    assert.deepEqual(ev(list(lit(1), bin(lit(1), '+', lit(1)))), [1, 2]);
    assert.deepEqual(ev(obj({ id: member(ref('order'), 'id'), n: ref('count') })), { id: 'o-17', n: 3 });
  });
});

describe('evaluate: logic', () => {
  it('short-circuits and/or without evaluating the right side', () => {
    const e = envOf({ t: true, f: false });
    assert.equal(evaluate(bin(ref('f'), 'and', ref('boom')), e), false);
    assert.equal(evaluate(bin(ref('t'), 'or', ref('boom')), e), true);
    assert.deepEqual(e.lookups, ['var:f', 'var:t']);
  });

  it('treats false, null, 0 and "" as false and returns booleans', () => {
    assert.equal(ev(bin(ref('count'), 'and', lit('x'))), true);
    assert.equal(ev(bin(ref('zero'), 'or', ref('empty'))), false);
    assert.equal(ev(not(lit(null))), true);
    assert.equal(ev(not(val([]))), false);
  });

  it('chooses a branch of a conditional and evaluates only that branch', () => {
    assert.equal(ev(cond(bin(ref('count'), '>', lit(2)), lit('big'), member(lit(null), 'x'))), 'big');
    assert.equal(ev(cond(ref('done'), member(lit(null), 'x'), lit('no'))), 'no');
  });
});

describe('evaluate: comparison and equality', () => {
  it('compares numbers and strings', () => {
    assert.equal(ev(bin(lit(2), '<', lit(3))), true);
    assert.equal(ev(bin(lit(3), '<=', lit(3))), true);
    assert.equal(ev(bin(lit('b'), '>', lit('a'))), true);
    assert.equal(ev(bin(lit(1), '>=', lit(2))), false);
  });

  it('compares lists and objects structurally with == and !=', () => {
    assert.equal(ev(bin(val({ a: [1, 2] }), '==', val({ a: [1, 2] }))), true);
    assert.equal(ev(bin(val([1, 2]), '!=', val([2, 1]))), true);
    assert.equal(ev(bin(lit(null), '==', ref('unset'))), true);
    assert.equal(ev(bin(lit(1), '==', lit('1'))), false);
  });

  it('refuses to order values of different types', () => {
    throwsExpr(bin(lit(null), '<', lit(5)), 'cannot compare null with number');
    throwsExpr(bin(lit('1'), '>', lit(0)), 'cannot compare string with number');
  });
});

describe('evaluate: arithmetic', () => {
  it('adds, subtracts, multiplies, divides and takes remainders of numbers', () => {
    assert.equal(ev(bin(lit(7), '+', lit(3))), 10);
    assert.equal(ev(bin(lit(7), '-', lit(3))), 4);
    assert.equal(ev(bin(lit(7), '*', lit(3))), 21);
    assert.equal(ev(bin(lit(7), '/', lit(2))), 3.5);
    assert.equal(ev(bin(lit(7), '%', lit(3))), 1);
    assert.equal(ev(neg(lit(4))), -4);
  });

  it('adds durations as milliseconds', () => {
    assert.equal(ev(bin({ kind: 'duration', ms: 60000 }, '+', { kind: 'duration', ms: 500 })), 60500);
  });

  it('concatenates strings (stringifying the other side) and lists', () => {
    assert.equal(ev(bin(lit('n='), '+', lit(3))), 'n=3');
    assert.equal(ev(bin(lit('o:'), '+', val({ a: 1 }))), 'o:{"a":1}');
    assert.deepEqual(ev(bin(val([1]), '+', val([2]))), [1, 2]);
  });

  it('rejects arithmetic on mismatched types with the types named', () => {
    throwsExpr(bin(lit(1), '+', lit(null)), 'cannot add number and null');
    throwsExpr(bin(lit('a'), '+', lit(null)), 'cannot add string and null');
    throwsExpr(bin(lit('a'), '*', lit(2)), 'cannot multiply string and number');
    throwsExpr(neg(lit('x')), 'cannot negate string');
  });

  it('fails on division by zero instead of yielding Infinity', () => {
    throwsExpr(bin(lit(1), '/', lit(0)), 'division by zero');
    throwsExpr(bin(lit(1), '%', lit(0)), 'remainder of division by zero');
  });
});

describe('evaluate: ?? and in', () => {
  it('takes the right side of ?? only when the left is null', () => {
    assert.equal(ev(bin(member(ref('order'), 'note'), '??', lit('none'))), 'none');
    assert.equal(ev(bin(ref('zero'), '??', lit(5))), 0);
    assert.equal(ev(bin(lit('x'), '??', member(lit(null), 'boom'))), 'x');
  });

  it('tests list membership structurally', () => {
    assert.equal(ev(bin(lit('b'), 'in', val(['a', 'b']))), true);
    assert.equal(ev(bin(val({ sku: 'a', qty: 2 }), 'in', member(ref('order'), 'items'))), true);
    assert.equal(ev(bin(lit(3), 'in', val([1, 2]))), false);
  });

  it('tests substrings and object keys', () => {
    assert.equal(ev(bin(lit('17'), 'in', member(ref('order'), 'id'))), true);
    assert.equal(ev(bin(lit('customer'), 'in', ref('order'))), true);
    assert.equal(ev(bin(lit('missing'), 'in', ref('order'))), false);
  });

  it('rejects in on null and non-string keys', () => {
    throwsExpr(bin(lit('a'), 'in', lit(null)), "'in' needs a list, string or object on the right, got null");
    throwsExpr(bin(lit(1), 'in', lit('abc')), "'in' a string needs a string on the left, got number");
  });
});

describe('evaluate: member, optional member and index', () => {
  it('reads nested members', () => {
    assert.equal(ev(member(member(ref('order'), 'customer'), 'name')), 'Ada');
  });

  it('reads an absent member as null', () => {
    assert.equal(ev(member(ref('order'), 'nope')), null);
  });

  it('fails clearly when reading a member of null', () => {
    throwsExpr(member(member(member(ref('order'), 'customer'), 'address'), 'city'), "cannot read 'city' of null");
  });

  it('points list and string members to the functions that do the job', () => {
    throwsExpr(member(member(ref('order'), 'items'), 'length'), "cannot read 'length' of list (use len(x))");
    throwsExpr(member(lit('abc'), 'upper'), "cannot read 'upper' of string (call it: .upper(…))");
  });

  it('does not read inherited properties', () => {
    assert.equal(ev(member(ref('order'), 'constructor')), null);
    assert.equal(ev(member(val({}), 'toString')), null);
  });

  it('yields null for an optional member of null and short-circuits the rest of the chain', () => {
    const addr = member(member(ref('order'), 'customer'), 'address');
    assert.equal(ev(member(addr, 'city', true)), null);
    assert.equal(ev(member(member(member(addr, 'city', true), 'name'), 'first')), null);
    assert.equal(ev(method(member(addr, 'city', true), 'upper')), null);
  });

  it('indexes lists (negative from the end, out of range is null), strings and objects', () => {
    const items = member(ref('order'), 'items');
    assert.deepEqual(ev(index(items, lit(1))), { sku: 'b', qty: 3 });
    assert.deepEqual(ev(index(items, lit(-1))), { sku: 'b', qty: 3 });
    assert.equal(ev(index(items, lit(5))), null);
    assert.equal(ev(index(lit('abc'), lit(0))), 'a');
    assert.equal(ev(index(ref('order'), lit('id'))), 'o-17');
  });

  it('rejects a fractional list index and indexing null', () => {
    throwsExpr(index(val([1]), lit(0.5)), 'a list index must be a whole number, got number');
    throwsExpr(index(lit(null), lit(0)), 'cannot index null');
    assert.equal(ev(index(lit(null), lit(0), true)), null);
  });
});

describe('evaluate: templates', () => {
  it('interpolates values: strings as is, numbers, null, objects and lists as JSON', () => {
    const e = tpl('order ', member(ref('order'), 'id'), ' total ', member(ref('order'), 'total'),
      ' note ', member(ref('order'), 'note'), ' items ', val([1, { a: true }]));
    assert.equal(ev(e), 'order o-17 total 120.5 note null items [1,{"a":true}]');
  });

  it('yields an empty string for an empty template', () => {
    assert.equal(ev(tpl()), '');
  });
});

describe('evaluate: lambdas and calls', () => {
  it('maps with a lambda in method form and sums the result', () => {
    const qtys = method(member(ref('order'), 'items'), 'map', lambda(['i'], member(local('i'), 'qty')));
    assert.deepEqual(ev(qtys), [2, 3]);
    assert.equal(ev(method(qtys, 'sum')), 5);
  });

  it('closes over outer lambda parameters and falls back to the environment for other locals', () => {
    const e = envOf({ 'local:x': 10 });
    // [1, 2].map(a => [3].map(b => a + b + x))
    const inner = method(val([3]), 'map', lambda(['b'], bin(bin(local('a'), '+', local('b')), '+', local('x'))));
    assert.deepEqual(evaluate(method(val([1, 2]), 'map', lambda(['a'], inner)), e), [[14], [15]]);
  });

  it('passes the index as the second lambda parameter', () => {
    assert.deepEqual(ev(method(val(['a', 'b']), 'map', lambda(['s', 'i'], tpl(local('s'), local('i'))))), ['a0', 'b1']);
  });

  it('refuses a lambda as a final value or an operand', () => {
    throwsExpr(lambda(['x'], local('x')), /lambda can only be passed/);
    throwsExpr(bin(lambda(['x'], local('x')), '==', lit(1)), /lambda can only be passed/);
  });

  it('names an unknown function and explains env()', () => {
    throwsExpr(call('frobnicate'), "unknown function 'frobnicate'");
    throwsExpr(call('env', lit('HOME')), /env\(\) is not an expression function/);
  });

  it('checks the number of arguments', () => {
    throwsExpr(call('len'), 'len() takes 1 argument, got 0');
    throwsExpr(call('substring', lit('a')), 'substring() takes 2 to 3 arguments, got 1');
  });

  it('prefixes library errors with the function name', () => {
    throwsExpr(call('upper', lit(3)), 'upper(): first argument must be a string, got number');
  });
});

describe('evaluate: errors carry the source location', () => {
  it('reports the range of the failing sub-expression as file:line:col', () => {
    const failing: Expr = { kind: 'member', object: lit(null), property: 'id', optional: false, range: at(11, 4) };
    const err = throwsExpr(bin(lit(1), '==', failing), "cannot read 'id' of null");
    assert.deepEqual(err.range, at(11, 4));
    assert.equal(err.message, "cannot read 'id' of null (at /work/flow.weft:12:5)");
  });

  it('falls back to the range of the whole expression', () => {
    const whole: Expr = { kind: 'binary', op: '+', left: lit(1), right: lit(null), range: at(2, 0) };
    assert.equal(throwsExpr(whole, 'cannot add number and null').message, 'cannot add number and null (at /work/flow.weft:3:1)');
  });

  it('never puts values in messages (they may be secrets)', () => {
    const e = envOf({ 'secret:key': 's3cr3t-value' });
    assert.throws(() => evaluate(bin(ref('key', 'secret'), '*', lit(2)), e), (err: Error) => !err.message.includes('s3cr3t'));
  });
});

describe('evaluate: speed', () => {
  it('evaluates a typical guard in under a microsecond', () => {
    const guard = bin(bin(member(ref('classify', 'node'), 'level'), '==', lit('high')), 'and', bin(member(ref('order'), 'total'), '>', lit(100)));
    const values: Record<string, unknown> = { classify: { level: 'high' }, order };
    const e = { lookup: (name: string) => values[name], now: () => 0 };
    // Best of several batches after a warm-up, so a busy machine does not fail the test.
    let n = 0;
    let nsPer = Infinity;
    for (let batch = 0; batch < 20; batch++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 20_000; i++) if (evaluate(guard, e) === true) n++;
      if (batch > 0) nsPer = Math.min(nsPer, Number(process.hrtime.bigint() - start) / 20_000);
    }
    assert.equal(n, 400_000);
    assert.ok(nsPer < 1000, `guard took ${nsPer.toFixed(0)} ns`);
  });
});
