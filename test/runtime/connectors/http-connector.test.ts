// Specification of the `http` connector (runtime/connectors/http-connector.ts): settings, actions and
// errors, against a real HTTP server on loopback.
import assert from 'node:assert/strict';
import type { ConnectorSetting } from '../../../runtime/connectors/connector.js';
import { HttpConnector } from '../../../runtime/connectors/http-connector.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest, type Reply } from '../executors/http/loopback-server.js';

async function taskError(p: Promise<unknown>): Promise<TaskError> {
  try { await p; } catch (err) {
    assert.ok(err instanceof TaskError, `expected a TaskError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a failure');
}

describe('http connector', () => {
  let server: LoopbackServer;
  let reply: (r: RecordedRequest) => Reply = () => ({ json: { ok: true } });
  let payments: HttpConnector;
  const settings = (): ConnectorSetting[] => [
    { key: 'baseUrl', value: `${server.url}/api/` },
    { key: 'header', name: 'Authorization', value: 'Bearer pk_test' },
    { key: 'header', name: 'X-Client', value: 'weft' },
  ];

  beforeEach(async () => {
    reply = () => ({ json: { ok: true } });
    server = await startLoopbackServer((r) => reply(r));
    payments = new HttpConnector();
    await payments.connect(settings(), {});
  });
  afterEach(async () => {
    await payments.disconnect();
    await server.close();
  });

  it('posts the with object as the JSON body under the base URL with the configured headers', async () => {
    reply = () => ({ status: 201, json: { id: 'ch_1' } });
    const res = await payments.execute('post', { args: ['/charges'], with: { amount: 10, currency: 'EUR' } }, {});
    assert.equal(res.status, 201);
    assert.deepEqual(res.body, { id: 'ch_1' });
    assert.equal(res.headers['content-type'], 'application/json');
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/api/charges');
    assert.equal(req.headers.authorization, 'Bearer pk_test');
    assert.equal(req.headers['x-client'], 'weft');
    assert.deepEqual(JSON.parse(req.body), { amount: 10, currency: 'EUR' });
  });

  it('sends the with object of a get as query parameters', async () => {
    await payments.execute('get', { args: ['orders'], with: { status: 'open', limit: 5 } }, {});
    const req = server.requests[0]!;
    assert.equal(req.path, '/api/orders');
    assert.equal(req.query.get('status'), 'open');
    assert.equal(req.query.get('limit'), '5');
    assert.equal(req.body, '');
  });

  it('takes body, query and headers separately when with has only those keys', async () => {
    await payments.execute('put', { args: ['/items/7?v=1'], with: { body: { qty: 2 }, query: { dry: true }, headers: { 'X-Client': 'override' } } }, {});
    const req = server.requests[0]!;
    assert.equal(req.method, 'PUT');
    assert.equal(req.path, '/api/items/7');
    assert.equal(req.query.get('v'), '1');
    assert.equal(req.query.get('dry'), 'true');
    assert.equal(req.headers['x-client'], 'override');
    assert.deepEqual(JSON.parse(req.body), { qty: 2 });
  });

  it('supports patch, delete and head', async () => {
    await payments.execute('patch', { args: ['/a'], with: { x: 1 } }, {});
    await payments.execute('delete', { args: ['/a'] }, {});
    await payments.execute('head', { args: ['/a'] }, {});
    assert.deepEqual(server.requests.map((r) => r.method), ['PATCH', 'DELETE', 'HEAD']);
  });

  it('routes a declined payment by the code in the error body', async () => {
    reply = () => ({ status: 402, json: { error: { code: 'PaymentDeclined', message: 'insufficient funds' } } });
    const err = await taskError(payments.execute('post', { args: ['/charges'], with: { amount: 1 } }, {}));
    assert.equal(err.name, 'PaymentDeclined');
    assert.ok(err.matches('HttpError'));
  });

  it('applies the configured timeout', async () => {
    const slow = new HttpConnector();
    await slow.connect([...settings(), { key: 'timeout', value: 100 }], {});
    reply = () => 'hang';
    assert.equal((await taskError(slow.execute('get', { args: ['/slow'] }, {}))).name, 'Timeout');
  });

  it('refuses paths that leave the base URL', async () => {
    assert.equal((await taskError(payments.execute('get', { args: ['https://evil.test/steal'] }, {}))).name, 'ConnectorCallInvalid');
    assert.equal((await taskError(payments.execute('get', { args: ['//evil.test/x'] }, {}))).name, 'ConnectorCallInvalid');
    assert.equal(server.requests.length, 0);
  });

  it('names unknown actions and bad arguments', async () => {
    const err = await taskError(payments.execute('fetch', { args: ['/x'] }, {}));
    assert.equal(err.name, 'ConnectorActionUnknown');
    assert.match(err.message, /has get, post, put, patch, delete, head/);
    assert.equal((await taskError(payments.execute('get', { args: [5] }, {}))).name, 'ConnectorCallInvalid');
  });

  it('validates its settings at connect', async () => {
    const c = new HttpConnector();
    assert.match((await taskError(c.connect([], {}))).message, /needs a baseUrl/);
    assert.match((await taskError(c.connect([{ key: 'baseUrl', value: 'ftp://x' }], {}))).message, /http or https/);
    assert.match((await taskError(c.connect([{ key: 'baseUrl', value: server.url }, { key: 'retries', value: 3 }], {}))).message, /unknown setting 'retries'/);
  });

  it('refuses to execute before connect and after disconnect', async () => {
    await payments.disconnect();
    assert.equal((await taskError(payments.execute('get', { args: ['/'] }, {}))).name, 'ConnectorNotConnected');
  });
});
