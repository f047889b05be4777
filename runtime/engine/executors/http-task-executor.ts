// Engine — adapts `performHttpRequest` to the TaskExecutor seam for `task n: http METHOD "url"`:
// evaluates url, headers, query and body in the run's scope and returns `{ status, headers,
// body }`. Timeouts and retries stay the engine's; cancellation arrives through the signal.

import type { HttpNode } from '../../ir/index.js';
import { performHttpRequest, type HttpRequest } from '../../executors/http/perform-http-request.js';
import { TaskError } from '../../executors/task-error.js';
import type { TaskContext, TaskExecutor } from '../task-executor.js';

export class HttpTaskExecutor implements TaskExecutor<HttpNode> {
  async execute(ctx: TaskContext<HttpNode>): Promise<unknown> {
    const { node } = ctx;
    const url = ctx.evaluate(node.url);
    if (typeof url !== 'string') throw new TaskError('HttpRequestInvalid', `http task '${node.id}': the URL must be text`);
    const request: HttpRequest = { method: node.method, url, signal: ctx.signal };
    if (node.headers) request.headers = asObject(ctx.evaluate(node.headers), 'headers', node.id);
    if (node.query) request.query = asObject(ctx.evaluate(node.query), 'query', node.id);
    if (node.body) request.body = ctx.evaluate(node.body);
    else if (node.options.with) request.body = ctx.input;
    return performHttpRequest(request);
  }
}

function asObject(value: unknown, what: string, node: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new TaskError('HttpRequestInvalid', `http task '${node}': ${what} must be an object`);
  return value as Record<string, unknown>;
}
