// Specification of IR types rendered as JSON Schema (runtime/types/json-schema.ts), used for an AI
// task's structured output.
import assert from 'node:assert/strict';
import type { TypeDefinition, TypeRef } from '../../../runtime/ir/type-ref.js';
import { toJsonSchema } from '../../../runtime/types/json-schema.js';

const types: Record<string, TypeDefinition> = {
  Risk: {
    name: 'Risk', doc: 'A fraud rating.',
    type: {
      kind: 'object', fields: [
        { name: 'level', type: { kind: 'union', options: [{ kind: 'literal', value: 'low' }, { kind: 'literal', value: 'high' }] }, optional: false },
        { name: 'reason', type: { kind: 'string' }, optional: true, doc: 'Why.' },
      ],
    },
  },
  Node: { name: 'Node', type: { kind: 'object', fields: [{ name: 'next', type: { kind: 'named', name: 'Node' }, optional: true }] } },
};
const risk: TypeRef = { kind: 'named', name: 'Risk' };

describe('toJsonSchema', () => {
  it('puts named types in $defs and references them', () => {
    const { schema } = toJsonSchema(risk, types);
    assert.deepEqual(schema, {
      $ref: '#/$defs/Risk',
      $defs: {
        Risk: {
          type: 'object', description: 'A fraud rating.',
          properties: { level: { type: 'string', enum: ['low', 'high'] }, reason: { type: 'string', description: 'Why.' } },
          required: ['level'], additionalProperties: false,
        },
      },
    });
  });

  it('makes optional fields required but nullable in OpenAI strict mode', () => {
    const { schema, strictCompatible } = toJsonSchema(risk, types, { openAiStrict: true });
    const def = (schema.$defs as Record<string, { properties: Record<string, unknown>; required: string[] }>).Risk!;
    assert.deepEqual(def.required, ['level', 'reason']);
    assert.deepEqual(def.properties.reason, { type: ['string', 'null'], description: 'Why.' });
    assert.equal(strictCompatible, true);
  });

  it('flags maps and any as not strict-compatible', () => {
    assert.equal(toJsonSchema({ kind: 'map', of: { kind: 'number' } }, {}, { openAiStrict: true }).strictCompatible, false);
    assert.equal(toJsonSchema({ kind: 'any' }, {}, { openAiStrict: true }).strictCompatible, false);
    assert.deepEqual(toJsonSchema({ kind: 'map', of: { kind: 'number' } }).schema, { type: 'object', additionalProperties: { type: 'number' } });
  });

  it('converts lists, unions, optionals and primitives', () => {
    assert.deepEqual(toJsonSchema({ kind: 'list', of: { kind: 'optional', of: { kind: 'boolean' } } }).schema, { type: 'array', items: { type: ['boolean', 'null'] } });
    assert.deepEqual(toJsonSchema({ kind: 'union', options: [{ kind: 'string' }, { kind: 'number' }] }).schema, { anyOf: [{ type: 'string' }, { type: 'number' }] });
    assert.deepEqual(toJsonSchema({ kind: 'duration' }).schema, { type: 'number', description: 'duration in milliseconds', minimum: 0 });
  });

  it('terminates on recursive types', () => {
    const { schema } = toJsonSchema({ kind: 'named', name: 'Node' }, types);
    assert.deepEqual((schema.$defs as Record<string, unknown>).Node, {
      type: 'object', properties: { next: { $ref: '#/$defs/Node' } }, required: [], additionalProperties: false,
    });
  });

  it('throws on an unknown named type', () => {
    assert.throws(() => toJsonSchema({ kind: 'named', name: 'Nope' }), /unknown type Nope/);
  });
});
