// Runtime expressions — the value model shared by the evaluator and the standard library:
// type names for messages, truthiness, deep equality, stringification for templates, and the
// lambda value. Values are JSON data plus lambdas; nothing here performs I/O.
import type { Expr } from '../ir/expression.js';
import { ExpressionError } from './expression-error.js';

/** Local bindings of lambda parameters, innermost first. */
export class Frame {
  constructor(
    readonly names: readonly string[],
    readonly values: readonly unknown[],
    readonly parent: Frame | null,
  ) {}
}

/** Evaluates a lambda body; supplied by the evaluator so values.ts does not import it. */
export type BodyEvaluator = (body: Expr, env: unknown, frame: Frame) => unknown;

/** A lambda (`i => i.qty`) closed over its environment; only list functions call it. */
export class LambdaValue {
  constructor(
    readonly params: readonly string[],
    readonly body: Expr,
    private readonly env: unknown,
    private readonly frame: Frame | null,
    private readonly evaluateBody: BodyEvaluator,
  ) {}

  /** Calls the lambda; missing arguments are null, extra ones ignored. */
  call(...args: unknown[]): unknown {
    const values = this.params.map((_, i) => (i < args.length ? args[i] : null));
    return this.evaluateBody(this.body, this.env, new Frame(this.params, values, this.frame));
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LambdaValue);
}

/** The Weft name of a value's type, for error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof LambdaValue) return 'lambda';
  switch (typeof value) {
    case 'string': return 'string';
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'object': return 'object';
    default: return typeof value;
  }
}

/** false, null, 0, NaN and "" are false; everything else (empty lists and objects too) is true. */
export function truthy(value: unknown): boolean {
  return !(value === false || value === null || value === undefined || value === 0 || value === '' || Number.isNaN(value));
}

/** Structural equality of JSON values (numbers by value, lists by items, objects by keys). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!Object.hasOwn(bo, k) || !deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** How a value appears inside a template: strings as-is, null as "null", lists/objects as JSON. */
export function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof LambdaValue) throw new ExpressionError('a lambda cannot be turned into text');
  return JSON.stringify(value);
}

/** The callable of a list function's lambda argument, or a clear error. */
export function asLambda(value: unknown, what: string): LambdaValue {
  if (value instanceof LambdaValue) return value;
  throw new ExpressionError(`${what} must be a lambda such as \`x => x.id\`, got ${typeName(value)}`);
}
