// AI nodes through the engine with the OpenAI-compatible provider against a chat-completions
// server on loopback: structured output checked against `returns`, usage and cost journaled.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeDefinition } from '../../../runtime/ir/index.js';
import { AiProviderRegistry } from '../../../runtime/ai/ai-provider-registry.js';
import { OpenAiCompatibleProvider } from '../../../runtime/ai/openai-compatible-provider.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import { metricsOf } from '../../../runtime/metrics/run-metrics.js';
import { bin, bundleOf, lit, member, node, R, setNode, taskOptions, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

describe('engine AI tasks', () => {
  let server: http.Server;
  let base: string;
  let prompts: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const request = JSON.parse(body) as { messages: Array<{ content: string }> };
        prompts.push(request.messages.at(-1)!.content);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({
          id: 'c1', object: 'chat.completion', model: 'gpt-4o-mini',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify({ level: 'high', reason: 'big order' }) } }],
          usage: { prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 },
        }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => { prompts = []; });

  it('classifies with structured output, routes on it and journals token usage', async () => {
    const ai = new AiProviderRegistry();
    ai.register('openai', new OpenAiCompatibleProvider({ baseUrl: base, apiKey: 'k' }));
    const { engine, store } = harness({ executors: defaultExecutors({ ai }) });
    const classify: NodeDefinition = {
      kind: 'ai', id: 'classify', range: R, nameRange: R, model: lit('gpt-4o-mini'), prompt: bin('+', lit('Rate order '), lit('o-1')),
      temperature: lit(0),
      returns: { kind: 'object', fields: [{ name: 'level', type: { kind: 'union', options: [{ kind: 'literal', value: 'low' }, { kind: 'literal', value: 'high' }] }, optional: false }, { name: 'reason', type: { kind: 'string' }, optional: false }] },
      options: taskOptions(),
    };
    const wf = workflow('Classify', {
      nodes: [classify, setNode('review'), setNode('charge')],
      edges: ['start -> classify', ['classify -> review', { when: bin('==', member(node('classify'), 'level'), lit('high')) }], ['classify -> charge', { otherwise: true }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('classify'), { level: 'high', reason: 'big order' });
    assert.deepEqual(prompts, ['Rate order o-1']);
    const usage = (await metricsOf(store))['Classify']!.nodes['classify']!.usage;
    assert.equal(usage['tokens'], 20);
    assert.equal(usage['promptTokens'], 12);
    assert.ok(typeof usage['costUsd'] === 'number' && usage['costUsd'] > 0);
  });

  it('fails with AiProviderMissing when no provider is configured', async () => {
    const { engine } = harness({ executors: defaultExecutors() });
    const n: NodeDefinition = { kind: 'ai', id: 'a', range: R, nameRange: R, model: lit('m'), prompt: lit('p'), options: taskOptions() };
    const o = await (await engine.start(bundleOf(workflow('NoAi', { nodes: [n], edges: ['start -> a'] })))).outcome;
    assert.equal(o.error?.name, 'AiProviderMissing');
  });
});
