// Test support for stdlib tests — calls a library function through the evaluator, the way a
// workflow does, with literal arguments (lambdas given as IR).
import { evaluate } from '../../../../runtime/expressions/evaluate.js';
import type { Expr, JsonValue } from '../../../../runtime/ir/expression.js';
import { envOf } from '../expr-builders.js';

export type Arg = JsonValue | { lambda: Expr };

function toExpr(a: Arg): Expr {
  if (a !== null && typeof a === 'object' && !Array.isArray(a) && 'lambda' in a && Object.keys(a).length === 1) return a.lambda as Expr;
  return { kind: 'literal', value: a as JsonValue };
}

export function fn(name: string, ...args: Arg[]): unknown {
  return evaluate({ kind: 'call', callee: name, args: args.map(toExpr) }, envOf());
}

export const NOW = Date.UTC(2025, 0, 31, 9, 0, 0);
