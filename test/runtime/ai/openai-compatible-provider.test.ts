// Specification of the OpenAI-compatible provider (runtime/ai/openai-compatible-provider.ts), against
// a real HTTP server on loopback that speaks the chat-completions protocol.
import assert from 'node:assert/strict';
import { OpenAiCompatibleProvider } from '../../../runtime/ai/openai-compatible-provider.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import type { TypeDefinition, TypeRef } from '../../../runtime/ir/type-ref.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fake-openai-server.js';

const types: Record<string, TypeDefinition> = {
  Risk: {
    name: 'Risk',
    type: {
      kind: 'object', fields: [
        { name: 'level', type: { kind: 'union', options: [{ kind: 'literal', value: 'low' }, { kind: 'literal', value: 'medium' }, { kind: 'literal', value: 'high' }] }, optional: false },
        { name: 'reason', type: { kind: 'string' }, optional: false },
        { name: 'hint', type: { kind: 'string' }, optional: true },
      ],
    },
  },
};
const risk = { type: { kind: 'named', name: 'Risk' } as TypeRef, types };

async function taskError(p: Promise<unknown>): Promise<TaskError> {
  try { await p; } catch (err) {
    assert.ok(err instanceof TaskError, `expected a TaskError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('OpenAI-compatible provider', () => {
  let server: FakeOpenAiServer;
  let provider: OpenAiCompatibleProvider;
  beforeEach(async () => {
    server = await startFakeOpenAiServer({ apiKey: 'sk-test-123' });
    provider = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test-123' });
  });
  afterEach(() => server.close());

  it('sends system and prompt as chat messages with the key as a bearer token', async () => {
    server.enqueue({ content: 'Looks fine.', usage: { prompt_tokens: 12, completion_tokens: 3 } });
    const r = await provider.complete({ model: 'gpt-4o-mini', system: 'You rate orders.', prompt: 'Rate order o-1', temperature: 0, maxTokens: 50 });
    assert.equal(r.output, 'Looks fine.');
    assert.equal(r.text, 'Looks fine.');
    assert.deepEqual(r.usage, { promptTokens: 12, completionTokens: 3 });
    const { headers, body } = server.requests[0]!;
    assert.equal(headers.authorization, 'Bearer sk-test-123');
    assert.deepEqual(body.messages, [{ role: 'system', content: 'You rate orders.' }, { role: 'user', content: 'Rate order o-1' }]);
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.temperature, 0);
    assert.equal(body.max_tokens, 50);
    assert.equal(body.response_format, undefined);
  });

  it('prices token usage from the cost table', async () => {
    server.enqueue({ content: 'ok', usage: { prompt_tokens: 1_000_000, completion_tokens: 500_000 } });
    const r = await provider.complete({ model: 'gpt-4o-mini-2024-07-18', prompt: 'x' });
    assert.equal(r.costUsd, 0.45);
    const custom = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test-123', costTable: { 'my-model': { promptPerMillion: 1, completionPerMillion: 2 } } });
    server.enqueue({ content: 'ok', usage: { prompt_tokens: 1000, completion_tokens: 1000 } });
    assert.equal((await custom.complete({ model: 'my-model', prompt: 'x' })).costUsd, 0.003);
    server.enqueue({ content: 'ok' });
    assert.equal((await custom.complete({ model: 'unpriced', prompt: 'x' })).costUsd, undefined);
  });

  it('asks for strict JSON-schema output for a returns type and returns the checked value', async () => {
    server.enqueue({ json: { level: 'high', reason: 'new customer, large total', hint: null } });
    const r = await provider.complete({ model: 'gpt-4o-mini', prompt: 'Rate it', schema: risk });
    assert.deepEqual(r.output, { level: 'high', reason: 'new customer, large total', hint: null });
    assert.equal(r.attempts, 1);
    const rf = server.requests[0]!.body.response_format!;
    assert.equal(rf.type, 'json_schema');
    assert.equal(rf.json_schema!.strict, true);
    const def = (rf.json_schema!.schema.$defs as Record<string, { required: string[]; properties: Record<string, unknown> }>).Risk!;
    assert.deepEqual(def.required, ['level', 'reason', 'hint']);
    assert.deepEqual(def.properties.level, { type: 'string', enum: ['low', 'medium', 'high'] });
  });

  it('wraps a non-object returns type in { value } and unwraps the reply', async () => {
    server.enqueue({ json: { value: ['a', 'b'] } });
    const r = await provider.complete({ model: 'm', prompt: 'tags?', schema: { type: { kind: 'list', of: { kind: 'string' } }, types: {} } });
    assert.deepEqual(r.output, ['a', 'b']);
    const schema = server.requests[0]!.body.response_format!.json_schema!.schema;
    assert.deepEqual(schema, { type: 'object', properties: { value: { type: 'array', items: { type: 'string' } } }, required: ['value'], additionalProperties: false });
  });

  it('repairs a reply that does not match the type once, telling the model what was wrong', async () => {
    server.enqueue(
      { json: { level: 'extreme', reason: 'x' }, usage: { prompt_tokens: 10, completion_tokens: 4 } },
      { json: { level: 'medium', reason: 'fixed' }, usage: { prompt_tokens: 30, completion_tokens: 5 } },
    );
    const r = await provider.complete({ model: 'gpt-4o-mini', prompt: 'Rate it', schema: risk });
    assert.deepEqual(r.output, { level: 'medium', reason: 'fixed' });
    assert.equal(r.attempts, 2);
    const second = server.requests[1]!.body.messages;
    assert.equal(second.length, 3);
    assert.equal(second[1]!.role, 'assistant');
    assert.match(second[2]!.content, /level: expected "low" \| "medium" \| "high", got string/);
    assert.deepEqual(r.usage, { promptTokens: 40, completionTokens: 9 });
  });

  it('fails with AiOutputInvalid when the repaired reply is still wrong', async () => {
    server.enqueue({ content: 'not json at all' }, { json: { level: 'low' } });
    const err = await taskError(provider.complete({ model: 'm', prompt: 'Rate it', schema: risk }));
    assert.equal(err.name, 'AiOutputInvalid');
    assert.match(err.message, /reason: missing required field of type string/);
    assert.equal(server.requests.length, 2);
    assert.match(server.requests[1]!.body.messages[2]!.content, /the reply is not valid JSON/);
  });

  it('accepts JSON wrapped in a Markdown fence from lenient local servers', async () => {
    server.enqueue({ content: '```json\n{"level":"low","reason":"fine"}\n```' });
    assert.deepEqual((await provider.complete({ model: 'm', prompt: 'x', schema: risk })).output, { level: 'low', reason: 'fine' });
  });

  it('uses a schema-satisfying default reply when nothing is queued', async () => {
    const r = await provider.complete({ model: 'm', prompt: 'x', schema: risk });
    assert.deepEqual(r.output, { level: 'low', reason: 'sample', hint: 'sample' });
    assert.equal((await provider.complete({ model: 'm', prompt: 'hello' })).output, 'echo: hello');
  });

  it('names a wrong key AiAuthError without revealing the key', async () => {
    const wrong = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-wrong-999' });
    const err = await taskError(wrong.complete({ model: 'm', prompt: 'x' }));
    assert.equal(err.name, 'AiAuthError');
    assert.ok(err.matches('AiProviderError') && err.matches('HttpError') && err.matches('invalid_api_key'));
    assert.ok(!err.message.includes('sk-wrong-999'));
  });

  it('names rate limiting and server errors', async () => {
    server.enqueue({ status: 429, error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } }, { status: 500, error: { message: 'boom' } });
    assert.equal((await taskError(provider.complete({ model: 'm', prompt: 'x' }))).name, 'AiRateLimited');
    const err = await taskError(provider.complete({ model: 'm', prompt: 'x' }));
    assert.equal(err.name, 'AiProviderError');
    assert.equal(err.details?.status, 500);
  });

  it('reports a refusal as AiRefused', async () => {
    server.enqueue({ refusal: 'I cannot help with that.' });
    const err = await taskError(provider.complete({ model: 'm', prompt: 'x', schema: risk }));
    assert.equal(err.name, 'AiRefused');
  });

  it('times out and can be cancelled', async () => {
    const slow = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test-123', timeoutMs: 100 });
    server.enqueue({ hang: true });
    assert.equal((await taskError(slow.complete({ model: 'm', prompt: 'x' }))).name, 'Timeout');
    server.enqueue({ hang: true });
    const ac = new AbortController();
    const p = provider.complete({ model: 'm', prompt: 'x' }, ac.signal);
    await server.nextRequest();
    ac.abort();
    assert.equal((await taskError(p)).name, 'Cancelled');
  });

  it('works without a key against servers that need none', async () => {
    const open = await startFakeOpenAiServer();
    try {
      const p = new OpenAiCompatibleProvider({ baseUrl: `${open.baseUrl}/` });
      assert.equal((await p.complete({ model: 'llama3.2', prompt: 'hi' })).output, 'echo: hi');
      assert.equal(open.requests[0]!.headers.authorization, undefined);
    } finally {
      await open.close();
    }
  });

  it('rejects a base URL that is not absolute with AiProviderInvalid, showing no part of a value that is not a URL', () => {
    const invalid = (baseUrl: string) => {
      try { new OpenAiCompatibleProvider({ baseUrl }); } catch (err) {
        assert.ok(err instanceof TaskError);
        assert.equal(err.name, 'AiProviderInvalid');
        return err.message;
      }
      assert.fail(`accepted ${baseUrl}`);
    };
    assert.equal(invalid('localhost:8080'), 'the base URL is not an absolute http(s) URL');
    assert.equal(invalid('/v1'), 'the base URL is not an absolute http(s) URL');
    assert.equal(invalid('not a url sk-zq1'), 'the base URL is not an absolute http(s) URL');
    assert.equal(invalid('ftp://u:hunter2@files.test/v1?key=k1'), "the base URL 'ftp://files.test/v1' is not an absolute http(s) URL");
  });

  it('refuses a base URL with a user name or password, showing it without them', () => {
    assert.throws(() => new OpenAiCompatibleProvider({ baseUrl: 'https://me:hunter2@api.test/v1' }), (err: Error) =>
      err.name === 'AiProviderInvalid' && err.message.includes("'https://api.test/v1' carries a user name or password") && !err.message.includes('hunter2'));
  });

  it('holds the key, credential-named headers and URL parameters as credentials', () => {
    const p = new OpenAiCompatibleProvider({ baseUrl: `${server.baseUrl}?api-version=2024-06-01&key=q-k1`, apiKey: 'sk-test-123', headers: { 'api-key': 'az-k2', 'OpenAI-Organization': 'org-1' } });
    assert.deepEqual([...p.credentials()].sort(), ['az-k2', 'q-k1', 'sk-test-123']);
  });

  it('leaves out token counts that are not non-negative safe integers (and their cost)', async () => {
    const table = { m: { promptPerMillion: 1_000_000, completionPerMillion: 1_000_000 } };
    const priced = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test-123', costTable: table });
    server.enqueue({ content: 'a', usage: { prompt_tokens: -1e9, completion_tokens: 1e308 } });
    const r1 = await priced.complete({ model: 'm', prompt: 'x' });
    assert.deepEqual(r1.usage, {});
    assert.equal(r1.costUsd, undefined);
    server.enqueue({ content: 'b', usage: { prompt_tokens: 7, completion_tokens: 'abc' } });
    const r2 = await priced.complete({ model: 'm', prompt: 'x' });
    assert.deepEqual(r2.usage, { promptTokens: 7 });
    assert.equal(r2.costUsd, 7);
    server.enqueue({ content: 'c', usage: { prompt_tokens: 1.5, completion_tokens: 2 ** 53 } });
    assert.deepEqual((await priced.complete({ model: 'm', prompt: 'x' })).usage, {});
  });

  it('fails with the usage and cost of every billed call: both calls of AiOutputInvalid, a refusal, a repair call that errs', async () => {
    const priced = new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey: 'sk-test-123', costTable: { m: { promptPerMillion: 1_000_000, completionPerMillion: 0 } } });
    server.enqueue(
      { json: { level: 'extreme', reason: 'x' }, usage: { prompt_tokens: 10, completion_tokens: 4 } },
      { json: { level: 'worse', reason: 'y' }, usage: { prompt_tokens: 30, completion_tokens: 5 } },
    );
    const invalid = await taskError(priced.complete({ model: 'm', prompt: 'x', schema: risk }));
    assert.equal(invalid.name, 'AiOutputInvalid');
    assert.deepEqual(invalid.details?.usage, { promptTokens: 40, completionTokens: 9 });
    assert.equal(invalid.details?.costUsd, 40);

    server.enqueue({ refusal: 'no', usage: { prompt_tokens: 6, completion_tokens: 1 } });
    const refused = await taskError(priced.complete({ model: 'm', prompt: 'x', schema: risk }));
    assert.equal(refused.name, 'AiRefused');
    assert.deepEqual(refused.details?.usage, { promptTokens: 6, completionTokens: 1 });

    server.enqueue({ json: { level: 'extreme', reason: 'x' }, usage: { prompt_tokens: 10, completion_tokens: 4 } }, { status: 500, error: { message: 'boom' } });
    const failed = await taskError(priced.complete({ model: 'm', prompt: 'x', schema: risk }));
    assert.equal(failed.name, 'AiProviderError');
    assert.equal(failed.details?.status, 500);
    assert.deepEqual(failed.details?.usage, { promptTokens: 10, completionTokens: 4 });
    assert.equal(failed.details?.costUsd, 10);

    server.enqueue({ status: 429, error: { message: 'slow down' }, usage: { prompt_tokens: 3, completion_tokens: 0 } });
    const limited = await taskError(priced.complete({ model: 'm', prompt: 'x' }));
    assert.equal(limited.name, 'AiRateLimited');
    assert.deepEqual(limited.details?.usage, { promptTokens: 3, completionTokens: 0 });

    server.enqueue({ status: 429, error: { message: 'slow down' } });
    assert.equal((await taskError(priced.complete({ model: 'm', prompt: 'x' }))).details?.usage, undefined);
  });
});
