// Engine — runs `ai n { … }` nodes through the workspace's AI providers: evaluates model,
// prompt, system, temperature and maxTokens, passes `returns` as the output schema, and
// reports token usage and cost (journaled with the completion, summed by the metrics).

import type { AiNode } from '../../ir/index.js';
import type { AiRequest } from '../../ai/ai-provider.js';
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
    const result = await provider.complete(request, ctx.signal);
    const usage: Record<string, number> = {
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      tokens: result.usage.promptTokens + result.usage.completionTokens,
    };
    if (result.costUsd !== undefined) usage['costUsd'] = result.costUsd;
    ctx.usage(usage);
    return result.output;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function number(value: unknown, what: string, node: string): number {
  if (typeof value !== 'number') throw new TaskError('AiRequestInvalid', `ai '${node}': ${what} must be a number`);
  return value;
}
