// Relations between `TypeRef`s: expansion of named types, assignability (structural, optional,
// unions of string literals, `any`), unions and widening. Pure functions; named types are
// expanded through the `NamedTypeResolver` the caller passes (the type inferrer knows the
// declarations). Decisions (documented in docs/diagnostics.md): `T?` flows into `T` (the runtime
// checks values), `duration` and `size` flow into `number` (they are ms and bytes), not back.
import type { FieldType, TypeRef } from '../../runtime/ir/type-ref.js';
import { ANY, optional, STRING } from './type-constructors.js';
import { printType } from './type-printer.js';

export interface NamedTypeResolver {
    /** The definition of a named type, or undefined when it cannot be found. */
    expandNamed(type: Extract<TypeRef, { kind: 'named' }>): TypeRef | undefined;
}

/** Resolves nothing: named types behave like `any`. */
export const NO_NAMED_TYPES: NamedTypeResolver = { expandNamed: () => undefined };

/** The type with named types followed (aliases included) until it is not a name; `any` if unknown. */
export function expand(type: TypeRef, resolver: NamedTypeResolver): TypeRef {
    let current = type;
    for (let depth = 0; current.kind === 'named'; depth++) {
        if (depth > 32) return ANY;
        current = resolver.expandNamed(current) ?? ANY;
    }
    return current;
}

/** `T?` and `T | null` without the null part. */
export function stripOptional(type: TypeRef): TypeRef {
    if (type.kind === 'optional') return stripOptional(type.of);
    if (type.kind === 'union') {
        const options = type.options.filter(o => o.kind !== 'null').map(stripOptional);
        return options.length === type.options.length && options.every((o, i) => o === type.options[i]) ? type : unionOf(options);
    }
    return type;
}

export function isNullable(type: TypeRef): boolean {
    return type.kind === 'optional' || type.kind === 'null' || (type.kind === 'union' && type.options.some(isNullable));
}

/**
 * The union of `types`, simplified: nested unions flattened, duplicates dropped, `any` absorbs
 * everything, `null` becomes `?`, literals absorbed by `string` when both are present.
 */
export function unionOf(types: readonly TypeRef[]): TypeRef {
    const flat: TypeRef[] = [];
    let nullable = false;
    const add = (t: TypeRef): void => {
        if (t.kind === 'union') t.options.forEach(add);
        else if (t.kind === 'optional') { nullable = true; add(t.of); }
        else if (t.kind === 'null') nullable = true;
        else flat.push(t);
    };
    types.forEach(add);
    if (flat.some(t => t.kind === 'any')) return ANY;
    const seen = new Set<string>();
    const hasString = flat.some(t => t.kind === 'string');
    const unique = flat.filter(t => {
        if (hasString && t.kind === 'literal') return false;
        const key = printType(t);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
    if (unique.length === 0) return nullable ? { kind: 'null' } : ANY;
    const core: TypeRef = unique.length === 1 ? unique[0] : { kind: 'union', options: unique };
    return nullable ? optional(core) : core;
}

/** String literals (and unions of them) widened to `string`, inside lists and maps too. */
export function widen(type: TypeRef): TypeRef {
    switch (type.kind) {
        case 'literal': return STRING;
        case 'union': return unionOf(type.options.map(widen));
        case 'optional': return optional(widen(type.of));
        case 'list': return { kind: 'list', of: widen(type.of) };
        case 'map': return { kind: 'map', of: widen(type.of) };
        default: return type;
    }
}

/** Whether a value of type `source` may be used where `target` is expected. */
export function isAssignable(source: TypeRef, target: TypeRef, resolver: NamedTypeResolver): boolean {
    return explainMismatch(source, target, resolver) === undefined;
}

/**
 * Why `source` is not assignable to `target` (a short phrase such as "field 'id' is missing"),
 * or undefined when it is assignable.
 */
export function explainMismatch(source: TypeRef, target: TypeRef, resolver: NamedTypeResolver): string | undefined {
    return mismatch(source, target, resolver, new Set());
}

/**
 * Whether every value of an assignment of type `source` surely fits a target of type `target`:
 * assignable with no `any` (a script result, an HTTP body) and no `T?` flowing into a `T` inside
 * it (both pass `isAssignable`; the runtime checks the value). At the top a `T?` is proven for
 * `T`: null is what an unset `var` or `output` holds, and the runtime takes it there. The
 * lowering attaches a run-time check to the assignments not proven.
 */
export function isProvenAssignable(source: TypeRef, target: TypeRef, resolver: NamedTypeResolver): boolean {
    if (source.kind === 'null') return true;
    return mismatch(stripOptional(source), target, resolver, new Set(), true) === undefined;
}

const FAIL = '';

function mismatch(source: TypeRef, target: TypeRef, resolver: NamedTypeResolver, assumed: Set<string>, strict = false): string | undefined {
    if (target.kind === 'any') return undefined;
    if (source.kind === 'any') return strict ? FAIL : undefined;
    if (source.kind === 'named' || target.kind === 'named') {
        if (source.kind === 'named' && target.kind === 'named' && source.name === target.name) {
            const a = resolver.expandNamed(source);
            const b = resolver.expandNamed(target);
            if (a === b) return undefined;
        }
        const key = `${printType(source)}\u0000${printType(target)}`;
        if (assumed.has(key)) return undefined;
        assumed.add(key);
        return mismatch(expand(source, resolver), expand(target, resolver), resolver, assumed, strict);
    }
    if (target.kind === 'optional') {
        if (source.kind === 'null') return undefined;
        return mismatch(source.kind === 'optional' ? source.of : source, target.of, resolver, assumed, strict);
    }
    if (source.kind === 'optional') return strict ? FAIL : mismatch(source.of, target, resolver, assumed, strict);
    if (source.kind === 'null') {
        if (target.kind === 'null' || (target.kind === 'union' && target.options.some(isNullable))) return undefined;
        return 'null is not allowed here';
    }
    if (source.kind === 'union') {
        for (const option of source.options) {
            const reason = mismatch(option, target, resolver, assumed, strict);
            if (reason !== undefined) return reason || `${printType(option)} is not ${printType(target)}`;
        }
        return undefined;
    }
    if (target.kind === 'union') {
        if (target.options.some(o => mismatch(source, o, resolver, assumed, strict) === undefined)) return undefined;
        if (source.kind === 'literal' && target.options.every(o => o.kind === 'literal')) {
            return `${JSON.stringify(source.value)} is not one of ${printType(target)}`;
        }
        return FAIL;
    }
    switch (target.kind) {
        case 'string': return source.kind === 'string' || source.kind === 'literal' ? undefined : FAIL;
        case 'literal': return source.kind === 'literal' && source.value === target.value ? undefined : FAIL;
        case 'number': return source.kind === 'number' || source.kind === 'duration' || source.kind === 'size' ? undefined : FAIL;
        case 'boolean': case 'duration': case 'size': case 'null':
            return source.kind === target.kind ? undefined : FAIL;
        case 'list': {
            if (source.kind !== 'list') return FAIL;
            const reason = mismatch(source.of, target.of, resolver, assumed, strict);
            return reason === undefined ? undefined : reason && `an item: ${reason}`;
        }
        case 'map': {
            if (source.kind === 'map') {
                const reason = mismatch(source.of, target.of, resolver, assumed, strict);
                return reason === undefined ? undefined : reason && `a value: ${reason}`;
            }
            if (source.kind !== 'object') return FAIL;
            for (const f of source.fields) {
                const reason = mismatch(f.type, target.of, resolver, assumed, strict);
                if (reason !== undefined) return `field '${f.name}': ${reason || `expected ${printType(target.of)}, got ${printType(f.type)}`}`;
            }
            return undefined;
        }
        case 'object': {
            if (source.kind === 'map') return source.of.kind === 'any' && !strict ? undefined : FAIL;
            if (source.kind !== 'object') return FAIL;
            return objectMismatch(source.fields, target.fields, resolver, assumed, strict);
        }
    }
    return FAIL;
}

function objectMismatch(source: readonly FieldType[], target: readonly FieldType[], resolver: NamedTypeResolver, assumed: Set<string>, strict: boolean): string | undefined {
    for (const wanted of target) {
        const given = source.find(f => f.name === wanted.name);
        if (!given) {
            if (wanted.optional) continue;
            return `field '${wanted.name}' is missing`;
        }
        // An optional field may be absent: not proof that a required one is there.
        if (strict && given.optional && !wanted.optional) return FAIL;
        const reason = mismatch(given.type, wanted.optional ? optional(wanted.type) : wanted.type, resolver, assumed, strict);
        if (reason !== undefined) return `field '${wanted.name}': ${reason || `expected ${printType(wanted.type)}, got ${printType(given.type)}`}`;
    }
    return undefined;
}

/** The item type of a list (`any` for `any`), or undefined when `type` is not a list. */
export function elementType(type: TypeRef, resolver: NamedTypeResolver): TypeRef | undefined {
    const t = stripOptional(expand(type, resolver));
    if (t.kind === 'any') return ANY;
    if (t.kind === 'list') return t.of;
    if (t.kind === 'union') {
        const items = t.options.map(o => elementType(o, resolver));
        return items.every((i): i is TypeRef => i !== undefined) ? unionOf(items) : undefined;
    }
    return undefined;
}

/** Whether `type` can be used as a condition (boolean, boolean?, any). */
export function isBooleanLike(type: TypeRef, resolver: NamedTypeResolver): boolean {
    const t = stripOptional(expand(type, resolver));
    return t.kind === 'boolean' || t.kind === 'any';
}
