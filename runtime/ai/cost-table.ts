// Runtime AI — token prices per model, configurable per workspace, and the cost of a call.
// The defaults are list prices at the time of writing and only a convenience: workspaces
// override them (`weft.ai.costs`). A model is priced by exact name, else by the longest
// priced prefix (`gpt-4o-mini-2024-07-18` -> `gpt-4o-mini`).
import type { AiUsage } from './ai-provider.js';

export interface ModelPrice {
  /** USD per one million prompt (input) tokens. */
  promptPerMillion: number;
  /** USD per one million completion (output) tokens. */
  completionPerMillion: number;
}

export type CostTable = Readonly<Record<string, ModelPrice>>;

export const DEFAULT_COST_TABLE: CostTable = {
  'gpt-4o': { promptPerMillion: 2.5, completionPerMillion: 10 },
  'gpt-4o-mini': { promptPerMillion: 0.15, completionPerMillion: 0.6 },
  'gpt-4.1': { promptPerMillion: 2, completionPerMillion: 8 },
  'gpt-4.1-mini': { promptPerMillion: 0.4, completionPerMillion: 1.6 },
  'gpt-4.1-nano': { promptPerMillion: 0.1, completionPerMillion: 0.4 },
};

export function priceOf(model: string, table: CostTable): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  let best: string | undefined;
  for (const name of Object.keys(table)) {
    if (model.startsWith(name) && (!best || name.length > best.length)) best = name;
  }
  return best ? table[best] : undefined;
}

/** USD cost of `usage` for `model` (a count not reported costs nothing), or undefined when the model has no price. */
export function costOf(model: string, usage: AiUsage, table: CostTable): number | undefined {
  const p = priceOf(model, table);
  if (!p) return undefined;
  return ((usage.promptTokens ?? 0) * p.promptPerMillion + (usage.completionTokens ?? 0) * p.completionPerMillion) / 1_000_000;
}
