// One helper for "this expression must have type T" checks: infers the expression's type,
// compares it with the expected one and reports `type-mismatch` on the expression with the
// reason (`field 'id' is missing`, `"mid" is not one of "low" | "high"`).
import type { ValidationAcceptor } from 'langium';
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import type { Expression, ListLiteral, ObjectLiteral } from '../generated/ast.js';
import { isListLiteral, isObjectLiteral } from '../generated/ast.js';
import { printType } from '../types/type-printer.js';
import { expand, explainMismatch, stripOptional } from '../types/type-relations.js';
import type { WeftTypeInferrer } from '../types/weft-type-inferrer.js';
import { report } from './diagnostic-codes.js';

/** Reports unless `expression` fits `expected`; `what` names the place (`The guard`, `Input 'x'`). */
export function expectType(types: WeftTypeInferrer, expression: Expression | undefined, expected: TypeRef, what: string, accept: ValidationAcceptor): boolean {
    if (!expression) return true;
    if (isObjectLiteral(expression) || isListLiteral(expression)) {
        const pinpointed = expectInside(types, expression, expected, what, accept);
        if (pinpointed !== undefined) return pinpointed;
    }
    const actual = types.inferType(expression);
    const reason = explainMismatch(actual, expected, types.resolver);
    if (reason === undefined) return true;
    report(accept, 'type-mismatch', `${what} must be ${printType(expected)}, got ${printType(actual)}${reason ? `: ${reason}` : ''}`, {
        node: expression, data: { expected: printType(expected), actual: printType(actual) },
    });
    return false;
}

/**
 * For a literal object or list whose expected type is an object or list: checks each entry
 * against its part of the expected type so the error lands on the offending value. Returns
 * undefined when the expected type has no parts to match (the caller checks as a whole).
 */
function expectInside(types: WeftTypeInferrer, literal: ObjectLiteral | ListLiteral, expected: TypeRef, what: string, accept: ValidationAcceptor): boolean | undefined {
    const target = stripOptional(expand(expected, types.resolver));
    if (isListLiteral(literal)) {
        if (target.kind !== 'list') return undefined;
        return literal.items.map(item => expectType(types, item, target.of, `An item of ${lower(what)}`, accept)).every(Boolean);
    }
    if (target.kind !== 'object') return undefined;
    let ok = true;
    for (const entry of literal.entries) {
        const key = entry.key ?? entry.quotedKey;
        const field = target.fields.find(f => f.name === key);
        if (!field) continue; // extra fields are allowed (structural typing)
        const fieldType = field.optional ? { kind: 'optional', of: field.type } as TypeRef : field.type;
        ok = expectType(types, entry.value, fieldType, `Field '${key}' of ${lower(what)}`, accept) && ok;
    }
    const missing = target.fields.filter(f => !f.optional && !literal.entries.some(e => (e.key ?? e.quotedKey) === f.name));
    if (missing.length > 0) {
        report(accept, 'type-mismatch', `${what} must be ${printType(expected)}: missing ${missing.map(f => `'${f.name}' (${printType(f.type)})`).join(', ')}`, {
            node: literal, data: { expected: printType(expected), missing: missing.map(f => f.name) },
        });
        ok = false;
    }
    return ok;
}

function lower(what: string): string {
    return /^[A-Z][a-z]/.test(what) && !/^[A-Z][a-z]+ '/.test(what) ? what[0].toLowerCase() + what.slice(1) : what;
}
