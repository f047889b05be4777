// Test support: checks a value against runtime/ir/schema.json (JSON Schema 2020-12) with ajv
// and returns readable errors, so tests can assert that compiled bundles honour the contract.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { fromRoot } from '../../support/paths.js';

const schema = JSON.parse(readFileSync(fromRoot('runtime/ir/schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** Schema violations of `bundle` as `path: message` lines; empty when it conforms. */
export function schemaErrors(bundle: unknown): string[] {
    if (validate(bundle)) return [];
    return (validate.errors ?? []).slice(0, 20).map(e => `${e.instancePath || '/'}: ${e.message}`);
}
