// Member lookup on types: the fields of an object type (named types expanded, `?` looked
// through), used for `a.b` inference, completion after `.` and hover. Field declarations for
// go-to-definition are kept by the type inferrer (fieldDeclaration), not here.
import type { FieldType, TypeRef } from '../../runtime/ir/type-ref.js';
import { ANY, optional } from './type-constructors.js';
import type { NamedTypeResolver } from './type-relations.js';
import { expand, stripOptional, unionOf } from './type-relations.js';

/** The fields a value of `type` has (empty for `any`, maps, lists and primitives). */
export function membersOf(type: TypeRef, resolver: NamedTypeResolver): FieldType[] {
    const t = stripOptional(expand(type, resolver));
    if (t.kind === 'object') return t.fields;
    if (t.kind === 'union') {
        const objects = t.options.map(o => expand(o, resolver)).filter((o): o is Extract<TypeRef, { kind: 'object' }> => o.kind === 'object');
        if (objects.length !== t.options.length || objects.length === 0) return [];
        return objects[0].fields
            .filter(f => objects.every(o => o.fields.some(g => g.name === f.name)))
            .map(f => {
                const all = objects.map(o => o.fields.find(g => g.name === f.name)!);
                return { name: f.name, type: unionOf(all.map(g => g.type)), optional: all.some(g => g.optional), ...(f.doc ? { doc: f.doc } : {}) };
            });
    }
    return [];
}

export type MemberLookup =
    /** A declared field. */
    | { kind: 'field'; field: FieldType; type: TypeRef }
    /** Any name is allowed (`any`, `map<T>`); `type` is what it yields. */
    | { kind: 'dynamic'; type: TypeRef }
    /** The type has no such member. */
    | { kind: 'missing' };

/** What `receiver.name` denotes. An optional field yields `T?`. */
export function lookupMember(receiver: TypeRef, name: string, resolver: NamedTypeResolver): MemberLookup {
    const t = stripOptional(expand(receiver, resolver));
    if (t.kind === 'any') return { kind: 'dynamic', type: ANY };
    if (t.kind === 'map') return { kind: 'dynamic', type: t.of };
    const field = membersOf(t, resolver).find(f => f.name === name);
    if (!field) return { kind: 'missing' };
    return { kind: 'field', field, type: field.optional ? optional(field.type) : field.type };
}
