// Test support for expression tests — terse builders of IR expression trees and a map-backed
// environment, so specifications read close to the Weft source they stand for.
import type { BinaryOperator, Expr, JsonValue, RefScope } from '../../../runtime/ir/expression.js';
import type { SourceRange } from '../../../runtime/ir/source-range.js';
import type { EvaluationEnvironment } from '../../../runtime/expressions/evaluate.js';

export const lit = (value: JsonValue): Expr => ({ kind: 'literal', value });
export const ref = (name: string, scope: RefScope = 'var'): Expr => ({ kind: 'ref', name, scope });
export const local = (name: string): Expr => ({ kind: 'ref', name, scope: 'local' });
export const member = (object: Expr, property: string, optional = false): Expr => ({ kind: 'member', object, property, optional });
export const index = (object: Expr, i: Expr, optional = false): Expr => ({ kind: 'index', object, index: i, optional });
export const call = (callee: string, ...args: Expr[]): Expr => ({ kind: 'call', callee, args });
export const method = (object: Expr, name: string, ...args: Expr[]): Expr => ({ kind: 'method', object, method: name, args, optional: false });
export const lambda = (params: string[], body: Expr): Expr => ({ kind: 'lambda', params, body });
export const bin = (left: Expr, op: BinaryOperator, right: Expr): Expr => ({ kind: 'binary', op, left, right });
export const not = (operand: Expr): Expr => ({ kind: 'unary', op: 'not', operand });
export const neg = (operand: Expr): Expr => ({ kind: 'unary', op: '-', operand });
export const cond = (test: Expr, then: Expr, otherwise: Expr): Expr => ({ kind: 'conditional', test, then, else: otherwise });
export const list = (...items: Expr[]): Expr => ({ kind: 'list', items });
export const obj = (entries: Record<string, Expr>): Expr => ({ kind: 'object', entries: Object.entries(entries).map(([key, value]) => ({ key, value })) });
export const tpl = (...parts: Array<string | Expr>): Expr => ({ kind: 'template', parts });

/** A literal for any JSON value (lists and objects included). */
export const val = (value: JsonValue): Expr => lit(value);

export function at(line: number, character: number, uri = 'file:///work/flow.weft'): SourceRange {
  return { uri, start: { line, character }, end: { line, character: character + 5 } };
}

/** An environment over plain maps, keyed `scope:name` or just `name`. */
export function envOf(values: Record<string, unknown> = {}, now = Date.UTC(2025, 0, 31, 9, 0, 0), random?: () => number): EvaluationEnvironment & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    lookup(name, scope) {
      lookups.push(`${scope}:${name}`);
      return Object.hasOwn(values, `${scope}:${name}`) ? values[`${scope}:${name}`] : values[name];
    },
    now: () => now,
    ...(random ? { random } : {}),
  };
}
