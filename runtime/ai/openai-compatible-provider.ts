// Runtime AI — a provider for any OpenAI-compatible chat-completions endpoint (OpenAI, Azure
// OpenAI-style proxies, vLLM, llama.cpp, Ollama…). With a `returns` type it asks for
// `response_format: json_schema`, parses and checks the reply, makes one repair attempt,
// then fails with `AiOutputInvalid`. The API key goes only into the Authorization header.
// A failed request carries the usage of the calls it made (`details.usage`, `details.costUsd`).
import { performHttpRequest } from '../executors/http/perform-http-request.js';
import { TaskError } from '../executors/task-error.js';
import { credentialsInUrl, isCredentialName, shownUrl } from '../secrets/held-credentials.js';
import { checkValue, formatValueTypeErrors } from '../types/check-value.js';
import { toJsonSchema, type JsonSchema } from '../types/json-schema.js';
import type { AiProvider, AiRequest, AiResult, AiUsage } from './ai-provider.js';
import { DEFAULT_COST_TABLE, costOf, type CostTable } from './cost-table.js';

export interface OpenAiCompatibleOptions {
  /** E.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`; `/chat/completions` is appended. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when given (local servers often need none). */
  apiKey?: string;
  /** Extra headers (e.g. an organisation id). */
  headers?: Record<string, string>;
  /** Time limit of each call (default 120 s). */
  timeoutMs?: number;
  costTable?: CostTable;
}

interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

interface Completion {
  text: string;
  usage: AiUsage;
}

/** Structured output needs an object at the root; other types are wrapped in `{ value }`. */
interface OutputSchema { schema: JsonSchema; strict: boolean; wrapped: boolean }

export class OpenAiCompatibleProvider implements AiProvider {
  private readonly endpoint: string;

  /**
   * Throws `AiProviderInvalid` for a base URL that is not an absolute http(s) URL or that carries a
   * user name or password (fetch refuses those; the key goes in `apiKey`). The message shows the
   * URL without credentials or query, and no part of a value that is not a URL at all.
   */
  constructor(private readonly options: OpenAiCompatibleOptions) {
    let base: URL | undefined;
    try { base = new URL(options.baseUrl); } catch { /* reported below */ }
    const shown = shownUrl(options.baseUrl);
    if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
      throw new TaskError('AiProviderInvalid', `the base URL${shown ? ` '${shown}'` : ''} is not an absolute http(s) URL`);
    }
    if (base.username || base.password) {
      throw new TaskError('AiProviderInvalid', `the base URL '${shown}' carries a user name or password: give the key as the API key instead`);
    }
    this.endpoint = `${base.href.replace(/\/+$/, '')}/chat/completions`;
  }

  /** The key, credential-named headers and URL parameters: the engine masks them in every run. */
  credentials(): string[] {
    const held = credentialsInUrl(this.options.baseUrl);
    if (this.options.apiKey) held.push(this.options.apiKey);
    for (const [name, value] of Object.entries(this.options.headers ?? {})) if (value && isCredentialName(name)) held.push(value);
    return held;
  }

  async complete(request: AiRequest, signal?: AbortSignal): Promise<AiResult> {
    const messages: ChatMessage[] = [];
    if (request.system) messages.push({ role: 'system', content: request.system });
    messages.push({ role: 'user', content: request.prompt });
    const usage: AiUsage = {};
    const costUsd = () => (hasCounts(usage) ? costOf(request.model, usage, this.options.costTable ?? DEFAULT_COST_TABLE) : undefined);
    const finish = (output: unknown, text: string, attempts: number): AiResult => {
      const cost = costUsd();
      return { output, text, usage, attempts, ...(cost !== undefined ? { costUsd: cost } : {}) };
    };
    // Every call made is billed, the failed ones too: the error carries what they used.
    const call = async (out: OutputSchema | undefined) => {
      try {
        return await this.call(request, messages, out, signal);
      } catch (err) {
        const used = (err as { usage?: AiUsage }).usage;
        if (used) add(usage, used);
        throw withUsage(err, usage, costUsd());
      }
    };

    if (!request.schema) {
      const c = await call(undefined);
      add(usage, c.usage);
      return finish(c.text, c.text, 1);
    }

    const out = outputSchema(request.schema);
    let problems = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const c = await call(out);
      add(usage, c.usage);
      const parsed = parseOutput(c.text, out, request.schema);
      if (parsed.ok) return finish(parsed.value, c.text, attempt);
      problems = parsed.problems;
      messages.push({ role: 'assistant', content: c.text });
      messages.push({
        role: 'user',
        content: `Your reply does not match the required JSON schema:\n${problems}\nReply again with only the corrected JSON.`,
      });
    }
    const cost = costUsd();
    throw new TaskError('AiOutputInvalid', `the model's reply did not match the returns type after a repair attempt: ${problems.replace(/\n/g, '; ')}`, {
      details: { usage, ...(cost !== undefined ? { costUsd: cost } : {}), model: request.model },
    });
  }

  private async call(request: AiRequest, messages: ChatMessage[], out: OutputSchema | undefined, signal?: AbortSignal): Promise<Completion> {
    const body: Record<string, unknown> = { model: request.model, messages };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (out) body.response_format = { type: 'json_schema', json_schema: { name: 'result', schema: out.schema, strict: out.strict } };
    const headers: Record<string, string> = { ...this.options.headers };
    if (this.options.apiKey) headers.Authorization = `Bearer ${this.options.apiKey}`;

    let res;
    try {
      res = await performHttpRequest({
        method: 'POST', url: this.endpoint, headers, body,
        timeoutMs: this.options.timeoutMs ?? 120_000,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      // An error answer that reports usage (some servers do) was billed too.
      const answered = err instanceof TaskError ? (err.details?.response as { body?: unknown } | undefined)?.body : undefined;
      throw tagUsage(providerError(err), usageOf(answered));
    }
    const data = res.body as { choices?: Array<{ message?: { content?: unknown; refusal?: unknown } }> } | null;
    const usage = usageOf(data);
    const message = data && typeof data === 'object' ? data.choices?.[0]?.message : undefined;
    if (!message) throw tagUsage(new TaskError('AiProviderError', 'the AI provider answered without a chat completion choice'), usage);
    if (typeof message.refusal === 'string' && message.refusal) {
      throw tagUsage(new TaskError('AiRefused', `the model refused: ${message.refusal.slice(0, 200)}`), usage);
    }
    const text = typeof message.content === 'string' ? message.content : '';
    return { text, usage };
  }
}

/**
 * The token counts of an answer's `usage`. A count that is not a non-negative safe integer
 * (negative, fractional, huge, NaN, text) is left out as not reported, never recorded.
 */
function usageOf(body: unknown): AiUsage {
  const u = body && typeof body === 'object' ? (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage : undefined;
  const usage: AiUsage = {};
  if (!u || typeof u !== 'object') return usage;
  if (isCount(u.prompt_tokens)) usage.promptTokens = u.prompt_tokens;
  if (isCount(u.completion_tokens)) usage.completionTokens = u.completion_tokens;
  return usage;
}

function isCount(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

function hasCounts(usage: AiUsage): boolean {
  return usage.promptTokens !== undefined || usage.completionTokens !== undefined;
}

/** Adds the counts `more` reports; a count no call reported stays absent. */
function add(total: AiUsage, more: AiUsage): void {
  if (more.promptTokens !== undefined) total.promptTokens = (total.promptTokens ?? 0) + more.promptTokens;
  if (more.completionTokens !== undefined) total.completionTokens = (total.completionTokens ?? 0) + more.completionTokens;
}

/** The error of one call, with the usage its answer reported, for `complete` to add up. */
function tagUsage(err: unknown, usage: AiUsage): unknown {
  if (hasCounts(usage) && err !== null && typeof err === 'object') (err as { usage?: AiUsage }).usage = usage;
  return err;
}

/** The request's error with the usage of every call it made (`details.usage`, `details.costUsd`). */
function withUsage(err: unknown, usage: AiUsage, costUsd: number | undefined): unknown {
  if (!hasCounts(usage) || !(err instanceof TaskError)) return err;
  const details = { ...err.details, usage: { ...usage }, ...(costUsd !== undefined ? { costUsd } : {}) };
  return new TaskError(err.name, err.message, { aliases: [...err.aliases], details, cause: err.cause ?? err });
}

function outputSchema(schema: NonNullable<AiRequest['schema']>): OutputSchema {
  const { schema: s, strictCompatible } = toJsonSchema(schema.type, schema.types, { openAiStrict: true });
  const root = s.$ref && s.$defs ? (s.$defs as Record<string, JsonSchema>)[String(s.$ref).replace('#/$defs/', '')] : s;
  if (root && root.type === 'object') return { schema: s, strict: strictCompatible, wrapped: false };
  const { $defs, ...inner } = s;
  const wrapper: JsonSchema = { type: 'object', properties: { value: inner }, required: ['value'], additionalProperties: false };
  if ($defs) wrapper.$defs = $defs;
  return { schema: wrapper, strict: strictCompatible, wrapped: true };
}

type Parsed = { ok: true; value: unknown } | { ok: false; problems: string };

function parseOutput(text: string, out: OutputSchema, schema: NonNullable<AiRequest['schema']>): Parsed {
  // Some local servers wrap JSON in a Markdown fence even when asked for JSON.
  const stripped = text.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n?```$/, '$1');
  let value: unknown;
  try {
    value = JSON.parse(stripped);
  } catch {
    return { ok: false, problems: 'the reply is not valid JSON' };
  }
  if (out.wrapped) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !('value' in value)) {
      return { ok: false, problems: 'the reply must be an object with a "value" field' };
    }
    value = (value as { value: unknown }).value;
  }
  // Strict mode sends optional fields as null, which the check accepts for optional fields.
  const errors = checkValue(value, schema.type, schema.types);
  return errors.length ? { ok: false, problems: formatValueTypeErrors(errors) } : { ok: true, value };
}

function providerError(err: unknown): unknown {
  if (!(err instanceof TaskError)) return err;
  if (['Timeout', 'Cancelled', 'ConnectionError', 'HttpRequestInvalid'].includes(err.name)) return err;
  const status = err.details?.status as number | undefined;
  if (status === undefined) return err;
  const name = status === 401 || status === 403 ? 'AiAuthError' : status === 429 ? 'AiRateLimited' : 'AiProviderError';
  const aliases = [...new Set([err.name, ...err.aliases, 'AiProviderError', 'HttpError'].filter((n) => n !== name))];
  return new TaskError(name, `AI provider: ${err.message}`, { aliases, details: { status }, cause: err });
}
