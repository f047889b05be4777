// Runtime types — converts a Weft `TypeRef` to JSON Schema (draft 2020-12), for OpenAI
// structured output and for documentation. In `openAiStrict` mode it follows the rules of
// OpenAI's strict structured outputs: every property required (optional ones nullable),
// `additionalProperties: false`; it reports when a type cannot be expressed strictly.
import type { TypeDefinition, TypeRef } from '../ir/type-ref.js';

export type JsonSchema = { [key: string]: unknown };

export interface JsonSchemaOptions {
  /** Follow OpenAI's strict-mode subset (default false). */
  openAiStrict?: boolean;
}

export interface JsonSchemaResult {
  schema: JsonSchema;
  /** False when the type uses something strict mode forbids (maps, `any`). */
  strictCompatible: boolean;
}

/** The schema of `type`; named types become `$defs` entries referenced with `$ref`. */
export function toJsonSchema(
  type: TypeRef,
  types: Record<string, TypeDefinition> = {},
  options: JsonSchemaOptions = {},
): JsonSchemaResult {
  const ctx = { types, strict: options.openAiStrict ?? false, defs: {} as Record<string, JsonSchema>, compatible: true, pending: new Set<string>() };
  const schema = convert(type, ctx);
  if (Object.keys(ctx.defs).length) schema.$defs = ctx.defs;
  return { schema, strictCompatible: ctx.compatible };
}

interface Ctx {
  types: Record<string, TypeDefinition>;
  strict: boolean;
  defs: Record<string, JsonSchema>;
  compatible: boolean;
  pending: Set<string>;
}

function nullable(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (schema.enum) return { anyOf: [schema, { type: 'null' }] };
  return { anyOf: [schema, { type: 'null' }] };
}

function convert(type: TypeRef, ctx: Ctx): JsonSchema {
  switch (type.kind) {
    case 'string': return { type: 'string' };
    case 'number': return { type: 'number' };
    case 'boolean': return { type: 'boolean' };
    case 'duration': return { type: 'number', description: 'duration in milliseconds', ...(ctx.strict ? {} : { minimum: 0 }) };
    case 'size': return { type: 'number', description: 'size in bytes', ...(ctx.strict ? {} : { minimum: 0 }) };
    case 'null': return { type: 'null' };
    case 'any':
      if (ctx.strict) ctx.compatible = false;
      return {};
    case 'literal': return { type: 'string', enum: [type.value] };
    case 'list': return { type: 'array', items: convert(type.of, ctx) };
    case 'map':
      if (ctx.strict) ctx.compatible = false;
      return { type: 'object', additionalProperties: convert(type.of, ctx) };
    case 'optional': return nullable(convert(type.of, ctx));
    case 'union': {
      if (type.options.every((o) => o.kind === 'literal')) {
        return { type: 'string', enum: type.options.map((o) => (o as { value: string }).value) };
      }
      return { anyOf: type.options.map((o) => convert(o, ctx)) };
    }
    case 'object': {
      const properties: Record<string, JsonSchema> = {};
      const required: string[] = [];
      for (const f of type.fields) {
        let s = convert(f.type, ctx);
        if (f.doc) s = { ...s, description: f.doc };
        if (f.optional && ctx.strict) s = nullable(s);
        properties[f.name] = s;
        if (!f.optional || ctx.strict) required.push(f.name);
      }
      return { type: 'object', properties, required, additionalProperties: false };
    }
    case 'named': {
      const def = ctx.types[type.name];
      if (!def) throw new Error(`unknown type ${type.name}`);
      if (!ctx.defs[type.name] && !ctx.pending.has(type.name)) {
        ctx.pending.add(type.name);
        const s = convert(def.type, ctx);
        ctx.defs[type.name] = def.doc ? { ...s, description: def.doc } : s;
        ctx.pending.delete(type.name);
      }
      return { $ref: `#/$defs/${type.name}` };
    }
  }
}
