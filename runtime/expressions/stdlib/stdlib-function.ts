// Runtime expressions — the shape of a standard-library entry: documentation as data (the
// language server imports it for completion, hover and signature help) next to the
// implementation the evaluator calls. Implementations are pure and throw ExpressionError.
import { ExpressionError } from '../expression-error.js';
import type { EvaluationEnvironment } from '../evaluate.js';
import { LambdaValue, asLambda, isObject, typeName } from '../values.js';

export type StdlibCategory = 'string' | 'list' | 'map' | 'math' | 'time' | 'json' | 'uuid' | 'conversion';

export interface StdlibParam {
  name: string;
  /** Weft type as shown to users: `string`, `list<T>`, `(item: T) => boolean`, `list|string`. */
  type: string;
  optional?: boolean;
  /** Takes any number of further arguments (`concat(a, b, …)`). */
  rest?: boolean;
  doc?: string;
}

export interface StdlibFunction {
  name: string;
  category: StdlibCategory;
  /** `len(x: list|string|map): number` */
  signature: string;
  doc: string;
  params: StdlibParam[];
  returns: string;
  minArgs: number;
  maxArgs: number;
  /** Arguments arrive evaluated; a method call `x.f(a)` passes `x` first. */
  impl(args: unknown[], env: EvaluationEnvironment): unknown;
}

/** Declares a function; the signature and arity are derived from the params. */
export function define(
  category: StdlibCategory,
  name: string,
  params: StdlibParam[],
  returns: string,
  doc: string,
  impl: StdlibFunction['impl'],
): StdlibFunction {
  const shown = params.map((p) => `${p.rest ? '...' : ''}${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ');
  return {
    name, category, doc, params, returns, impl,
    signature: `${name}(${shown}): ${returns}`,
    minArgs: params.filter((p) => !p.optional && !p.rest).length,
    maxArgs: params.some((p) => p.rest) ? Infinity : params.length,
  };
}

export function fail(message: string): never {
  throw new ExpressionError(message);
}

function argName(i: number): string {
  return ['first', 'second', 'third', 'fourth'][i] ?? `argument ${i + 1}`;
}

export function str(args: unknown[], i: number): string {
  const v = args[i];
  if (typeof v !== 'string') fail(`${argName(i)} argument must be a string, got ${typeName(v)}`);
  return v;
}

export function num(args: unknown[], i: number): number {
  const v = args[i];
  if (typeof v !== 'number') fail(`${argName(i)} argument must be a number, got ${typeName(v)}`);
  return v;
}

export function int(args: unknown[], i: number): number {
  const v = num(args, i);
  if (!Number.isInteger(v)) fail(`${argName(i)} argument must be a whole number`);
  return v;
}

export function list(args: unknown[], i: number): unknown[] {
  const v = args[i];
  if (!Array.isArray(v)) fail(`${argName(i)} argument must be a list, got ${typeName(v)}`);
  return v;
}

export function obj(args: unknown[], i: number): Record<string, unknown> {
  const v = args[i];
  if (!isObject(v)) fail(`${argName(i)} argument must be an object, got ${typeName(v)}`);
  return v;
}

export function lambda(args: unknown[], i: number): LambdaValue {
  return asLambda(args[i], `${argName(i)} argument`);
}

/** Present and not null. */
export function given(args: unknown[], i: number): boolean {
  return args.length > i && args[i] !== null && args[i] !== undefined;
}
