// IR — the structural types of the Weft language (LANGUAGE.md §2) as plain data. The compiler
// resolves every type name to one of these; the runtime uses them to check inputs and AI
// `returns` values. Named types live in `WorkflowBundle.types` and are referenced by name so
// recursive types stay finite.

export type TypeRef =
  | { kind: 'string' }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'duration' }
  | { kind: 'size' }
  | { kind: 'any' }
  | { kind: 'null' }
  | { kind: 'literal'; value: string }
  | { kind: 'list'; of: TypeRef }
  | { kind: 'map'; of: TypeRef }
  | { kind: 'optional'; of: TypeRef }
  | { kind: 'union'; options: TypeRef[] }
  | { kind: 'object'; fields: FieldType[] }
  /** A declared `type Name { … }`; its definition is `bundle.types[name]`. */
  | { kind: 'named'; name: string };

export interface FieldType {
  name: string;
  type: TypeRef;
  /** Declared with `?`: the field may be absent or null. */
  optional: boolean;
  doc?: string;
}

/** A declared `type`, as stored in `WorkflowBundle.types`. */
export interface TypeDefinition {
  name: string;
  doc?: string;
  type: TypeRef;
}
