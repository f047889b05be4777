// Engine — runs `ai n { … }` nodes through the workspace's AI providers: evaluates model,
// prompt, system, temperature and maxTokens, passes `returns` as the output schema, and
// reports token usage and cost (journaled with the completion, summed by the metrics).

import type { AiNode } from '../../ir/index.js';
import type { AiRequest, AiUsage } from '../../ai/ai-provider.js';
import { AiProviderRegistry } from '../../ai/ai-provider-registry.js';
import { TaskError } from '../../executors/task-error.js';
import type { TaskContext, TaskExecutor } from '../task-executor.js';

export class AiTaskExecutor implements TaskExecutor<AiNode> {
  constructor(private readonly providers: AiProviderRegistry = new AiProviderRegistry()) {}

  async execute(ctx: TaskContext<AiNode>): Promise<unknown> {
    const { node } = ctx;
    const model = ctx.evaluate(node.model);
    if (typeof model !== 'string' || model === '') throw new TaskError('AiRequestInvalid', `ai '${node.id}': model must be a non-empty string`);
    const { provider, model: providerModel } = this.providers.resolve(model);
    const request: AiRequest = { model: providerModel, prompt: text(ctx.evaluate(node.prompt)) };
    if (node.system) request.system = text(ctx.evaluate(node.system));
    if (node.temperature) request.temperature = number(ctx.evaluate(node.temperature), 'temperature', node.id);
    if (node.maxTokens) request.maxTokens = number(ctx.evaluate(node.maxTokens), 'maxTokens', node.id);
    if (node.returns) request.schema = { type: node.returns, types: ctx.bundle.types };
    let result;
    try {
      result = await provider.complete(request, ctx.signal);
    } catch (err) {
      // A failed attempt's calls were billed too: its usage goes on NodeFailed / RetryScheduled.
      const details = err instanceof TaskError ? err.details : undefined;
      if (details?.usage) reportUsage(ctx, details.usage as AiUsage, typeof details.costUsd === 'number' ? details.costUsd : undefined);
      throw err;
    }
    reportUsage(ctx, result.usage, result.costUsd);
    return result.output;
  }

  credentials(): string[] {
    return this.providers.credentials();
  }
}

/** The task's figures: the counts the provider reported, their sum and the cost (none when it reported none). */
function reportUsage(ctx: TaskContext<AiNode>, u: AiUsage, costUsd: number | undefined): void {
  if (u.promptTokens === undefined && u.completionTokens === undefined) return;
  const usage: Record<string, number> = {};
  if (u.promptTokens !== undefined) usage['promptTokens'] = u.promptTokens;
  if (u.completionTokens !== undefined) usage['completionTokens'] = u.completionTokens;
  usage['tokens'] = (u.promptTokens ?? 0) + (u.completionTokens ?? 0);
  if (costUsd !== undefined) usage['costUsd'] = costUsd;
  ctx.usage(usage);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function number(value: unknown, what: string, node: string): number {
  if (typeof value !== 'number') throw new TaskError('AiRequestInvalid', `ai '${node}': ${what} must be a number`);
  return value;
}
