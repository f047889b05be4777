// Specification of secret resolution at run start (runtime/secrets/resolve-secrets.ts) and its errors,
// which name the secret but never show a value.
import assert from 'node:assert/strict';
import type { VariableDefinition } from '../../../runtime/ir/workflow-definition.js';
import { SecretResolutionError, resolveSecrets } from '../../../runtime/secrets/resolve-secrets.js';

const range = { uri: 'file:///w.weft', start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const secret = (name: string, env: string): VariableDefinition => ({ name, role: 'secret', type: { kind: 'string' }, secretSource: { kind: 'env', name: env }, range });

describe('resolveSecrets', () => {
  it('reads each secret from its environment variable and ignores other variables', () => {
    const vars: VariableDefinition[] = [secret('paymentsKey', 'PAYMENTS_KEY'), { name: 'n', role: 'var', type: { kind: 'number' }, range }];
    assert.deepEqual(resolveSecrets(vars, { PAYMENTS_KEY: 'pk_live_1', OTHER: 'x' }), { paymentsKey: 'pk_live_1' });
  });

  it('reports every missing or empty variable at once, by name only', () => {
    const vars = [secret('a', 'A_KEY'), secret('b', 'B_KEY'), secret('c', 'C_KEY')];
    assert.throws(() => resolveSecrets(vars, { B_KEY: '', C_KEY: 'present-value' }), (err: Error) => {
      assert.ok(err instanceof SecretResolutionError);
      assert.equal(err.message, 'secret a: environment variable A_KEY is not set; secret b: environment variable B_KEY is not set');
      assert.ok(!err.message.includes('present-value'));
      return true;
    });
  });

  it('does not read inherited properties of the environment object', () => {
    assert.throws(() => resolveSecrets([secret('t', 'toString')], {}), /environment variable toString is not set/);
  });
});
