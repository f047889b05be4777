// Runtime AI — builds the provider registry from workspace settings (`weft.ai.*`) and the
// environment, for the CLI and the extension. Keys come only from environment variables named
// in the settings, never from the settings themselves, and are not logged.
import { AiProviderRegistry } from './ai-provider-registry.js';
import { DEFAULT_COST_TABLE, type CostTable } from './cost-table.js';
import { TaskError } from '../executors/task-error.js';
import type { AiProvider, AiResult } from './ai-provider.js';
import { OpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './openai-compatible-provider.js';

export interface AiEndpointSettings {
  baseUrl: string;
  /** Environment variable holding the key; none sends no Authorization header. */
  apiKeyVariable?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  default?: boolean;
}

export interface AiSettings {
  /** `weft.ai.baseUrl`: the default OpenAI-compatible endpoint. */
  baseUrl?: string;
  /** `weft.ai.apiKeyVariable` (default `OPENAI_API_KEY`). */
  apiKeyVariable?: string;
  /** Further named endpoints, reachable as `model "name:model"`. */
  providers?: Record<string, AiEndpointSettings>;
  /** Prices merged over the default cost table. */
  costs?: CostTable;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * The registry for a workspace. The default provider (`default`) is `settings.baseUrl`, or
 * else `$OPENAI_BASE_URL`, or else api.openai.com when the key variable is set; named
 * endpoints follow. A registry with no provider is valid: AI nodes then fail with
 * `AiProviderMissing`, which says how to configure one. An endpoint whose configuration is
 * wrong (a base URL that is not an http(s) URL) is registered as one whose every call fails with
 * `AiProviderInvalid` naming the setting: a workflow without AI nodes still runs.
 */
export function aiRegistryFromSettings(
  settings: AiSettings,
  environment: Readonly<Record<string, string | undefined>>,
): AiProviderRegistry {
  const registry = new AiProviderRegistry();
  const costTable: CostTable = { ...DEFAULT_COST_TABLE, ...settings.costs };
  const keyOf = (variable: string | undefined) => {
    const v = variable ? environment[variable] : undefined;
    return v ? v : undefined;
  };
  const keyVariable = settings.apiKeyVariable || 'OPENAI_API_KEY';
  const key = keyOf(keyVariable);
  const baseUrl = settings.baseUrl || environment.OPENAI_BASE_URL || (key ? OPENAI_BASE_URL : undefined);
  if (baseUrl) {
    const where = settings.baseUrl ? 'weft.ai.baseUrl' : environment.OPENAI_BASE_URL ? 'OPENAI_BASE_URL' : 'the default endpoint';
    registry.register('default', provider(where, { baseUrl, costTable, ...(key ? { apiKey: key } : {}) }));
  }
  for (const [name, p] of Object.entries(settings.providers ?? {})) {
    const k = keyOf(p.apiKeyVariable);
    registry.register(name, provider(`weft.ai.providers.${name}`, {
      baseUrl: p.baseUrl, costTable,
      ...(k ? { apiKey: k } : {}),
      ...(p.headers ? { headers: p.headers } : {}),
      ...(p.timeoutMs !== undefined ? { timeoutMs: p.timeoutMs } : {}),
    }), { default: p.default === true });
  }
  return registry;
}

/** The endpoint's provider, or one that fails every call with why its configuration (`where`) is wrong. */
function provider(where: string, options: OpenAiCompatibleOptions): AiProvider {
  try {
    return new OpenAiCompatibleProvider(options);
  } catch (err) {
    if (!(err instanceof TaskError)) throw err;
    return new InvalidAiProvider(`${where}: ${err.message}`, options.apiKey);
  }
}

/** An endpoint configured wrongly: each AI node that uses it fails with `AiProviderInvalid`. */
class InvalidAiProvider implements AiProvider {
  constructor(private readonly problem: string, private readonly apiKey: string | undefined) {}

  complete(): Promise<AiResult> {
    return Promise.reject(new TaskError('AiProviderInvalid', `the AI provider is misconfigured: ${this.problem}`));
  }

  /** Its key is still held by this process: masked like any provider's. */
  credentials(): string[] {
    return this.apiKey ? [this.apiKey] : [];
  }
}
