// Runtime connectors — settings a deployment changes without editing the workflow: the
// environment variable WEFT_CONNECTOR_<NAME>_<KEY> (e.g. WEFT_CONNECTOR_CRM_BASEURL) replaces
// setting <key> of connector <name>, so one .weft file runs against dev, staging or a test stub.

import { TaskError } from '../executors/task-error.js';
import { credentialsInUrl, isCredentialName } from '../secrets/held-credentials.js';
import type { ConnectorSetting } from './connector.js';

export type ConnectorEnvironment = Readonly<Record<string, string | undefined>>;

const PREFIX = 'WEFT_CONNECTOR_';

/** The environment variable that overrides `key` of connector `connector`. */
export function connectorOverrideVariable(connector: string, key: string): string {
  return `${PREFIX}${connector.toUpperCase()}_${key.toUpperCase()}`;
}

/**
 * The connector's settings with the environment's overrides applied. Names and keys match
 * case-insensitively (variables are upper case by habit). An override replaces every setting
 * with its key, keeping its place, or is added at the end when the block has none; named settings
 * (`header "X" = …`) cannot be overridden (a clear error). The value keeps the type of the setting
 * it replaces: a number setting (a duration) needs a number of milliseconds, a boolean `true` or
 * `false`; otherwise it is text. An added setting is a number or boolean if it reads as one.
 */
export function applyConnectorOverrides(connector: string, settings: readonly ConnectorSetting[], environment: ConnectorEnvironment | undefined, kindKeys: readonly string[] = []): readonly ConnectorSetting[] {
  if (!environment) return settings;
  const prefix = `${PREFIX}${connector.toUpperCase()}_`;
  let result: ConnectorSetting[] | undefined;
  for (const variable of Object.keys(environment)) {
    if (variable.length <= prefix.length || variable.toUpperCase().slice(0, prefix.length) !== prefix) continue;
    const text = environment[variable];
    if (text === undefined) continue;
    const wanted = variable.slice(prefix.length).toUpperCase();
    result ??= [...settings];
    let replaced = false;
    for (let i = 0; i < result.length; i++) {
      const s = result[i]!;
      if (s.key.toUpperCase() !== wanted) continue;
      if (s.name !== undefined) throw new TaskError('ConnectorConfigInvalid', `${variable}: named settings (${s.key} "…" = …) cannot be overridden from the environment`);
      result[i] = { key: s.key, value: typed(text, s.value, variable) };
      replaced = true;
    }
    if (!replaced) result.push({ key: keyFor(wanted, kindKeys), value: guessed(text) });
  }
  return result ?? settings;
}

/**
 * The credentials among the overrides, for the engine to mask in every run: the value of a
 * setting named like one (`WEFT_CONNECTOR_CRM_APIKEY`) and the password or key a URL carries.
 */
export function connectorOverrideCredentials(environment: ConnectorEnvironment | undefined): string[] {
  const held: string[] = [];
  if (!environment) return held;
  for (const variable of Object.keys(environment)) {
    const text = environment[variable];
    if (!text || variable.length <= PREFIX.length || variable.toUpperCase().slice(0, PREFIX.length) !== PREFIX) continue;
    // The setting's key ends the name (a connector named `auth` does not make its base URL a credential).
    if (isCredentialName(variable.slice(variable.lastIndexOf('_') + 1))) held.push(text);
    held.push(...credentialsInUrl(text));
  }
  return held;
}

function typed(text: string, like: unknown, variable: string): unknown {
  if (typeof like === 'number') {
    const n = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) throw new TaskError('ConnectorConfigInvalid', `${variable} must be a number (milliseconds for a duration), not '${text}'`);
    return n;
  }
  if (typeof like === 'boolean') {
    if (text !== 'true' && text !== 'false') throw new TaskError('ConnectorConfigInvalid', `${variable} must be true or false, not '${text}'`);
    return text === 'true';
  }
  return text;
}

function guessed(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

/** An added setting's key, spelled as the connector kind documents it (`baseUrl`), if it does. */
function keyFor(upper: string, kindKeys: readonly string[]): string {
  return kindKeys.find((k) => k.toUpperCase() === upper) ?? upper.toLowerCase();
}
