// Runtime AI — public surface.
export type { AiProvider, AiRequest, AiResult, AiUsage } from './ai-provider.js';
export { AiProviderRegistry } from './ai-provider-registry.js';
export { DEFAULT_COST_TABLE, costOf, priceOf, type CostTable, type ModelPrice } from './cost-table.js';
export { OpenAiCompatibleProvider, type OpenAiCompatibleOptions } from './openai-compatible-provider.js';
export { aiRegistryFromSettings, OPENAI_BASE_URL, type AiEndpointSettings, type AiSettings } from './ai-settings.js';
