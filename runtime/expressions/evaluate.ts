// Runtime expressions — the evaluator of IR expression trees (LANGUAGE.md §5). Pure: it reads
// names only through `EvaluationEnvironment.lookup`, the clock only through `env.now()`, and
// performs no I/O. It sits on the engine's hot path (guards), so it is one switch over `kind`.
import type { Expr, RefScope } from '../ir/expression.js';
import { ExpressionError } from './expression-error.js';
import { findStdlibFunction } from './stdlib/index.js';
import {
  Frame, LambdaValue, deepEqual, isObject, stringify, truthy, typeName,
} from './values.js';

/** What an expression can see of the run. */
export interface EvaluationEnvironment {
  /**
   * The value a resolved name denotes (`scope` says what kind of name it is). Lambda
   * parameters are resolved by the evaluator first; `local` names it does not bind (a
   * `foreach … as x` item) are asked for here. Return `undefined` for an unset name (read as null).
   */
  lookup(name: string, scope: RefScope): unknown;
  /** The run's clock in epoch milliseconds (virtual time in tests and `--virtual-time`). */
  now(): number;
  /** Optional source of randomness in [0, 1) for `uuid()`; `crypto` is used when absent. */
  random?(): number;
}

/** Marks an optional chain (`a?.b.c`) that met null: the whole chain yields null. */
const SHORT_CIRCUIT: unique symbol = Symbol('short-circuit');

/**
 * Evaluates `expr` in `env`. Throws `ExpressionError` (with the failing expression's range
 * when known) on a type error, a missing function, null access and the like.
 */
export function evaluate(expr: Expr, env: EvaluationEnvironment): unknown {
  let value: unknown;
  try {
    value = evalExpr(expr, env, null);
  } catch (err) {
    if (err instanceof ExpressionError) throw err.withRange(expr.range);
    if (err instanceof RangeError) throw new ExpressionError(`evaluation failed: ${err.message}`, expr.range);
    throw err;
  }
  if (value instanceof LambdaValue) {
    throw new ExpressionError('a lambda can only be passed to a list function such as map or filter', expr.range);
  }
  return value === SHORT_CIRCUIT || value === undefined ? null : value;
}

function evalBody(body: Expr, env: unknown, frame: Frame): unknown {
  return evalExpr(body, env as EvaluationEnvironment, frame);
}

function evalExpr(expr: Expr, env: EvaluationEnvironment, frame: Frame | null): unknown {
  switch (expr.kind) {
    case 'literal': return expr.value;
    case 'duration': return expr.ms;
    case 'size': return expr.bytes;
    case 'ref': {
      if (expr.scope === 'local') {
        for (let f = frame; f; f = f.parent) {
          const i = f.names.indexOf(expr.name);
          if (i >= 0) return f.values[i];
        }
      }
      const v = env.lookup(expr.name, expr.scope);
      return v === undefined ? null : v;
    }
    case 'template': {
      let out = '';
      for (const part of expr.parts) {
        out += typeof part === 'string' ? part : stringify(evalValue(part, env, frame));
      }
      return out;
    }
    case 'member':
    case 'index':
    case 'method': {
      const v = evalChain(expr, env, frame);
      return v === SHORT_CIRCUIT ? null : v;
    }
    case 'call': {
      const fn = findStdlibFunction(expr.callee);
      if (!fn) throw unknownFunction(expr.callee, expr);
      const args = new Array<unknown>(expr.args.length);
      for (let i = 0; i < args.length; i++) args[i] = evalExpr(expr.args[i]!, env, frame);
      return callStdlib(fn, args, env, expr);
    }
    case 'lambda': return new LambdaValue(expr.params, expr.body, env, frame, evalBody);
    case 'unary': {
      const v = evalValue(expr.operand, env, frame);
      if (expr.op === 'not') return !truthy(v);
      if (typeof v !== 'number') throw new ExpressionError(`cannot negate ${typeName(v)}`, expr.range);
      return -v;
    }
    case 'binary': return evalBinary(expr, env, frame);
    case 'conditional':
      return truthy(evalValue(expr.test, env, frame)) ? evalExpr(expr.then, env, frame) : evalExpr(expr.else, env, frame);
    case 'list': {
      const out = new Array<unknown>(expr.items.length);
      for (let i = 0; i < out.length; i++) out[i] = evalValue(expr.items[i]!, env, frame);
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of expr.entries) out[e.key] = evalValue(e.value, env, frame);
      return out;
    }
    default:
      throw new ExpressionError(`unknown expression kind '${(expr as { kind: string }).kind}'`);
  }
}

/** Evaluates an operand that must be a plain value (not a lambda). */
function evalValue(expr: Expr, env: EvaluationEnvironment, frame: Frame | null): unknown {
  const v = evalExpr(expr, env, frame);
  if (v instanceof LambdaValue) throw new ExpressionError('a lambda can only be passed to a list function such as map or filter', expr.range);
  return v;
}

/** Member, index and method links; yields SHORT_CIRCUIT when an optional link meets null. */
function evalChain(expr: Expr, env: EvaluationEnvironment, frame: Frame | null): unknown {
  if (expr.kind !== 'member' && expr.kind !== 'index' && expr.kind !== 'method') return evalValue(expr, env, frame);
  const obj = evalChain(expr.object, env, frame);
  if (obj === SHORT_CIRCUIT) return SHORT_CIRCUIT;
  if ((obj === null || obj === undefined) && expr.optional) return SHORT_CIRCUIT;
  switch (expr.kind) {
    case 'member': {
      if (isObject(obj)) {
        const v = Object.hasOwn(obj, expr.property) ? obj[expr.property] : undefined;
        return v === undefined ? null : v;
      }
      const hint = expr.property === 'length' && (Array.isArray(obj) || typeof obj === 'string') ? ' (use len(x))'
        : findStdlibFunction(expr.property) ? ` (call it: .${expr.property}(…))` : '';
      throw new ExpressionError(`cannot read '${expr.property}' of ${typeName(obj)}${hint}`, expr.range);
    }
    case 'index': {
      const key = evalValue(expr.index, env, frame);
      return readIndex(obj, key, expr);
    }
    case 'method': {
      const fn = findStdlibFunction(expr.method);
      if (!fn) throw unknownFunction(expr.method, expr);
      const args = new Array<unknown>(expr.args.length + 1);
      args[0] = obj;
      for (let i = 0; i < expr.args.length; i++) args[i + 1] = evalExpr(expr.args[i]!, env, frame);
      return callStdlib(fn, args, env, expr);
    }
  }
}

function readIndex(obj: unknown, key: unknown, expr: Expr): unknown {
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      throw new ExpressionError(`a ${typeName(obj)} index must be a whole number, got ${typeName(key)}`, expr.range);
    }
    const i = key < 0 ? obj.length + key : key;
    if (i < 0 || i >= obj.length) return null;
    return obj[i] ?? null;
  }
  if (isObject(obj)) {
    if (typeof key !== 'string') throw new ExpressionError(`an object key must be a string, got ${typeName(key)}`, expr.range);
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    return v === undefined ? null : v;
  }
  throw new ExpressionError(`cannot index ${typeName(obj)}`, expr.range);
}

function evalBinary(expr: Extract<Expr, { kind: 'binary' }>, env: EvaluationEnvironment, frame: Frame | null): unknown {
  const op = expr.op;
  if (op === 'and') return truthy(evalValue(expr.left, env, frame)) && truthy(evalValue(expr.right, env, frame));
  if (op === 'or') return truthy(evalValue(expr.left, env, frame)) || truthy(evalValue(expr.right, env, frame));
  if (op === '??') {
    const l = evalValue(expr.left, env, frame);
    return l === null || l === undefined ? evalValue(expr.right, env, frame) : l;
  }
  const l = evalValue(expr.left, env, frame);
  const r = evalValue(expr.right, env, frame);
  switch (op) {
    case '==': return deepEqual(l, r);
    case '!=': return !deepEqual(l, r);
    case '<': return compare(l, r, expr) < 0;
    case '<=': return compare(l, r, expr) <= 0;
    case '>': return compare(l, r, expr) > 0;
    case '>=': return compare(l, r, expr) >= 0;
    case '+':
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      if (typeof l === 'string' || typeof r === 'string') {
        if (l === null || r === null || l === undefined || r === undefined) throw arithmetic('add', l, r, expr);
        return stringify(l) + stringify(r);
      }
      if (Array.isArray(l) && Array.isArray(r)) return l.concat(r);
      throw arithmetic('add', l, r, expr);
    case '-':
      if (typeof l === 'number' && typeof r === 'number') return l - r;
      throw arithmetic('subtract', l, r, expr);
    case '*':
      if (typeof l === 'number' && typeof r === 'number') return l * r;
      throw arithmetic('multiply', l, r, expr);
    case '/':
      if (typeof l === 'number' && typeof r === 'number') {
        if (r === 0) throw new ExpressionError('division by zero', expr.range);
        return l / r;
      }
      throw arithmetic('divide', l, r, expr);
    case '%':
      if (typeof l === 'number' && typeof r === 'number') {
        if (r === 0) throw new ExpressionError('remainder of division by zero', expr.range);
        return l % r;
      }
      throw arithmetic('take the remainder of', l, r, expr);
    case 'in': return contains(r, l, expr);
  }
}

function compare(l: unknown, r: unknown, expr: Expr): number {
  if ((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string')) {
    return l < r ? -1 : l > r ? 1 : 0;
  }
  throw new ExpressionError(`cannot compare ${typeName(l)} with ${typeName(r)}`, expr.range);
}

function contains(container: unknown, item: unknown, expr: Expr): boolean {
  if (Array.isArray(container)) {
    for (const x of container) if (deepEqual(x, item)) return true;
    return false;
  }
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new ExpressionError(`'in' a string needs a string on the left, got ${typeName(item)}`, expr.range);
    return container.includes(item);
  }
  if (isObject(container)) {
    if (typeof item !== 'string') throw new ExpressionError(`'in' an object needs a string key on the left, got ${typeName(item)}`, expr.range);
    return Object.hasOwn(container, item) && container[item] !== undefined;
  }
  throw new ExpressionError(`'in' needs a list, string or object on the right, got ${typeName(container)}`, expr.range);
}

function arithmetic(verb: string, l: unknown, r: unknown, expr: Expr): ExpressionError {
  return new ExpressionError(`cannot ${verb} ${typeName(l)} and ${typeName(r)}`, expr.range);
}

function unknownFunction(name: string, expr: Expr): ExpressionError {
  if (name === 'env') {
    return new ExpressionError('env() is not an expression function; it is only allowed in `secret name = env("X")`', expr.range);
  }
  return new ExpressionError(`unknown function '${name}'`, expr.range);
}

function callStdlib(
  fn: NonNullable<ReturnType<typeof findStdlibFunction>>,
  args: unknown[],
  env: EvaluationEnvironment,
  expr: Expr,
): unknown {
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}`
      : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    throw new ExpressionError(`${fn.name}() takes ${expected} argument${expected === '1' ? '' : 's'}, got ${args.length}`, expr.range);
  }
  try {
    const v = fn.impl(args, env);
    return v === undefined ? null : v;
  } catch (err) {
    if (err instanceof ExpressionError) {
      if (err.range) throw err;
      throw new ExpressionError(`${fn.name}(): ${err.detail}`, expr.range);
    }
    throw err;
  }
}
