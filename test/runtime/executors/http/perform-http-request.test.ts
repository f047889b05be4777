// Specification of the HTTP task executor's request (runtime/executors/http/perform-http-request.ts):
// methods, bodies, headers, timeouts and error mapping, against a real server on loopback.
import assert from 'node:assert/strict';
import { performHttpRequest } from '../../../../runtime/executors/http/perform-http-request.js';
import { TaskError } from '../../../../runtime/executors/task-error.js';
import { closedPort, startLoopbackServer, type LoopbackServer, type Reply } from './loopback-server.js';

async function taskError(p: Promise<unknown>): Promise<TaskError> {
  try { await p; } catch (err) {
    assert.ok(err instanceof TaskError, `expected a TaskError, got ${String(err)}`);
    return err;
  }
  assert.fail('the request was expected to fail');
}

describe('performHttpRequest', () => {
  let server: LoopbackServer;
  let reply: (r: import('./loopback-server.js').RecordedRequest) => Reply;
  beforeEach(async () => { server = await startLoopbackServer((r) => reply(r)); });
  afterEach(() => server.close());

  it('sends an object body as JSON and parses a JSON response', async () => {
    reply = () => ({ status: 201, json: { id: 'ch_1' }, headers: { 'X-Request-Id': 'r1' } });
    const res = await performHttpRequest({ method: 'post', url: `${server.url}/charges`, body: { amount: 12.5, currency: 'EUR' } });
    assert.deepEqual(res.body, { id: 'ch_1' });
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-request-id'], 'r1');
    const req = server.requests[0]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/charges');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(req.body), { amount: 12.5, currency: 'EUR' });
  });

  it('appends query parameters, repeating lists and leaving out nulls', async () => {
    reply = () => ({ text: 'ok' });
    await performHttpRequest({ method: 'GET', url: `${server.url}/orders?x=1`, query: { status: 'open', tag: ['a', 'b'], skip: null, n: 3 } });
    const q = server.requests[0]!.query;
    assert.equal(q.get('x'), '1');
    assert.equal(q.get('status'), 'open');
    assert.deepEqual(q.getAll('tag'), ['a', 'b']);
    assert.equal(q.has('skip'), false);
    assert.equal(q.get('n'), '3');
  });

  it('sends headers and keeps a given content type', async () => {
    reply = () => ({ text: 'ok' });
    await performHttpRequest({ method: 'PUT', url: server.url, headers: { Authorization: 'Bearer t', 'content-type': 'application/vnd.x+json', 'X-N': 5, Skip: null }, body: { a: 1 } });
    const h = server.requests[0]!.headers;
    assert.equal(h.authorization, 'Bearer t');
    assert.equal(h['content-type'], 'application/vnd.x+json');
    assert.equal(h['x-n'], '5');
    assert.equal(h.skip, undefined);
  });

  it('sends text bodies as text and form bodies url-encoded', async () => {
    reply = () => ({ text: 'ok' });
    await performHttpRequest({ method: 'POST', url: server.url, body: 'plain words' });
    await performHttpRequest({ method: 'POST', url: server.url, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: { a: 'x y', b: 2 } });
    assert.equal(server.requests[0]!.body, 'plain words');
    assert.match(String(server.requests[0]!.headers['content-type']), /^text\/plain/);
    assert.equal(server.requests[1]!.body, 'a=x+y&b=2');
  });

  it('returns text for non-JSON responses, null for empty ones and text for broken JSON', async () => {
    reply = (r) => (r.path === '/text' ? { text: 'hello', headers: { 'content-type': 'text/plain' } }
      : r.path === '/empty' ? { status: 204 } : { text: '{broken', headers: { 'content-type': 'application/json' } });
    assert.equal((await performHttpRequest({ method: 'GET', url: `${server.url}/text` })).body, 'hello');
    assert.equal((await performHttpRequest({ method: 'GET', url: `${server.url}/empty` })).body, null);
    assert.equal((await performHttpRequest({ method: 'GET', url: `${server.url}/broken` })).body, '{broken');
  });

  it('names a non-2xx response HttpError with the status and the response', async () => {
    reply = () => ({ status: 503, json: { message: 'down for maintenance' } });
    const err = await taskError(performHttpRequest({ method: 'GET', url: `${server.url}/status?token=abc` }));
    assert.equal(err.name, 'HttpError');
    assert.equal(err.message, `GET ${server.url}/status answered 503 Service Unavailable: down for maintenance`);
    assert.equal(err.details?.status, 503);
    assert.deepEqual((err.details?.response as { body: unknown }).body, { message: 'down for maintenance' });
  });

  it('names a non-2xx response after the identifier code in its JSON body, with HttpError as alias', async () => {
    reply = () => ({ status: 402, json: { error: { code: 'PaymentDeclined', message: 'card expired' } } });
    const err = await taskError(performHttpRequest({ method: 'POST', url: `${server.url}/charges`, body: {} }));
    assert.equal(err.name, 'PaymentDeclined');
    assert.ok(err.matches('PaymentDeclined') && err.matches('HttpError') && err.matches('*'));
    assert.ok(!err.matches('Timeout'));
  });

  it('reads a top-level code or a string error, and ignores codes that are not identifiers', async () => {
    const bodies = [{ code: 'OutOfStock' }, { error: 'rate_limited' }, { code: 'not an identifier' }, { code: 42 }];
    const names: string[] = [];
    for (const b of bodies) {
      reply = () => ({ status: 409, json: b });
      names.push((await taskError(performHttpRequest({ method: 'GET', url: server.url }))).name);
    }
    assert.deepEqual(names, ['OutOfStock', 'rate_limited', 'HttpError', 'HttpError']);
  });

  it('fails with Timeout when the server does not answer in time', async () => {
    reply = () => 'hang';
    const err = await taskError(performHttpRequest({ method: 'GET', url: `${server.url}/slow`, timeoutMs: 100 }));
    assert.equal(err.name, 'Timeout');
    assert.match(err.message, /did not answer within 100 ms/);
  });

  it('fails with Cancelled when the caller aborts', async () => {
    reply = () => 'hang';
    const ac = new AbortController();
    const p = performHttpRequest({ method: 'GET', url: server.url, signal: ac.signal });
    await server.nextRequest();
    ac.abort();
    assert.equal((await taskError(p)).name, 'Cancelled');
  });

  it('fails with ConnectionError when nothing listens', async () => {
    const port = await closedPort();
    const err = await taskError(performHttpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/x` }));
    assert.equal(err.name, 'ConnectionError');
    assert.match(err.message, /ECONNREFUSED/);
  });

  it('fails with HttpResponseTooLarge beyond the response limit', async () => {
    reply = () => ({ text: 'x'.repeat(5000) });
    const err = await taskError(performHttpRequest({ method: 'GET', url: server.url, maxResponseBytes: 1000 }));
    assert.equal(err.name, 'HttpResponseTooLarge');
  });

  it('rejects invalid requests before sending anything', async () => {
    assert.equal((await taskError(performHttpRequest({ method: 'GET', url: '/relative' }))).name, 'HttpRequestInvalid');
    assert.equal((await taskError(performHttpRequest({ method: 'GET', url: 'file:///etc/passwd' }))).name, 'HttpRequestInvalid');
    assert.equal((await taskError(performHttpRequest({ method: 'GET', url: server.url, body: { a: 1 } }))).name, 'HttpRequestInvalid');
    assert.equal((await taskError(performHttpRequest({ method: 'GET', url: server.url, headers: { X: { nested: true } } }))).name, 'HttpRequestInvalid');
    assert.equal(server.requests.length, 0);
  });
});
