// The result type of each operator of the expression language (LANGUAGE.md §5) and, where the
// operands do not fit, the message the type checker reports. Durations are milliseconds and
// sizes bytes at run time, so `now() + 5m` is a number and `2 * 5s` a duration.
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import { ANY, BOOLEAN, DURATION, listOf, NUMBER, SIZE, STRING } from './type-constructors.js';
import { printType } from './type-printer.js';
import type { NamedTypeResolver } from './type-relations.js';
import { expand, isAssignable, isBooleanLike, isNullable, stripOptional, unionOf } from './type-relations.js';

export interface OperatorTyping {
    type: TypeRef;
    /** Set when the operands do not fit the operator. */
    error?: string;
}

type Kind = TypeRef['kind'];

function core(type: TypeRef, resolver: NamedTypeResolver): TypeRef {
    return stripOptional(expand(type, resolver));
}

function isStringLike(t: TypeRef): boolean {
    return t.kind === 'string' || t.kind === 'literal' || (t.kind === 'union' && t.options.every(isStringLike));
}

const NUMERIC: ReadonlySet<Kind> = new Set<Kind>(['number', 'duration', 'size']);

/** Result kind of an arithmetic operator on numeric kinds, undefined when not defined. */
function arithmetic(op: string, a: Kind, b: Kind): Kind | undefined {
    const pair = `${a} ${op} ${b}`;
    switch (pair) {
        case 'number + number': case 'number - number': case 'number * number': case 'number / number': case 'number % number':
        case 'number + duration': case 'duration + number': case 'number - duration':
        case 'duration / duration': case 'size / size':
            return 'number';
        case 'duration + duration': case 'duration - duration': case 'duration * number': case 'number * duration':
        case 'duration / number': case 'duration % duration':
            return 'duration';
        case 'size + size': case 'size - size': case 'size * number': case 'number * size': case 'size / number':
            return 'size';
    }
    return undefined;
}

const KIND_TYPES: Partial<Record<Kind, TypeRef>> = { number: NUMBER, duration: DURATION, size: SIZE };

export function binaryOperatorType(op: string, left: TypeRef, right: TypeRef, resolver: NamedTypeResolver): OperatorTyping {
    const l = core(left, resolver);
    const r = core(right, resolver);
    const shown = `${printType(left)} and ${printType(right)}`;
    switch (op) {
        case 'and': case 'or': {
            const bad = !isBooleanLike(left, resolver) ? left : !isBooleanLike(right, resolver) ? right : undefined;
            return bad ? { type: BOOLEAN, error: `'${op}' needs boolean operands, got ${printType(bad)}` } : { type: BOOLEAN };
        }
        case '??':
            return { type: unionOf([stripOptional(left), right]) };
        case '==': case '!=': {
            if (l.kind === 'any' || r.kind === 'any' || left.kind === 'null' || right.kind === 'null') return { type: BOOLEAN };
            if (isAssignable(l, r, resolver) || isAssignable(r, l, resolver)) return { type: BOOLEAN };
            if (NUMERIC.has(l.kind) && NUMERIC.has(r.kind)) return { type: BOOLEAN };
            if (isStringLike(l) && isStringLike(r)) {
                const lit = r.kind === 'literal' ? { value: r, set: l } : l.kind === 'literal' ? { value: l, set: r } : undefined;
                const detail = lit ? `: ${printType(lit.value)} is not one of ${printType(lit.set)}` : '';
                return { type: BOOLEAN, error: `This comparison is always ${op === '==' ? 'false' : 'true'}${detail}` };
            }
            return { type: BOOLEAN, error: `This comparison is always ${op === '==' ? 'false' : 'true'}: ${shown} never match` };
        }
        case '<': case '<=': case '>': case '>=': {
            if (l.kind === 'any' || r.kind === 'any') return { type: BOOLEAN };
            if (NUMERIC.has(l.kind) && NUMERIC.has(r.kind)) return { type: BOOLEAN };
            if (isStringLike(l) && isStringLike(r)) return { type: BOOLEAN };
            return { type: BOOLEAN, error: `Operator '${op}' cannot compare ${shown}` };
        }
        case 'in': {
            if (r.kind === 'any' || r.kind === 'map' || isStringLike(r)) return { type: BOOLEAN };
            if (r.kind === 'list') {
                const item = r.of;
                if (l.kind === 'any' || isAssignable(l, item, resolver) || isAssignable(item, l, resolver)) return { type: BOOLEAN };
                return { type: BOOLEAN, error: `'in' looks for ${printType(left)} in a ${printType(right)}: it can never be found` };
            }
            return { type: BOOLEAN, error: `'in' needs a list, map or string on its right, got ${printType(right)}` };
        }
        case '+':
            if (l.kind === 'any' || r.kind === 'any') return { type: ANY };
            if (isStringLike(l) || isStringLike(r)) {
                const other = isStringLike(l) ? right : left;
                if (other.kind === 'null') return { type: STRING, error: `Operator '+' cannot add null to a string` };
                return { type: STRING };
            }
            if (l.kind === 'list' && r.kind === 'list') return { type: listOf(unionOf([l.of, r.of])) };
        // fall through
        case '-': case '*': case '/': case '%': {
            if (l.kind === 'any' || r.kind === 'any') return { type: NUMERIC.has(l.kind) ? l : NUMERIC.has(r.kind) ? r : ANY };
            const kind = NUMERIC.has(l.kind) && NUMERIC.has(r.kind) ? arithmetic(op, l.kind, r.kind) : undefined;
            if (kind) return { type: KIND_TYPES[kind]! };
            if ((isNullable(left) || isNullable(right)) && NUMERIC.has(l.kind) && NUMERIC.has(r.kind)) return { type: NUMBER };
            return { type: NUMERIC.has(l.kind) ? l : NUMBER, error: `Operator '${op}' cannot be applied to ${shown}` };
        }
    }
    return { type: ANY };
}

export function unaryOperatorType(op: string, operand: TypeRef, resolver: NamedTypeResolver): OperatorTyping {
    if (op === 'not') {
        return isBooleanLike(operand, resolver) ? { type: BOOLEAN } : { type: BOOLEAN, error: `'not' needs a boolean, got ${printType(operand)}` };
    }
    const t = core(operand, resolver);
    if (t.kind === 'any') return { type: ANY };
    if (NUMERIC.has(t.kind)) return { type: t };
    return { type: NUMBER, error: `Unary '-' needs a number, got ${printType(operand)}` };
}
