// Runtime secrets — resolves a workflow's `secret x = env("X")` declarations from an
// environment map at run start. The values go to the engine's in-memory scope and to a
// SecretMasker; they must never be journaled. Errors name the variable, never a value.
import type { VariableDefinition } from '../ir/workflow-definition.js';

export class SecretResolutionError extends Error {
  override readonly name = 'SecretResolutionError';
  /** `resolved`: the secrets that were set, for a caller that reports more problems than these. */
  constructor(readonly missing: Array<{ secret: string; env: string }>, readonly resolved: Record<string, string> = {}) {
    super(missing.map(unsetSecretMessage).join('; '));
  }
}

/** What is said of one secret whose variable is not set (it names the variable, never a value). */
export function unsetSecretMessage(m: { secret: string; env: string }): string {
  return `secret ${m.secret}: environment variable ${m.env} is not set`;
}

/**
 * The value of every secret of `variables`, by secret name. An unset or empty variable is an
 * error (all of them are reported at once), so a run never starts with a blank credential.
 */
export function resolveSecrets(
  variables: readonly VariableDefinition[],
  environment: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const values: Record<string, string> = {};
  const missing: Array<{ secret: string; env: string }> = [];
  for (const v of variables) {
    if (v.role !== 'secret') continue;
    const source = v.secretSource;
    if (!source) { missing.push({ secret: v.name, env: '(no source declared)' }); continue; }
    const value = Object.hasOwn(environment, source.name) ? environment[source.name] : undefined;
    if (value === undefined || value === '') missing.push({ secret: v.name, env: source.name });
    else values[v.name] = value;
  }
  if (missing.length) throw new SecretResolutionError(missing, values);
  return values;
}
