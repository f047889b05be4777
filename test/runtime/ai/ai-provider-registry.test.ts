// Specification of the AI provider registry (runtime/ai/ai-provider-registry.ts): providers chosen by
// model name, and of the price table that turns token usage into cost.
import assert from 'node:assert/strict';
import type { AiProvider, AiRequest } from '../../../runtime/ai/ai-provider.js';
import { AiProviderRegistry } from '../../../runtime/ai/ai-provider-registry.js';
import { costOf, priceOf } from '../../../runtime/ai/cost-table.js';

/** A provider that names itself in its output (a plain object, no network). */
const named = (name: string): AiProvider => ({
  complete: async (r: AiRequest) => ({ output: `${name}:${r.model}`, text: '', usage: { promptTokens: 0, completionTokens: 0 } }),
});

describe('AI provider registry', () => {
  it('sends plain model names to the default provider', () => {
    const r = new AiProviderRegistry();
    const openai = named('openai');
    r.register('openai', openai);
    r.register('local', named('local'));
    const res = r.resolve('gpt-4o-mini');
    assert.equal(res.provider, openai);
    assert.equal(res.model, 'gpt-4o-mini');
  });

  it('routes provider:model to the named provider', () => {
    const r = new AiProviderRegistry();
    r.register('openai', named('openai'));
    const local = named('local');
    r.register('local', local);
    const res = r.resolve('local:llama3.2:3b');
    assert.equal(res.provider, local);
    assert.equal(res.providerName, 'local');
    assert.equal(res.model, 'llama3.2:3b');
  });

  it('keeps an unknown prefix as part of the model name', () => {
    const r = new AiProviderRegistry();
    r.register('openai', named('openai'));
    assert.equal(r.resolve('ft:gpt-4o:org').model, 'ft:gpt-4o:org');
  });

  it('lets a later provider become the default', () => {
    const r = new AiProviderRegistry();
    r.register('a', named('a'));
    r.register('b', named('b'), { default: true });
    assert.equal(r.resolve('m').providerName, 'b');
  });

  it('explains a missing provider', () => {
    assert.throws(() => new AiProviderRegistry().resolve('gpt-4o'), /no AI provider is configured/);
  });
});

describe('cost table', () => {
  const table = { 'gpt-4o': { promptPerMillion: 2.5, completionPerMillion: 10 }, 'gpt-4o-mini': { promptPerMillion: 0.15, completionPerMillion: 0.6 } };

  it('prices by exact name, then by the longest prefix', () => {
    assert.equal(priceOf('gpt-4o', table), table['gpt-4o']);
    assert.equal(priceOf('gpt-4o-mini-2024-07-18', table), table['gpt-4o-mini']);
    assert.equal(priceOf('claude', table), undefined);
  });

  it('computes USD from token counts', () => {
    assert.equal(costOf('gpt-4o', { promptTokens: 2_000_000, completionTokens: 100_000 }, table), 6);
    assert.equal(costOf('other', { promptTokens: 1, completionTokens: 1 }, table), undefined);
  });
});
