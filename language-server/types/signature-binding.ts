// Binds the type variables of a standard-library signature (`T`, `U`) from the types of the
// arguments of one call and instantiates parameter and return types as `TypeRef`s. Unbound
// variables become `any`; function types (lambda parameters) are handled by the caller.
import type { TypeRef } from '../../runtime/ir/type-ref.js';
import type { SignatureType } from './stdlib-signatures.js';
import { ANY, optional } from './type-constructors.js';
import type { NamedTypeResolver } from './type-relations.js';
import { expand, stripOptional, unionOf, widen } from './type-relations.js';

export type TypeBindings = Map<string, TypeRef>;

/** The TypeRef a signature type stands for under `bindings` (functions become `any`). */
export function instantiate(type: SignatureType, bindings: TypeBindings): TypeRef {
    switch (type.kind) {
        case 'var': return bindings.get(type.name) ?? ANY;
        case 'function': return ANY;
        case 'list': case 'map': return { kind: type.kind, of: instantiate(type.of, bindings) };
        case 'optional': return optional(instantiate(type.of, bindings));
        case 'union': return unionOf(type.options.map(o => instantiate(o, bindings)));
        case 'object': return { kind: 'object', fields: type.fields.map(f => ({ name: f.name, type: instantiate(f.type, bindings), optional: false })) };
        default: return { kind: type.kind };
    }
}

/** Whether a signature type mentions a type variable that `bindings` does not bind. */
export function hasUnboundVariable(type: SignatureType, bindings: TypeBindings): boolean {
    switch (type.kind) {
        case 'var': return !bindings.has(type.name);
        case 'function': return type.params.some(p => hasUnboundVariable(p.type, bindings)) || hasUnboundVariable(type.returns, bindings);
        case 'list': case 'map': case 'optional': return hasUnboundVariable(type.of, bindings);
        case 'union': return type.options.some(o => hasUnboundVariable(o, bindings));
        case 'object': return type.fields.some(f => hasUnboundVariable(f.type, bindings));
        default: return false;
    }
}

/** Binds the variables of `param` that are still free from an argument of type `arg`. */
export function bindVariables(param: SignatureType, arg: TypeRef, bindings: TypeBindings, resolver: NamedTypeResolver): void {
    const actual = stripOptional(expand(arg, resolver));
    switch (param.kind) {
        case 'var':
            if (!bindings.has(param.name)) bindings.set(param.name, widen(arg));
            return;
        case 'optional':
            bindVariables(param.of, actual, bindings, resolver);
            return;
        case 'list':
            if (actual.kind === 'list') bindVariables(param.of, actual.of, bindings, resolver);
            else if (actual.kind === 'any') bindVariables(param.of, ANY, bindings, resolver);
            return;
        case 'map':
            if (actual.kind === 'map') bindVariables(param.of, actual.of, bindings, resolver);
            else if (actual.kind === 'object') bindVariables(param.of, unionOf(actual.fields.map(f => f.type)), bindings, resolver);
            else if (actual.kind === 'any') bindVariables(param.of, ANY, bindings, resolver);
            return;
        case 'object':
            if (actual.kind === 'object') {
                for (const f of param.fields) {
                    const given = actual.fields.find(g => g.name === f.name);
                    if (given) bindVariables(f.type, given.type, bindings, resolver);
                }
            }
            return;
        case 'union': {
            const sameShape = param.options.find(o => o.kind === actual.kind
                || (o.kind === 'string' && actual.kind === 'literal')
                || (o.kind === 'map' && actual.kind === 'object'));
            const chosen = sameShape ?? param.options.find(o => o.kind === 'var');
            if (chosen) bindVariables(chosen, arg, bindings, resolver);
            return;
        }
        default:
            return;
    }
}
