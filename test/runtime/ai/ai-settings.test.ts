// Specification of how workspace/CLI AI settings become a provider registry (runtime/ai/ai-settings.ts).
import assert from 'node:assert/strict';
import { aiRegistryFromSettings } from '../../../runtime/ai/ai-settings.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fake-openai-server.js';

describe('AI settings', () => {
  let main: FakeOpenAiServer;
  let local: FakeOpenAiServer;
  beforeEach(async () => {
    main = await startFakeOpenAiServer({ apiKey: 'sk-main' });
    local = await startFakeOpenAiServer();
  });
  afterEach(async () => { await main.close(); await local.close(); });

  it('uses weft.ai.baseUrl with the key from the named environment variable', async () => {
    const r = aiRegistryFromSettings({ baseUrl: main.baseUrl, apiKeyVariable: 'MY_KEY' }, { MY_KEY: 'sk-main' });
    const { provider, model } = r.resolve('gpt-4o-mini');
    assert.equal((await provider.complete({ model, prompt: 'hi' })).output, 'echo: hi');
    assert.equal(main.requests[0]!.headers.authorization, 'Bearer sk-main');
  });

  it('reads OPENAI_API_KEY by default and OPENAI_BASE_URL when no base URL is set', async () => {
    const r = aiRegistryFromSettings({}, { OPENAI_API_KEY: 'sk-main', OPENAI_BASE_URL: main.baseUrl });
    const { provider, model } = r.resolve('m');
    await provider.complete({ model, prompt: 'x' });
    assert.equal(main.requests.length, 1);
  });

  it('registers named endpoints reachable as name:model, prices merged over the defaults', async () => {
    const r = aiRegistryFromSettings({
      baseUrl: main.baseUrl,
      providers: { local: { baseUrl: local.baseUrl } },
      costs: { 'llama3.2': { promptPerMillion: 0, completionPerMillion: 0 } },
    }, {});
    const { provider, model } = r.resolve('local:llama3.2');
    const res = await provider.complete({ model, prompt: 'x' });
    assert.equal(res.costUsd, 0);
    assert.equal(local.requests[0]!.body.model, 'llama3.2');
    assert.equal(local.requests[0]!.headers.authorization, undefined);
  });

  it('registers a malformed base URL as a provider that fails with AiProviderInvalid naming the setting, not echoing it', async () => {
    const r = aiRegistryFromSettings({}, { OPENAI_API_KEY: 'sk-main', OPENAI_BASE_URL: 'not a url sk-zq9' });
    const { provider, model } = r.resolve('m');
    const err = await provider.complete({ model, prompt: 'x' }).then(() => assert.fail('completed'), (e: Error) => e);
    assert.equal(err.name, 'AiProviderInvalid');
    assert.equal(err.message, 'the AI provider is misconfigured: OPENAI_BASE_URL: the base URL is not an absolute http(s) URL');
    assert.deepEqual(r.credentials(), ['sk-main']);
    const named = aiRegistryFromSettings({ baseUrl: main.baseUrl, providers: { local: { baseUrl: 'http://u:pw-zq8@127.0.0.1:1/v1' } } }, {});
    const bad = await named.resolve('local:m').provider.complete({ model: 'm', prompt: 'x' }).then(() => assert.fail('completed'), (e: Error) => e);
    assert.match(bad.message, /^the AI provider is misconfigured: weft\.ai\.providers\.local: the base URL 'http:\/\/127\.0\.0\.1:1\/v1' carries a user name or password/);
    assert.ok(!bad.message.includes('pw-zq8'));
  });

  it('has no provider when nothing is configured, and says how to configure one', () => {
    const r = aiRegistryFromSettings({}, {});
    assert.deepEqual(r.names(), []);
    assert.throws(() => r.resolve('gpt-4o'), /no AI provider is configured/);
  });
});
