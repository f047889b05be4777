// Runtime AI — the provider interface AI nodes go through (LANGUAGE.md §3.2 `ai n { … }`, §5).
// The engine evaluates model, prompt, system, temperature and maxTokens and passes `returns`
// as a schema; a provider returns the parsed output, the raw text, token usage and cost.
import type { TypeDefinition, TypeRef } from '../ir/type-ref.js';

export interface AiRequest {
  model: string;
  system?: string;
  prompt: string;
  temperature?: number;
  maxTokens?: number;
  /** The node's `returns` type: the output must be JSON of this type. */
  schema?: { type: TypeRef; types: Record<string, TypeDefinition> };
}

/** Token counts as the provider reported them; a count it did not report (or not validly) is absent. */
export interface AiUsage {
  promptTokens?: number;
  completionTokens?: number;
}

export interface AiResult {
  /** The checked JSON value when a schema was given, else the text. */
  output: unknown;
  /** The model's final reply text. */
  text: string;
  /** Summed over every call the request took (a repair retry included). */
  usage: AiUsage;
  /** From the provider's cost table; absent when the model is not priced. */
  costUsd?: number;
  /** Calls made: 2 when the first structured reply had to be repaired. */
  attempts?: number;
}

export interface AiProvider {
  /**
   * Rejects with a named error; a `TaskError` whose calls were answered with usage carries it
   * (`details.usage`, `details.costUsd`), as they are billed too.
   */
  complete(request: AiRequest, signal?: AbortSignal): Promise<AiResult>;
  /** Keys and other credentials the provider holds: the engine masks them in every run. */
  credentials?(): readonly string[];
}
