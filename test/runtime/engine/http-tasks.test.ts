// HTTP tasks and the `http` connector through the engine, against a real HTTP server on
// loopback: requests carry evaluated url/body/headers, connector settings (a secret header
// included) are evaluated per run, HTTP failures route by error name, secrets stay masked.

import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorDefinition, NodeDefinition } from '../../../runtime/ir/index.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import { bin, bundleOf, lit, member, node, obj, R, ref, setNode, taskOptions, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }

describe('engine HTTP tasks and the http connector', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url?.startsWith('/fail')) { res.writeHead(503); res.end('down'); return; }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'ch_1', got: body ? JSON.parse(body) : null, auth: req.headers['authorization'] ?? null }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => { seen.length = 0; });

  it('performs an http task and routes on its result', async () => {
    const { engine } = harness({ executors: defaultExecutors() });
    const call: NodeDefinition = { kind: 'http', id: 'notify', range: R, nameRange: R, method: 'POST', url: lit(`${base}/orders`), body: obj({ id: lit(7) }), options: taskOptions() };
    const wf = workflow('Http', {
      nodes: [call, setNode('ok')],
      edges: ['start -> notify', ['notify -> ok', { when: bin('==', member(node('notify'), 'status'), lit(200)) }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual((o.state.results.get('notify') as { body: unknown }).body, { id: 'ch_1', got: { id: 7 }, auth: null });
    assert.equal(seen[0]!.method, 'POST');
  });

  it('calls a connector action with settings evaluated per run and masks the secret in results', async () => {
    const { engine, store } = harness({ executors: defaultExecutors(), environment: { PAY_KEY: 'pk_live_123' } });
    const payments: ConnectorDefinition = {
      name: 'payments', kind: 'http', range: R,
      settings: [{ key: 'baseUrl', value: lit(base) }, { key: 'header', name: 'Authorization', value: bin('+', lit('Bearer '), ref('payKey', 'secret')) }],
    };
    const charge: NodeDefinition = { kind: 'connector', id: 'charge', range: R, nameRange: R, connector: 'payments', action: 'post', args: [lit('/charges')], options: taskOptions({ with: obj({ amount: lit(10) }) }) };
    const wf = { ...workflow('Pay', { nodes: [charge], edges: ['start -> charge'], secrets: { payKey: 'PAY_KEY' } }), connectors: [payments] };
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.equal(seen[0]!.headers['authorization'], 'Bearer pk_live_123');
    assert.equal(seen[0]!.url, '/charges');
    assert.equal((o.state.results.get('charge') as { body: { auth: string } }).body.auth, 'Bearer •••');
    assert.ok(!JSON.stringify(await store.readEvents(runId)).includes('pk_live_123'));
  });

  it('routes an HTTP error status by the error name the executor gives it', async () => {
    const { engine } = harness({ executors: defaultExecutors() });
    const call: NodeDefinition = { kind: 'http', id: 'get', range: R, nameRange: R, method: 'GET', url: lit(`${base}/fail`), options: taskOptions() };
    const wf = workflow('HttpFail', { nodes: [call, setNode('caught')], edges: ['start -> get', ['get -> caught', { on: 'error' }]] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal(o.state.history.find((h) => h.node === 'get')?.status, 'failed');
    assert.ok(o.state.history.find((h) => h.node === 'get')?.error?.name);
  });
});
