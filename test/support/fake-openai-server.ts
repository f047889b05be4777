// Test support — a real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions
// protocol, for the AI provider tests and the CLI's end-to-end tests. Replies are queued per
// test (`enqueue`) or made by a default responder: a value that satisfies the requested JSON
// schema, or `echo: <prompt>` for plain text. It records every request it receives.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatCompletionRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_tokens?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown>; strict?: boolean } };
}

export interface FakeReply {
  /** Reply text (for structured output, the JSON text). */
  content?: string;
  /** A value sent as the JSON content. */
  json?: unknown;
  refusal?: string;
  /** An error status with an OpenAI-style error body. */
  status?: number;
  error?: { message: string; type?: string; code?: string };
  /** Sent as is (nonsense counts included); on an error reply it goes in the error body too. */
  usage?: { prompt_tokens: unknown; completion_tokens: unknown };
  /** Never answer (for timeout and cancellation tests). */
  hang?: boolean;
}

export interface FakeOpenAiServer {
  /** Base URL including `/v1`, as a provider's `baseUrl`. */
  baseUrl: string;
  requests: Array<{ headers: IncomingHttpHeaders; body: ChatCompletionRequest }>;
  enqueue(...replies: FakeReply[]): void;
  /** Resolves when the next request has arrived. */
  nextRequest(): Promise<ChatCompletionRequest>;
  close(): Promise<void>;
}

export interface FakeOpenAiOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` or get 401. */
  apiKey?: string;
  /** Replaces the default responder for requests with an empty queue. */
  respond?(request: ChatCompletionRequest): FakeReply;
}

/** A rough token count: words and punctuation runs. */
export function countTokens(text: string): number {
  return (text.match(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_]/g) ?? []).length;
}

/** A value satisfying a JSON Schema (first enum value, "sample" strings, 1 for numbers…). */
export function sampleFromSchema(schema: Record<string, unknown>, root: Record<string, unknown> = schema, depth = 0): unknown {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/$defs/', '');
    const def = (root.$defs as Record<string, Record<string, unknown>> | undefined)?.[name];
    return def ? sampleFromSchema(def, root, depth + 1) : null;
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) {
    const options = schema.anyOf as Array<Record<string, unknown>>;
    const first = options.find((o) => o.type !== 'null') ?? options[0];
    return first ? sampleFromSchema(first, root, depth) : null;
  }
  const type = Array.isArray(schema.type) ? (schema.type as string[]).find((t) => t !== 'null') ?? 'null' : schema.type;
  switch (type) {
    case 'string': return 'sample';
    case 'number': case 'integer': return 1;
    case 'boolean': return true;
    case 'null': return null;
    case 'array': return depth > 3 || !schema.items ? [] : [sampleFromSchema(schema.items as Record<string, unknown>, root, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = new Set((schema.required ?? []) as string[]);
      for (const [k, s] of Object.entries(props)) if (required.has(k) || depth <= 3) out[k] = sampleFromSchema(s, root, depth + 1);
      return out;
    }
    default: return {};
  }
}

function defaultReply(req: ChatCompletionRequest): FakeReply {
  const schema = req.response_format?.json_schema?.schema;
  if (schema) return { json: sampleFromSchema(schema) };
  const last = [...req.messages].reverse().find((m) => m.role === 'user');
  return { content: `echo: ${last?.content ?? ''}` };
}

export async function startFakeOpenAiServer(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const requests: FakeOpenAiServer['requests'] = [];
  const queue: FakeReply[] = [];
  let waiters: Array<(r: ChatCompletionRequest) => void> = [];
  const hanging = new Set<ServerResponse>();
  let n = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, { error: { message: `Unknown request URL: ${req.method} ${req.url}`, type: 'invalid_request_error', code: 'unknown_url' } });
        return;
      }
      let body: ChatCompletionRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatCompletionRequest;
      } catch {
        send(res, 400, { error: { message: 'We could not parse the JSON body of your request.', type: 'invalid_request_error' } });
        return;
      }
      requests.push({ headers: req.headers, body });
      const w = waiters;
      waiters = [];
      w.forEach((f) => f(body));
      if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
        return;
      }
      if (!body.model || !Array.isArray(body.messages)) {
        send(res, 400, { error: { message: 'model and messages are required', type: 'invalid_request_error' } });
        return;
      }
      const reply = queue.shift() ?? (options.respond ?? defaultReply)(body);
      if (reply.hang) { hanging.add(res); return; }
      if (reply.status && reply.status >= 400) {
        send(res, reply.status, { error: { type: 'api_error', ...reply.error, message: reply.error?.message ?? 'error' }, ...(reply.usage ? { usage: reply.usage } : {}) });
        return;
      }
      const content = reply.refusal ? null : reply.json !== undefined ? JSON.stringify(reply.json) : reply.content ?? '';
      const promptText = body.messages.map((m) => m.content).join('\n');
      send(res, 200, {
        id: `chatcmpl-fake-${++n}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: reply.refusal ?? null }, finish_reason: 'stop' }],
        usage: reply.usage ?? (() => {
          const prompt_tokens = countTokens(promptText);
          const completion_tokens = countTokens(content ?? '');
          return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
        })(),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...r) => { queue.push(...r); },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
