// Lowers type expressions (`list<Item>`, `"a" | "b"`, `string?`) to IR `TypeRef`s and type
// declarations to `TypeDefinition`s. Named types stay references by name; the declarations met
// are reported to `onNamed` so the bundle can include them.
import type { FieldType, TypeDefinition, TypeRef } from '../../runtime/ir/type-ref.js';
import type { ObjectTypeBody, TypeDeclaration, TypeExpression } from '../generated/ast.js';
import { LoweringError } from './lowering-error.js';
import { docOf, rangeOf } from './source-ranges.js';

export type NamedTypeSink = (declaration: TypeDeclaration) => void;

export function lowerType(type: TypeExpression, onNamed: NamedTypeSink): TypeRef {
    switch (type.$type) {
        case 'PrimitiveType': return { kind: type.name } as TypeRef;
        case 'LiteralType': return { kind: 'literal', value: type.value };
        case 'ListType': return { kind: 'list', of: lowerType(type.of, onNamed) };
        case 'MapType': return { kind: 'map', of: lowerType(type.of, onNamed) };
        case 'OptionalType': return { kind: 'optional', of: lowerType(type.inner, onNamed) };
        case 'UnionType': return { kind: 'union', options: type.options.map(o => lowerType(o, onNamed)) };
        case 'ObjectType': return lowerObjectBody(type.body, onNamed);
        case 'NamedType': {
            const declaration = type.type.ref;
            if (!declaration) throw new LoweringError(`Unknown type '${type.type.$refText}'`, rangeOf(type));
            onNamed(declaration);
            return { kind: 'named', name: declaration.name };
        }
    }
}

function lowerObjectBody(body: ObjectTypeBody, onNamed: NamedTypeSink): TypeRef {
    const fields: FieldType[] = body.fields.map(field => {
        const lowered = lowerType(field.type, onNamed);
        const optional = lowered.kind === 'optional';
        const result: FieldType = { name: field.name, type: optional ? lowered.of : lowered, optional };
        const doc = docOf(field);
        if (doc) result.doc = doc;
        return result;
    });
    return { kind: 'object', fields };
}

export function lowerTypeDeclaration(declaration: TypeDeclaration, onNamed: NamedTypeSink): TypeDefinition {
    const type = declaration.body
        ? lowerObjectBody(declaration.body, onNamed)
        : lowerType(declaration.alias!, onNamed);
    const result: TypeDefinition = { name: declaration.name, type };
    const doc = docOf(declaration);
    if (doc) result.doc = doc;
    return result;
}
