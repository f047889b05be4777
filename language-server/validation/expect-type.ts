// One helper for "this expression must have type T" checks: infers the expression's type,
// compares it with the expected one and reports `type-mismatch` on the expression with the
// reason (`field 'id' is missing`, `"mid" is not one of "low" | "high"`).
import type { ValidationAcceptor } from 'langium';
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import type { Expression } from '../generated/ast.js';
import { printType } from '../types/type-printer.js';
import { explainMismatch } from '../types/type-relations.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import { report } from './diagnostic-codes.js';

/** Reports unless `expression` fits `expected`; `what` names the place (`The guard`, `Input 'x'`). */
export function expectType(types: WeftTypeInferrer, expression: Expression | undefined, expected: TypeRef, what: string, accept: ValidationAcceptor): boolean {
    if (!expression) return true;
    const actual = types.inferType(expression);
    const reason = explainMismatch(actual, expected, types.resolver);
    if (reason === undefined) return true;
    report(accept, 'type-mismatch', `${what} must be ${printType(expected)}, got ${printType(actual)}${reason ? `: ${reason}` : ''}`, {
        node: expression, data: { expected: printType(expected), actual: printType(actual) },
    });
    return false;
}
