// What the engine holds besides a workflow's secrets, through real runs on a SQLite file against
// real loopback servers (a chat-completions server, an echoing HTTP server): the AI key is masked
// wherever secrets are (an answer that echoes it included), the forms the HTTP executor makes
// of a secret are masked, failed AI attempts journal the usage of their billed calls, and a
// malformed AI base URL fails only AI nodes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeDefinition, WorkflowDefinition } from '../../../runtime/ir/index.js';
import { aiRegistryFromSettings } from '../../../runtime/ai/ai-settings.js';
import { connectorOverrideCredentials } from '../../../runtime/connectors/connector-overrides.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import type { EngineEvent } from '../../../runtime/engine/engine-events.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import { metricsOf } from '../../../runtime/metrics/run-metrics.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { PostgresRunStore } from '../../../runtime/store/postgres-run-store.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fake-openai-server.js';
import { bundleOf, lit, obj, R, ref, retry, setNode, taskOptions, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';
import { tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-held-');
const KEY = 'sk-zqxAIKEYzqx';

const risk = { kind: 'object', fields: [{ name: 'level', type: { kind: 'union', options: [{ kind: 'literal', value: 'low' }, { kind: 'literal', value: 'high' }] }, optional: false }] } as const;

function aiNode(id: string, extra: Partial<NodeDefinition> = {}): NodeDefinition {
  return { kind: 'ai', id, range: R, nameRange: R, model: lit('gpt-4o-mini'), prompt: lit('rate'), returns: risk, options: taskOptions(), ...extra } as NodeDefinition;
}

/** Runs `wf` on a fresh SQLite file; the engine's events, the journal, and the file's bytes once closed. */
async function runOnFile(wf: WorkflowDefinition, environment: Record<string, string>) {
  const file = tempFile();
  const store = new SqliteRunStore({ file });
  const ai = aiRegistryFromSettings({}, environment);
  const { engine } = harness({ store, environment, executors: defaultExecutors({ ai, environment }) });
  const events: EngineEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const { runId, outcome } = await engine.start(bundleOf(wf));
  const o = await outcome;
  const journal = await store.readEvents(runId);
  const metrics = await metricsOf(store);
  engine.halt();
  await store.close();
  return { o, journal, metrics, events: JSON.stringify(events), bytes: readFileSync(file, 'latin1') };
}

describe('credentials the engine holds, and AI usage of failed attempts', () => {
  let ai: FakeOpenAiServer;
  let echo: http.Server;
  let echoBase: string;
  before(async () => {
    echo = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        res.writeHead(req.url === '/fail' ? 500 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ body, apiKey: req.headers['x-api-key'] ?? null }));
      });
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoBase = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => echo.close(() => r())));
  beforeEach(async () => { ai = await startFakeOpenAiServer(); });
  afterEach(() => ai.close());

  it('masks the AI key a provider error echoes, in the error, the journal file and the engine events', async () => {
    ai.enqueue({ status: 401, error: { message: `Incorrect API key provided: ${KEY}`, code: 'invalid_api_key' } });
    const wf = workflow('Ai401', { nodes: [aiNode('a'), setNode('handled')], edges: ['start -> a', ['a -> handled', { on: 'AiAuthError' }], 'handled -> end'] });
    const r = await runOnFile(wf, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: ai.baseUrl });
    assert.equal(ai.requests[0]!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r.o.status, 'completed');
    const failed = r.journal.find((e) => e.type === 'NodeFailed') as Extract<JournalEvent, { type: 'NodeFailed' }>;
    assert.equal(failed.error.name, 'AiAuthError');
    assert.match(failed.error.message, /Incorrect API key provided: •••$/);
    for (const [where, text] of [['journal', JSON.stringify(r.journal)], ['events', r.events], ['SQLite file', r.bytes]] as const) {
      assert.ok(!text.includes('zqxAIKEYzqx'), `the key is in the ${where}`);
    }
  });

  it('masks the AI key alongside a run\'s own secrets', async () => {
    ai.enqueue({ status: 500, error: { message: `bad key ${KEY} for token tok-zq7` } });
    const wf = workflow('AiAndSecret', { nodes: [aiNode('a')], edges: ['start -> a -> end'], secrets: { tok: 'TOK' } });
    const r = await runOnFile(wf, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: ai.baseUrl, TOK: 'tok-zq7' });
    assert.equal(r.o.status, 'failed');
    assert.match(r.o.error!.message, /bad key ••• for token •••$/);
    assert.ok(!r.bytes.includes('zqxAIKEYzqx') && !r.bytes.includes('tok-zq7'));
  });

  it('masks the form-urlencoded body and the trimmed header value the HTTP executor makes of a secret', async () => {
    const form: NodeDefinition = {
      kind: 'http', id: 'form', range: R, nameRange: R, method: 'POST', url: lit(`${echoBase}/token`),
      headers: obj({ 'content-type': lit('application/x-www-form-urlencoded') }), body: obj({ client_secret: ref('tok', 'secret') }), options: taskOptions(),
    };
    const header: NodeDefinition = { kind: 'http', id: 'header', range: R, nameRange: R, method: 'GET', url: lit(`${echoBase}/echo`), headers: obj({ 'X-Api-Key': ref('key', 'secret') }), options: taskOptions() };
    const failing: NodeDefinition = { kind: 'http', id: 'failing', range: R, nameRange: R, method: 'GET', url: lit(`${echoBase}/fail`), headers: obj({ 'X-Api-Key': ref('key', 'secret') }), options: taskOptions() };
    const wf = workflow('Forms', { nodes: [form, header, failing, setNode('caught')], edges: ['start -> form -> header -> failing', ['failing -> caught', { on: 'HttpError' }], 'caught -> end'], secrets: { tok: 'TOK', key: 'KEY' } });
    const r = await runOnFile(wf, { TOK: "p'ss w!rd(1)~", KEY: 'zqxSECRETzqx\n' });
    assert.equal(r.o.status, 'completed');
    assert.deepEqual((r.o.state.results.get('form') as { body: unknown }).body, { body: 'client_secret=•••', apiKey: null });
    assert.equal((r.o.state.results.get('header') as { body: { apiKey: string } }).body.apiKey, '•••');
    for (const leak of ['p%27ss+w%21rd%281%29%7E', 'zqxSECRETzqx']) assert.ok(!r.bytes.includes(leak), `${leak} is in the SQLite file`);
  });

  it('journals the usage of a failed attempt on RetryScheduled and NodeFailed, and the metrics count it', async () => {
    ai.enqueue(
      // a: attempt 1 fails the returns check after the repair call, attempt 2 succeeds.
      { json: { level: 'extreme' }, usage: { prompt_tokens: 10, completion_tokens: 4 } },
      { json: { level: 'worse' }, usage: { prompt_tokens: 30, completion_tokens: 5 } },
      { json: { level: 'low' }, usage: { prompt_tokens: 12, completion_tokens: 8 } },
      // b: fails for good after its repair call.
      { json: { level: 'extreme' }, usage: { prompt_tokens: 1, completion_tokens: 2 } },
      { json: { level: 'worse' }, usage: { prompt_tokens: 3, completion_tokens: 4 } },
    );
    const wf = workflow('Billed', {
      nodes: [aiNode('a', { options: taskOptions({ retry: retry(1, 10) }) }), aiNode('b'), setNode('handled')],
      edges: ['start -> a -> b', ['b -> handled', { on: 'AiOutputInvalid' }], 'handled -> end'],
    });
    const r = await runOnFile(wf, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: ai.baseUrl });
    assert.equal(r.o.status, 'completed');
    const retried = r.journal.find((e) => e.type === 'RetryScheduled') as Extract<JournalEvent, { type: 'RetryScheduled' }>;
    assert.equal(retried.error.name, 'AiOutputInvalid');
    const cost = (p: number, c: number) => (p * 0.15 + c * 0.6) / 1_000_000;
    assert.deepEqual(retried.usage, { promptTokens: 40, completionTokens: 9, tokens: 49, costUsd: cost(40, 9) });
    const failed = r.journal.find((e) => e.type === 'NodeFailed' && e.node === 'b') as Extract<JournalEvent, { type: 'NodeFailed' }>;
    assert.deepEqual(failed.usage, { promptTokens: 4, completionTokens: 6, tokens: 10, costUsd: cost(4, 6) });
    const nodes = r.metrics['Billed']!.nodes;
    assert.equal(nodes['a']!.usage['tokens'], 49 + 20);
    assert.equal(nodes['b']!.usage['tokens'], 10);
    assert.ok(Math.abs(nodes['a']!.usage['costUsd']! - cost(52, 17)) < 1e-12);
  });

  it('journals no count the provider reported as nonsense', async () => {
    ai.enqueue({ json: { level: 'low' }, usage: { prompt_tokens: -1e9, completion_tokens: 1e308 } }, { json: { level: 'low' }, usage: { prompt_tokens: 5, completion_tokens: 'abc' } });
    const wf = workflow('Nonsense', { nodes: [aiNode('a'), aiNode('b')], edges: ['start -> a -> b -> end'] });
    const r = await runOnFile(wf, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: ai.baseUrl });
    assert.equal(r.o.status, 'completed');
    const completed = (node: string) => r.journal.find((e) => e.type === 'NodeCompleted' && e.node === node) as Extract<JournalEvent, { type: 'NodeCompleted' }>;
    assert.equal(completed('a').usage, undefined);
    assert.deepEqual(completed('b').usage, { promptTokens: 5, tokens: 5, costUsd: 5 * 0.15 / 1_000_000 });
  });

  it('runs a workflow without AI nodes under a malformed OPENAI_BASE_URL, and fails AI nodes with AiProviderInvalid', async () => {
    const environment = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: 'not a url sk-zq5' };
    const plain = await runOnFile(workflow('NoAi', { nodes: [setNode('s')], edges: ['start -> s -> end'] }), environment);
    assert.equal(plain.o.status, 'completed');
    const r = await runOnFile(workflow('WithAi', { nodes: [aiNode('a')], edges: ['start -> a -> end'] }), environment);
    assert.equal(r.o.status, 'failed');
    assert.equal(r.o.error!.name, 'AiProviderInvalid');
    assert.equal(r.o.error!.message, 'the AI provider is misconfigured: OPENAI_BASE_URL: the base URL is not an absolute http(s) URL');
    assert.ok(!r.bytes.includes('sk-zq5'));
  });

  it('holds connector overrides named like credentials, URL passwords and a PostgreSQL password', async () => {
    assert.deepEqual(connectorOverrideCredentials({
      WEFT_CONNECTOR_CRM_APIKEY: 'crm-k1',
      WEFT_CONNECTOR_AUTH_BASEURL: 'https://svc:pw-2@auth.test/?token=t-3&page=2',
      WEFT_CONNECTOR_CRM_TIMEOUT: '5000',
      OTHER_TOKEN: 'not-held',
    }).sort(), ['crm-k1', 'pw-2', 't-3']);
    const pg = new PostgresRunStore({ url: 'postgres://weft:p%40ss-4@127.0.0.1:1/weft' });
    try {
      assert.deepEqual(pg.credentials(), ['p%40ss-4', 'p@ss-4']);
    } finally {
      await pg.close();
    }
  });
});
