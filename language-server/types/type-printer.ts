// Prints a `TypeRef` the way a user writes it in Weft (`list<Item>`, `"low" | "high"`,
// `string?`, `{ id: string, note: string? }`), for diagnostics, hover and completion details.
import type { TypeRef } from '../../runtime/ir/type-ref.js';

/** Object types with more fields than this print their first ones and `…`. */
const MAX_FIELDS = 6;

export function printType(type: TypeRef): string {
    switch (type.kind) {
        case 'string': case 'number': case 'boolean': case 'duration': case 'size': case 'any': case 'null':
            return type.kind;
        case 'literal': return JSON.stringify(type.value);
        case 'named': return type.name;
        case 'list': return `list<${printType(type.of)}>`;
        case 'map': return `map<${printType(type.of)}>`;
        case 'optional': {
            const inner = printType(type.of);
            return type.of.kind === 'union' ? `(${inner})?` : `${inner}?`;
        }
        case 'union': return type.options.map(printType).join(' | ');
        case 'object': {
            if (type.fields.length === 0) return '{}';
            const shown = type.fields.slice(0, MAX_FIELDS).map(f => {
                const t = printType(f.type);
                return `${f.name}: ${f.optional ? (f.type.kind === 'union' ? `(${t})?` : `${t}?`) : t}`;
            });
            if (type.fields.length > MAX_FIELDS) shown.push('…');
            return `{ ${shown.join(', ')} }`;
        }
    }
}
