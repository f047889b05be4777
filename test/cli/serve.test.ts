// `weft serve` as a real process on loopback, driven over real HTTP: webhook routes start runs
// with the JSON body as inputs, a cron schedule starts runs, events reach event triggers and
// waiting runs, the runs API reads and controls them, tokens and roles decide who may do what,
// and a stopped server's runs are carried on by the next one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LEDGER } from './ledger-flow.js';
import { jsonOf, runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Greet {
  input name: string
  output message: string
  trigger webhook POST "/hooks/greet"
  set done { message = "hello \${name}" }
  start -> done -> end
}

workflow Hook {
  input ref: string
  output said: string
  trigger webhook POST "/hooks/github"
  set done { said = "\${trigger.headers["x-github-event"]} on \${ref}" }
  start -> done -> end
}

workflow Review {
  input item: string
  output verdict: string
  approval check { ask "Ship \${item}?" }
  set yes { verdict = "shipped" }
  set no { verdict = "held" }
  start -> check
  check -> yes when check.approved
  check -> no otherwise
  yes -> end
  no -> end
}

workflow Parcel {
  input id: string = "p-0"
  output depot: string
  trigger event "parcel.sent"
  wait arrived for event "parcel.arrived" correlate event.data.id == id
  set done { depot = arrived.data.depot }
  start -> arrived -> done -> end
}
`;

const NAP = `
workflow Nap {
  output n: number
  wait nap for 1h
  set done { n = 1 }
  start -> nap -> done -> end
}
`;

const TICK = `
workflow Tick {
  output n: number
  trigger schedule "* * * * * *"
  set done { n = 1 }
  start -> done -> end
}
`;

const TOKENS = [
  { name: 'viewer', token: 'viewer-token-0123456789', roles: ['read'] },
  { name: 'hook', token: 'hook-token-0123456789ab', roles: ['trigger'] },
  { name: 'ops', token: 'ops-token-0123456789abcd', roles: ['read', 'trigger', 'operate'] },
  { name: 'github', hmacSecret: 'shared-hook-secret-0123', roles: ['trigger'] },
  { name: 'stripe', hmacSecret: 'whsec_stripe-secret-0123', signedAs: 'stripe', roles: ['trigger'] },
  { name: 'slack', hmacSecret: 'slack-signing-secret-0123', signedAs: 'slack', roles: ['trigger'] },
];

interface Served {
  weft: RunningWeft;
  url: string;
}

describe('weft serve', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningWeft[] = [];

  async function serve(...args: string[]): Promise<Served> {
    const weft = startWeft(['serve', ...args, '--port', '0'], { cwd: dir });
    running.push(weft);
    return { weft, url: await servedUrl(weft) };
  }

  async function stop(served: Served): Promise<{ code: number | null; stdout: string }> {
    served.weft.child.kill('SIGTERM');
    const r = await served.weft.result;
    return { code: r.code, stdout: r.stdout };
  }

  const call = async (url: string, method: string, route: string, body?: unknown, token?: string) => {
    const res = await fetch(url + route, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return { status: res.status, headers: res.headers, body: await res.json() as Record<string, unknown> & Array<Record<string, unknown>> };
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-serve-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
  });
  afterEach(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a run from its webhook route with the JSON body as inputs, and answers with the run with ?wait', async () => {
    const s = await serve();
    const started = await call(s.url, 'POST', '/hooks/greet?wait', { name: 'ada' });
    assert.equal(started.status, 200, JSON.stringify(started.body));
    assert.equal(started.body.status, 'completed');
    assert.deepEqual(started.body.outputs, { message: 'hello ada' });
    const { headers: seen, ...trigger } = started.body.trigger as { headers: Record<string, string> };
    assert.deepEqual(trigger, { kind: 'webhook', method: 'POST', path: '/hooks/greet' });
    assert.equal(seen['content-type'], 'application/json');
    const later = await call(s.url, 'POST', '/hooks/greet', { name: 'bo' });
    assert.equal(later.status, 202);
    assert.match(String(later.body.runId), /^run_/);
    // A field the workflow does not declare is left out of a webhook's inputs (a sender's payload has many); a declared input still has to be there.
    const bad = await call(s.url, 'POST', '/hooks/greet', { nmae: 'x' });
    assert.equal(bad.status, 400);
    assert.deepEqual((bad.body.problems as Array<{ code: string; at?: { file: string; line: number; column: number } }>).map((p) => [p.code, p.at]), [
      ['input-missing', { file: 'flows.weft', line: 3, column: 3 }],
    ]);
    const payload = await call(s.url, 'POST', '/hooks/greet?wait', { name: 'cy', action: 'opened', repository: { id: 1 } });
    assert.deepEqual([payload.status, payload.body.outputs, payload.body.inputs], [200, { message: 'hello cy' }, { name: 'cy' }]);
    // The request's headers are the run's trigger.headers, without credentials or secrets.
    const push = await fetch(`${s.url}/hooks/github?wait`, {
      method: 'POST', body: JSON.stringify({ ref: 'refs/heads/main', before: '0', after: '1', repository: { full_name: 'o/r' } }),
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-gitlab-token': 'plain-secret', 'x-api-key': 'k-123', cookie: 'c=1' },
    });
    const pushed = (await push.json()) as { runId: string; outputs: unknown };
    assert.deepEqual([push.status, pushed.outputs], [200, { said: 'push on refs/heads/main' }]);
    const journal = (await runWeft(['show', pushed.runId, '--events', '--json'], { cwd: dir })).stdout;
    assert.match(journal, /"x-github-event": "push"/);
    assert.doesNotMatch(journal, /plain-secret|k-123|"cookie"/);
    // A form-encoded body (Slack's slash commands, GitHub's default content type): its fields, as strings.
    const form = await fetch(`${s.url}/hooks/greet?wait`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'constructor=x&__proto__=y&name=d%C3%A9d%C3%A9&command=%2Fgreet&text=hi&text=again' });
    assert.deepEqual([form.status, ((await form.json()) as { outputs: unknown }).outputs], [200, { message: 'hello dédé' }]);
    // The API's own start is strict: a caller's typo is a mistake to report.
    const typo = await call(s.url, 'POST', '/workflows/Greet/runs', { inputs: { name: 'x', nmae: 'x' } });
    assert.deepEqual([typo.status, (typo.body.problems as Array<{ code: string }>).map((p) => p.code)], [400, ['input-unknown']]);
    assert.equal((await call(s.url, 'POST', '/hooks/greet', '{"name": ')).status, 400);
    assert.equal((await call(s.url, 'GET', '/hooks/greet')).status, 405);
    assert.equal((await call(s.url, 'GET', '/nowhere')).status, 404);
    const { code, stdout } = await stop(s);
    assert.equal(code, 0);
    assert.match(stdout, /POST \/hooks\/greet 202 anonymous/);
    assert.match(stdout, /SIGTERM: stopping/);
  });

  it('reads and controls runs: an approval waits, is approved through the API with its actor in the audit trail; a control that does not apply is 409', async () => {
    const s = await serve();
    const run = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'lamp' } });
    assert.equal(run.body.status, 'waiting');
    assert.deepEqual(run.body.current, [{ node: 'check', token: 1, phase: 'waiting' }]);
    const id = String(run.body.runId);
    const waiting = await call(s.url, 'GET', '/runs?status=waiting');
    assert.deepEqual(waiting.body.map((r) => [r.runId, r.status]), [[id, 'waiting']], 'listed as the run report says, not as the store summarises it');
    const approved = await call(s.url, 'POST', `/runs/${id}/approve`, { node: 'check', comment: 'fine' });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${id}`)).body.status === 'completed');
    const shown = await call(s.url, 'GET', `/runs/${id}`);
    assert.deepEqual(shown.body.outputs, { verdict: 'shipped' });
    assert.deepEqual((shown.body.audit as Array<{ actor: string; action: string }>).map((a) => [a.actor, a.action]), [['api:anonymous', "approved 'check': fine"]]);
    // The same entries as `weft show --json` gives: with the journal's seq and the node acted on.
    const [entry] = shown.body.audit as Array<{ seq: number; at: string; type: string; node?: string }>;
    assert.deepEqual([typeof entry!.seq, entry!.type, entry!.node, Number.isNaN(Date.parse(entry!.at))], ['number', 'ApprovalDecided', 'check', false]);
    const again = await call(s.url, 'POST', `/runs/${id}/approve`, { node: 'check' });
    assert.equal(again.status, 409);
    assert.equal((await call(s.url, 'POST', '/runs/run_nope/cancel')).status, 404);
    const listed = await call(s.url, 'GET', '/runs?workflow=Review');
    assert.deepEqual(listed.body.map((r) => [r.runId, r.status]), [[id, 'completed']]);
    const stats = (await call(s.url, 'GET', '/stats?workflow=Review')).body as unknown as Record<string, { runs: number; completed: number; nodes: Record<string, { executions: number }> }>;
    assert.deepEqual(Object.keys(stats), ['Review']);
    assert.equal(stats.Review!.completed, 1);
    assert.equal(stats.Review!.nodes.check!.executions, 1);
    assert.equal((await call(s.url, 'GET', '/runs?status=bogus')).status, 400);
    assert.equal((await stop(s)).code, 0);
  });

  it("follows a run's journal: events after a seq, and a long poll (?wait) that answers when the next event is appended", async () => {
    const s = await serve();
    const run = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'kettle' } });
    const id = String(run.body.runId);
    type Page = { runId: string; events: Array<{ seq: number; type: string; node?: string; actor?: string }>; next: number; more: boolean; ended: boolean };
    const page = async (query: string) => (await call(s.url, 'GET', `/runs/${id}/events${query}`)).body as unknown as Page;
    const first = await page('');
    assert.deepEqual(first.events.map((e) => e.seq), first.events.map((_, i) => i + 1), 'the whole journal so far, in order');
    assert.equal(first.events[0]!.type, 'RunStarted');
    assert.equal(first.events.at(-1)!.type, 'ApprovalRequested');
    assert.deepEqual([first.runId, first.next, first.more, first.ended], [id, first.events.length, false, false]);
    assert.deepEqual((await page(`?after=${first.next}`)).events, [], 'nothing after the last without ?wait');
    assert.deepEqual((await page('?after=2')).events.map((e) => e.seq)[0], 3);

    // A long poll held by the server until the approval's events are appended.
    const asked = Date.now();
    const held = page(`?after=${first.next}&wait=20`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await call(s.url, 'POST', `/runs/${id}/approve`, { node: 'check' })).status, 200);
    const woke = await held;
    assert.ok(Date.now() - asked < 10_000, 'answered when the events came, not at the timeout');
    assert.equal(woke.events[0]!.seq, first.next + 1);
    assert.deepEqual([woke.events[0]!.type, woke.events[0]!.actor], ['ApprovalDecided', 'api:anonymous']);
    let after = woke.next;
    let ended = woke.ended;
    const types = woke.events.map((e) => e.type);
    while (!ended) {
      const next = await page(`?after=${after}&wait=5`);
      types.push(...next.events.map((e) => e.type));
      after = next.next;
      ended = next.ended;
    }
    assert.equal(types.at(-1), 'RunCompleted');
    // An ended run's poll answers at once, empty.
    const t = Date.now();
    const last = await page(`?after=${after}&wait=20`);
    assert.deepEqual([last.events, last.ended, last.next], [[], true, after]);
    assert.ok(Date.now() - t < 5000);
    assert.equal((await call(s.url, 'GET', `/runs/${id}/events?after=-1`)).status, 400);
    assert.equal((await call(s.url, 'GET', `/runs/${id}/events?after=x`)).status, 400);
    assert.equal((await call(s.url, 'GET', '/runs/run_nope/events')).status, 404);
    // A client that gives up its long poll: the server lets the wait go and serves on.
    const other = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'cup' } });
    const giveUp = new AbortController();
    const abandoned = fetch(`${s.url}/runs/${String(other.body.runId)}/events?after=1000&wait=60`, { signal: giveUp.signal }).catch((err: Error) => err.name);
    await new Promise((r) => setTimeout(r, 200));
    giveUp.abort();
    assert.equal(await abandoned, 'AbortError');
    assert.equal((await call(s.url, 'GET', '/health')).status, 200);
    // A poll still held when the server is told to stop does not hold the stop.
    void fetch(`${s.url}/runs/${String(other.body.runId)}/events?after=1000&wait=60`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    const stopping = Date.now();
    assert.equal((await stop(s)).code, 0);
    assert.ok(Date.now() - stopping < 10_000);
  });

  it('puts a failed run right through the API: a variable set (type-checked), the node retried, or skipped with a result', async () => {
    writeFileSync(path.join(dir, 'ledger.weft'), LEDGER);
    const s = await serve('ledger.weft');
    const failed = await call(s.url, 'POST', '/workflows/Ledger/runs?wait', { inputs: { amount: 150 } });
    assert.equal(failed.body.status, 'failed', JSON.stringify(failed.body));
    const id = String(failed.body.runId);
    const wrong = await call(s.url, 'PUT', `/runs/${id}/variables/limit`, { value: 'lots' });
    assert.equal(wrong.status, 409);
    assert.deepEqual(wrong.body, { error: 'ControlError', message: `Cannot set var 'limit' of run ${id}: expected number, got string` });
    assert.equal((await call(s.url, 'PUT', `/runs/${id}/variables/limit`, { amount: 1 })).status, 400);
    const set = await call(s.url, 'PUT', `/runs/${id}/variables/limit`, { value: 500 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.status, 'failed');
    assert.equal((await call(s.url, 'POST', `/runs/${id}/retry`, {})).status, 400);
    const retried = await call(s.url, 'POST', `/runs/${id}/retry`, { node: 'post' });
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${id}`)).body.status === 'completed');
    const done = await call(s.url, 'GET', `/runs/${id}`);
    assert.deepEqual(done.body.outputs, { posted: 150 });
    assert.deepEqual((done.body.audit as Array<{ actor: string; action: string }>).map((a) => [a.actor, a.action]), [
      ['api:anonymous', "set variable 'limit' to 500"], ['api:anonymous', "retried 'post'"],
    ]);
    assert.equal((await call(s.url, 'POST', `/runs/${id}/retry`, { node: 'post' })).status, 409);

    const other = String((await call(s.url, 'POST', '/workflows/Ledger/runs?wait', { inputs: { amount: 999 } })).body.runId);
    const refused = await call(s.url, 'POST', `/runs/${other}/skip`, { node: 'post', result: { posted: 'x' } });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.message, `Cannot skip 'post' of run ${other} with that result: output 'posted' is declared number; the value set to it is not: expected number, got string`);
    const skipped = await call(s.url, 'POST', `/runs/${other}/skip`, { node: 'post', result: { posted: 0 } });
    assert.equal(skipped.status, 200, JSON.stringify(skipped.body));
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${other}`)).body.status === 'completed');
    assert.deepEqual((await call(s.url, 'GET', `/runs/${other}`)).body.outputs, { posted: 0 });
    assert.equal((await call(s.url, 'POST', '/runs/run_nope/skip', { node: 'post' })).status, 404);
    assert.equal((await stop(s)).code, 0);
  });

  it('delivers events: an event trigger starts a run, and a waiting run that correlates takes its event', async () => {
    const s = await serve();
    const sent = await call(s.url, 'POST', '/events', { type: 'parcel.sent', data: {} });
    assert.equal(sent.status, 202);
    await waitFor(async () => (await call(s.url, 'GET', '/runs?workflow=Parcel')).body.length === 1);
    const [parcel] = (await call(s.url, 'GET', '/runs?workflow=Parcel')).body;
    const id = String(parcel!.runId);
    assert.deepEqual(((await call(s.url, 'GET', `/runs/${id}`)).body.trigger as { kind: string; type: string }).type, 'parcel.sent');
    await waitFor(async () => ((await call(s.url, 'GET', `/runs/${id}`)).body.current as unknown[]).length === 1);
    // Another parcel's event: the run keeps it for a later wait (events are persistent), and waits on.
    const other = await call(s.url, 'POST', '/events', { type: 'parcel.arrived', data: { id: 'p-9', depot: 'York' } });
    assert.deepEqual(other.body.took, [id]);
    assert.equal((await call(s.url, 'GET', `/runs/${id}`)).body.status, 'waiting');
    const arrived = await call(s.url, 'POST', '/events', { type: 'parcel.arrived', data: { id: 'p-0', depot: 'Leeds' } });
    assert.deepEqual(arrived.body.took, [id]);
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${id}`)).body.status === 'completed');
    assert.deepEqual((await call(s.url, 'GET', `/runs/${id}`)).body.outputs, { depot: 'Leeds' });
    assert.equal((await call(s.url, 'POST', '/events', { data: 1 })).status, 400);
    assert.equal((await stop(s)).code, 0);
  });

  it('checks tokens and roles: none or an unknown one is 401, the wrong role 403; actions are journaled as api:<name>', async () => {
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    const s = await serve('--tokens', 'tokens.json');
    assert.equal((await call(s.url, 'GET', '/health')).status, 200, 'health needs no token');
    const none = await call(s.url, 'GET', '/runs');
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="weft"');
    assert.equal((await call(s.url, 'GET', '/runs', undefined, 'not-a-token-at-all-xyz')).status, 401);
    assert.equal((await call(s.url, 'POST', '/hooks/greet', { name: 'x' }, TOKENS[0]!.token)).status, 403, 'a reader cannot start runs');
    assert.equal((await call(s.url, 'GET', '/runs', undefined, TOKENS[1]!.token)).status, 403, 'a webhook caller cannot read runs');
    const run = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'desk' } }, TOKENS[1]!.token);
    assert.equal(run.body.status, 'waiting');
    const id = String(run.body.runId);
    assert.equal((await call(s.url, 'POST', `/runs/${id}/reject`, { node: 'check' }, TOKENS[1]!.token)).status, 403, 'a webhook caller cannot decide approvals');
    assert.equal((await call(s.url, 'POST', `/runs/${id}/pause`, undefined, TOKENS[2]!.token)).status, 200);
    assert.equal((await call(s.url, 'POST', `/runs/${id}/resume`, undefined, TOKENS[2]!.token)).status, 200);
    assert.equal((await call(s.url, 'POST', `/runs/${id}/reject`, { node: 'check', comment: 'scratched' }, TOKENS[2]!.token)).status, 200);
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${id}`, undefined, TOKENS[0]!.token)).body.status === 'completed');
    const shown = await call(s.url, 'GET', `/runs/${id}`, undefined, TOKENS[0]!.token);
    assert.deepEqual(shown.body.outputs, { verdict: 'held' });
    assert.deepEqual((shown.body.audit as Array<{ actor: string; action: string }>).map((a) => [a.actor, a.action]), [
      ['api:ops', 'paused the run'], ['api:ops', 'resumed the run'], ['api:ops', "rejected 'check': scratched"],
    ]);
    assert.equal((await stop(s)).code, 0);
  });

  it('answers ?wait=<seconds> when they pass, with a run that waits on a timer as it stands', async () => {
    writeFileSync(path.join(dir, 'nap.weft'), NAP);
    const s = await serve('nap.weft');
    const started = Date.now();
    const run = await call(s.url, 'POST', '/workflows/Nap/runs?wait=1', {});
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.equal(run.status, 200);
    assert.equal(run.body.status, 'waiting');
    assert.deepEqual(run.body.current, [{ node: 'nap', token: 1, phase: 'waiting' }]);
    // A start held for minutes does not hold the shutdown: its connection is closed after a grace.
    const held = fetch(`${s.url}/workflows/Nap/runs?wait=300`, { method: 'POST', body: '{}' }).then((r) => r.status, () => 'closed');
    await waitFor(async () => (await call(s.url, 'GET', '/runs?workflow=Nap')).body.length === 2);
    const stopping = Date.now();
    assert.equal((await stop(s)).code, 0);
    assert.ok(Date.now() - stopping < 8000, `stopped after ${Date.now() - stopping} ms`);
    assert.equal(await held, 'closed');
  });

  it('takes a webhook signed with an HMAC of its body (X-Hub-Signature-256), and no other', async () => {
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    const s = await serve('--tokens', 'tokens.json');
    const body = JSON.stringify({ name: 'octocat' });
    const sign = (text: string, secret = 'shared-hook-secret-0123') => `sha256=${createHmac('sha256', secret).update(text).digest('hex')}`;
    const post = (signature: string, text = body) => fetch(`${s.url}/hooks/greet?wait`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: text });
    const ok = await post(sign(body));
    assert.equal(ok.status, 200);
    const run = await ok.json() as { outputs: unknown; audit: unknown[] };
    assert.deepEqual(run.outputs, { message: 'hello octocat' });
    assert.equal((await post(sign(body, 'another-secret-0123456'))).status, 401, 'signed with another secret');
    assert.equal((await post(sign('{"name":"mallory"}'), '{"name": "mallory"}')).status, 401, 'the signature of other bytes');
    assert.equal((await post('sha256=zz')).status, 401);
    assert.equal((await call(s.url, 'POST', '/hooks/greet', { name: 'x' }, 'shared-hook-secret-0123')).status, 401, 'the secret is no bearer token');
    const read = await fetch(`${s.url}/runs`, { headers: { 'x-hub-signature-256': sign('') } });
    assert.equal(read.status, 403, 'a signed caller has its roles only');
    assert.equal((await stop(s)).code, 0);
  });

  it('takes webhooks signed as Stripe and Slack sign them (timestamped HMACs), within 5 minutes of its clock', async () => {
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    const s = await serve('--tokens', 'tokens.json');
    const body = JSON.stringify({ name: 'stripe' });
    const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
    const now = Math.floor(Date.now() / 1000);
    const post = (headers: Record<string, string>) => fetch(`${s.url}/hooks/greet?wait`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const stripe = (t: number, secret = 'whsec_stripe-secret-0123') => ({ 'stripe-signature': `t=${t},v1=${hmac(secret, `${t}.${body}`)}` });
    const ok = await post(stripe(now));
    assert.equal(ok.status, 200);
    assert.deepEqual(((await ok.json()) as { outputs: unknown }).outputs, { message: 'hello stripe' });
    // While a secret is rolled, Stripe sends a v1 per secret: one right one is enough.
    assert.equal((await post({ 'stripe-signature': `t=${now},v1=${hmac('whsec_old-secret-0123456', `${now}.${body}`)},v1=${hmac('whsec_stripe-secret-0123', `${now}.${body}`)}` })).status, 200);
    assert.equal((await post(stripe(now - 600))).status, 401, 'ten minutes old: a replay');
    assert.equal((await post(stripe(now, 'whsec_another-secret-01'))).status, 401, 'another secret');
    assert.equal((await post({ 'x-hub-signature-256': `sha256=${hmac('whsec_stripe-secret-0123', body)}` })).status, 401, 'a Stripe secret signs as Stripe only');
    const slack = (ts: number) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${hmac('slack-signing-secret-0123', `v0:${ts}:${body}`)}` });
    const acked = await post(slack(now));
    // Slack is answered 200 with an empty body, even with ?wait: anything else is a failure to it, or a message in the channel.
    assert.deepEqual([acked.status, await acked.text()], [200, '']);
    assert.equal((await post(slack(now + 600))).status, 401, 'ten minutes ahead');
    assert.equal((await post({ ...slack(now), 'x-slack-request-timestamp': String(now - 1) })).status, 401, 'the timestamp is signed too');
    // Slack's check of a new Events API URL: the challenge echoed, no run started.
    const verification = JSON.stringify({ token: 'legacy', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const checked = await fetch(`${s.url}/hooks/greet`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(now), 'x-slack-signature': `v0=${hmac('slack-signing-secret-0123', `v0:${now}:${verification}`)}` }, body: verification });
    assert.deepEqual([checked.status, await checked.json()], [200, { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' }]);
    const { code, stdout } = await stop(s);
    assert.equal(code, 0);
    assert.match(stdout, /POST \/hooks\/greet 200 stripe /);
    assert.match(stdout, /POST \/hooks\/greet 200 slack /);
    assert.equal(stdout.match(/started Greet/g)?.length, 3, 'two Stripe deliveries and a Slack one; the challenge started none');
  });

  it('starts one run per idempotency key: a repeated request or a sender\'s redelivery gets the first run, also after a restart; other inputs under the key are 409', async () => {
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    let s = await serve('--tokens', 'tokens.json');
    const start = (key: string, item: string, route = '/workflows/Review/runs') => fetch(`${s.url}${route}`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer hook-token-0123456789ab', 'idempotency-key': key }, body: JSON.stringify({ inputs: { item } }),
    });
    const first = await start('order-17', 'pen');
    assert.equal(first.status, 202);
    const runId = ((await first.json()) as { runId: string }).runId;
    const again = await start('order-17', 'pen');
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await again.json(), { runId, status: 'waiting', duplicate: true });
    const held = await start('order-17', 'pen', '/workflows/Review/runs?wait=5');
    const heldBody = (await held.json()) as Record<string, unknown>;
    assert.deepEqual([held.status, heldBody.runId, heldBody.status, heldBody.key, heldBody.duplicate], [200, runId, 'waiting', 'order-17', true]);
    const reused = await start('order-17', 'cup');
    assert.equal(reused.status, 409);
    const reusedBody = (await reused.json()) as Record<string, unknown>;
    assert.equal(reusedBody.error, 'IdempotencyKeyReused');
    assert.equal(reusedBody.runId, runId);
    assert.match(String(reusedBody.message), /^The key 'order-17' started run \S+ of Review with other inputs: a key names one request; send a new key for other inputs$/);
    assert.equal((await start('x'.repeat(256), 'pen')).status, 400);

    // A sender's redelivery: GitHub's delivery id, Stripe's event id (in its body), each signed again.
    const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
    const hook = (headers: Record<string, string>, body: string, wait = '') => fetch(`${s.url}/hooks/greet${wait}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const github = JSON.stringify({ name: 'octo' });
    const gh = () => hook({ 'x-hub-signature-256': `sha256=${hmac('shared-hook-secret-0123', github)}`, 'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }, github);
    const delivered = await gh();
    assert.equal(delivered.status, 202);
    const redelivered = await gh();
    assert.equal(redelivered.status, 200);
    assert.equal(((await redelivered.json()) as { runId: string }).runId, ((await delivered.json()) as { runId: string }).runId);
    const stripeBody = JSON.stringify({ id: 'evt_1Nq', name: 'stripe' });
    const stripe = (wait = '') => {
      const t = Math.floor(Date.now() / 1000);
      return hook({ 'stripe-signature': `t=${t},v1=${hmac('whsec_stripe-secret-0123', `${t}.${stripeBody}`)}` }, stripeBody, wait);
    };
    const charged = await stripe('?wait');
    assert.equal(charged.status, 200);
    const recharged = await stripe();
    assert.equal(recharged.status, 200);
    assert.deepEqual(await recharged.json(), { runId: ((await charged.json()) as { runId: string }).runId, status: 'completed', duplicate: true });
    const firstLog = (await stop(s)).stdout;
    assert.match(firstLog, /POST \/hooks\/greet repeated \(x-github-delivery 72d3162e-cc78-11e3-81ab-4c9367dc0958\): Greet \S+ \(github\)/);
    assert.match(firstLog, /POST \/hooks\/greet repeated \(body\.id evt_1Nq\): Greet \S+ \(stripe\)/);

    // The keys are in the store: the next server knows them.
    s = await serve('--tokens', 'tokens.json');
    const afterRestart = await start('order-17', 'pen');
    assert.equal(afterRestart.status, 200);
    assert.equal(((await afterRestart.json()) as { runId: string }).runId, runId);
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: { authorization: 'Bearer viewer-token-0123456789' } })).text();
    assert.match(metrics, /^# TYPE weft_starts_repeated_total counter\nweft_starts_repeated_total 1$/m, 'the restarted server counts its own');
    const byKey = await call(s.url, 'GET', '/runs?workflow=Review&key=order-17', undefined, 'viewer-token-0123456789');
    assert.deepEqual(byKey.body.map((r) => r.runId), [runId]);
    const runs = await call(s.url, 'GET', '/runs', undefined, 'viewer-token-0123456789');
    assert.deepEqual(runs.body.map((r) => [r.workflow, r.key]).sort(), [['Greet', '72d3162e-cc78-11e3-81ab-4c9367dc0958'], ['Greet', 'evt_1Nq'], ['Review', 'order-17']]);
    const { code, stdout } = await stop(s);
    assert.equal(code, 0);
    assert.match(stdout, /manual repeated \(Idempotency-Key order-17\): Review \S+ \(hook\)/);
  });

  it('refuses to listen beyond loopback without tokens, and to start on a bad token file', async () => {
    const open = await runWeft(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: dir });
    assert.equal(open.code, 2);
    assert.match(open.stderr, /^weft serve: refusing to listen on 0\.0\.0\.0 without tokens/);
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify([{ name: 'x', token: 'short', roles: ['read'] }]));
    const bad = await runWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /tokens\.json: entry 1 \('x'\): "token" must be a string of at least 16 characters/);
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify([{ name: 'x', token: 'a-token-0123456789', signedAs: 'stripe', roles: ['read'] }]));
    const signedToken = await runWeft(['serve', '--tokens', 'tokens.json', '--port', '0'], { cwd: dir });
    assert.equal(signedToken.code, 2);
    assert.match(signedToken.stderr, /"signedAs" goes with "hmacSecret" and is one of "sha256", "stripe", "slack"/);
  });

  it('does not start on workflows with errors, two workflows of one name, or a webhook on an API route (exit 2)', async () => {
    writeFileSync(path.join(dir, 'broken.weft'), 'workflow Broken {\n  start -> nowhere\n}\n');
    const broken = await runWeft(['serve', 'broken.weft', '--port', '0'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^broken\.weft:2:\d+ error /);
    writeFileSync(path.join(dir, 'again.weft'), 'workflow Greet {\n  start -> end\n}\n');
    const twice = await runWeft(['serve', 'flows.weft', 'again.weft', '--port', '0'], { cwd: dir });
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /^weft serve: Two served workflows are named 'Greet'\n$/);
    writeFileSync(path.join(dir, 'clash.weft'), 'workflow Clash {\n  trigger webhook GET "/runs"\n  start -> end\n}\n');
    const clash = await runWeft(['serve', 'clash.weft', '--port', '0'], { cwd: dir });
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /^weft serve: Two routes are GET \/runs \(the webhook of Clash and another\)\n$/);
    assert.ok(!existsSync(path.join(dir, '.weft')), 'a server that could not start left no store behind');
  });

  it('does not start on a port in use (exit 2), and touches no run of its store', async () => {
    // A run left waiting in another store, which a server on that store would resume at start.
    const waiting = await runWeft(['run', 'flows.weft', '--workflow', 'Review', '--input', '{"item":"cup"}', '--store', 'other.db'], { cwd: dir });
    assert.equal(waiting.code, 0, waiting.stderr);
    const first = await serve();
    const port = new URL(first.url).port;
    const second = await runWeft(['serve', '--port', port, '--store', 'other.db'], { cwd: dir });
    assert.equal(second.code, 2);
    assert.match(second.stderr, new RegExp(`^weft serve: cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE\n$`));
    assert.doesNotMatch(second.stdout, /resumed/, 'the waiting run of other.db was not taken up by a server that could not start');
    assert.equal((await stop(first)).code, 0);
  });

  it("puts the CLI's run controls on its store through its API, refuses what the API cannot do and a second server; a stale marker is ignored", async () => {
    const s = await serve();
    const run = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'pen' } });
    const id = String(run.body.runId);
    const marker = path.join(dir, '.weft', 'runs.db.serve.json');
    assert.ok(existsSync(marker));
    // Refused where the API has no counterpart: the server carries every unfinished run already.
    const all = await runWeft(['resume', '--all'], { cwd: dir });
    assert.equal(all.code, 2);
    assert.equal(all.stderr, `weft resume: the store ${path.join(dir, '.weft', 'runs.db')} is served by weft serve (pid ${s.weft.child.pid}) at ${s.url}, which carries its runs: act on them through its API (for example POST ${s.url}/runs/<runId>/approve), or stop that server first\n`);
    assert.equal((await runWeft(['emit', 'x', '--run', id], { cwd: dir })).code, 2);
    // A control the server refuses: its message, exit 1, nothing done.
    const wrong = await runWeft(['retry', id, 'check'], { cwd: dir });
    assert.deepEqual([wrong.code, wrong.stdout], [1, '']);
    assert.match(wrong.stderr, new RegExp(`^weft retry: weft serve at ${s.url.replace(/[.]/g, '\\.')} refused: Run ${id} has no failed node 'check'\n$`));
    const paused = await runWeft(['pause', id], { cwd: dir });
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(paused.stdout, `Pausing run ${id} through weft serve at ${s.url}, which carries the run on; follow it with: weft watch ${id}\n`);
    assert.equal((await runWeft(['resume', id], { cwd: dir })).code, 0);
    const emitted = await runWeft(['emit', 'nobody.waits'], { cwd: dir });
    assert.equal(emitted.stdout, `No run took 'nobody.waits' through weft serve at ${s.url}, which carries the runs on\n`);
    const approve = await runWeft(['approve', id, 'check', '--comment', 'looks fine', '--json'], { cwd: dir });
    assert.equal(approve.code, 0, approve.stderr);
    assert.equal((JSON.parse(approve.stdout) as { runId: string }).runId, id, '--json: the run as the server answered');
    await waitFor(async () => (await call(s.url, 'GET', `/runs/${id}`)).body.status === 'completed');
    const audit = (await call(s.url, 'GET', `/runs/${id}`)).body.audit as Array<{ actor: string; action: string }>;
    assert.deepEqual(audit.map((a) => [a.actor, a.action]), [['api:anonymous', 'paused the run'], ['api:anonymous', 'resumed the run'], ['api:anonymous', "approved 'check': looks fine"]], 'applied by the server, journaled as its caller');
    const doomed = String((await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'jug' } })).body.runId);
    const cancelled = await runWeft(['cancel', doomed, '--reason', 'not needed'], { cwd: dir });
    assert.deepEqual([cancelled.code, cancelled.stdout], [0, `Cancelled run ${doomed} through weft serve at ${s.url}\n`]);
    assert.equal((await call(s.url, 'GET', `/runs/${doomed}`)).body.status, 'cancelled');
    const second = await runWeft(['serve', '--port', '0'], { cwd: dir });
    assert.equal(second.code, 2);
    assert.match(second.stderr, /^weft serve: the store .* is served by weft serve \(pid \d+\)/);
    assert.equal((await runWeft(['show', id], { cwd: dir })).code, 0, 'reading is not acting');
    assert.equal((await stop(s)).code, 0);
    assert.ok(!existsSync(marker), 'the server removes its marker when it stops');
    // A marker left by a server that died without cleaning up (its pid no longer exists).
    const other = jsonOf<{ runId: string; status: string }>(await runWeft(['run', 'flows.weft', '--workflow', 'Review', '--input', '{"item":"cup"}', '--json'], { cwd: dir }));
    assert.equal(other.status, 'waiting');
    // A marker of a live process that does not answer on its URL: nothing is done, and said so.
    const mute = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => mute.once('spawn', resolve));
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      writeFileSync(marker, JSON.stringify({ pid: mute.pid, url: `http://127.0.0.1:${port}`, startedAt: '' }));
      const unanswered = await runWeft(['approve', other.runId, 'check'], { cwd: dir });
      assert.deepEqual([unanswered.code, unanswered.stderr], [1, `weft approve: weft serve (pid ${mute.pid}) at http://127.0.0.1:${port} did not answer (ECONNREFUSED); nothing was done\n`]);
    } finally {
      mute.kill('SIGKILL');
    }
    writeFileSync(marker, JSON.stringify({ pid: 2 ** 22 + 12345, url: 'http://127.0.0.1:1', startedAt: '' }));
    const approved = await runWeft(['approve', other.runId, 'check'], { cwd: dir });
    assert.equal(approved.code, 0, approved.stderr);
    assert.doesNotMatch(approved.stdout, /through weft serve/);
  });

  it('gives the CLI its token for a server with tokens (WEFT_SERVE_TOKEN), and says when it has none or the wrong role', async () => {
    writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(TOKENS));
    const s = await serve('--tokens', 'tokens.json');
    const run = await call(s.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'mug' } }, 'ops-token-0123456789abcd');
    const id = String(run.body.runId);
    const none = await runWeft(['approve', id, 'check'], { cwd: dir, env: { WEFT_SERVE_TOKEN: undefined } });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^weft approve: weft serve at \S+ refused: A bearer token .* is needed \(give the CLI a token with the operate role in WEFT_SERVE_TOKEN\)\n$/);
    const viewer = await runWeft(['approve', id, 'check'], { cwd: dir, env: { WEFT_SERVE_TOKEN: 'viewer-token-0123456789' } });
    assert.equal(viewer.code, 2);
    assert.match(viewer.stderr, /refused: The token 'viewer' does not have the 'operate' role \(the token in WEFT_SERVE_TOKEN\)\n$/);
    const ops = await runWeft(['approve', id, 'check'], { cwd: dir, env: { WEFT_SERVE_TOKEN: 'ops-token-0123456789abcd' } });
    assert.equal(ops.code, 0, ops.stderr);
    const shown = await call(s.url, 'GET', `/runs/${id}`, undefined, 'ops-token-0123456789abcd');
    assert.deepEqual((shown.body.audit as Array<{ actor: string }>).map((a) => a.actor), ['api:ops']);
    assert.equal((await stop(s)).code, 0);
  });

  it('starts runs on a cron schedule', async () => {
    writeFileSync(path.join(dir, 'tick.weft'), TICK);
    const s = await serve('tick.weft');
    await waitFor(async () => (await call(s.url, 'GET', '/runs?workflow=Tick&status=completed')).body.length >= 2, 8000);
    const [latest] = (await call(s.url, 'GET', '/runs?workflow=Tick')).body;
    assert.deepEqual((await call(s.url, 'GET', `/runs/${latest!.runId}`)).body.trigger, { kind: 'schedule', cron: '* * * * * *' });
    const { stdout } = await stop(s);
    assert.match(stdout, /schedule "\* \* \* \* \* \*" started Tick run_/);
    // Each tick's run is keyed by the tick: one run per tick.
    const keys = (await runWeft(['runs', '--workflow', 'Tick', '--json'], { cwd: dir })).stdout;
    const ticks = (JSON.parse(keys) as Array<{ key: string }>).map((r) => r.key);
    assert.ok(ticks.every((k) => /^schedule \* \* \* \* \* \* \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/.test(k)), ticks.join('\n'));
    assert.equal(new Set(ticks).size, ticks.length);
  });

  it('skips a tick while the run of an earlier tick is unfinished with --overlap skip, and starts one beside it by default', async () => {
    writeFileSync(path.join(dir, 'slow.weft'), 'workflow Slow {\n  trigger schedule "* * * * * *"\n  wait w for 4500ms\n  start -> w -> end\n}\n');
    const runsOfSlow = async (url: string) => (await call(url, 'GET', '/runs?workflow=Slow')).body;
    const skipping = await serve('slow.weft', '--overlap', 'skip');
    await waitFor(async () => /skipped its tick at \S+: run \S+ of Slow is still unfinished \(--overlap skip\)/.test(skipping.weft.output()), 8000);
    await waitFor(async () => /skipped its tick/.test(skipping.weft.output()) && skipping.weft.output().split('skipped its tick').length > 2, 8000);
    assert.equal((await runsOfSlow(skipping.url)).length, 1, 'one run while it is unfinished');
    assert.equal((await stop(skipping)).code, 0);
    rmSync(path.join(dir, '.weft'), { recursive: true, force: true });
    const allowing = await serve('slow.weft');
    await waitFor(async () => (await runsOfSlow(allowing.url)).length >= 2, 8000);
    assert.equal((await stop(allowing)).code, 0);
    assert.equal((await runWeft(['serve', 'slow.weft', '--overlap', 'queue', '--port', '0'], { cwd: dir })).code, 2);
  });

  it('catches up a schedule at the start with --catch-up: the last tick within the window that has no run starts one, once', async () => {
    writeFileSync(path.join(dir, 'nightly.weft'), 'workflow Nightly {\n  trigger schedule "0 0 * * *"\n  start -> end\n}\n');
    const midnight = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000).toISOString();
    const runsOfNightly = async () => JSON.parse((await runWeft(['runs', '--workflow', 'Nightly', '--json'], { cwd: dir })).stdout) as Array<{ key: string; status: string }>;
    // Without --catch-up, a server started after midnight leaves that tick alone.
    const plain = await serve('nightly.weft');
    assert.equal((await stop(plain)).code, 0);
    assert.deepEqual(await runsOfNightly(), []);
    const first = await serve('nightly.weft', '--catch-up', '2d');
    await waitFor(async () => (await runsOfNightly()).length === 1, 8000);
    const firstLog = (await stop(first)).stdout;
    assert.match(firstLog, /on http:\/\/127\.0\.0\.1:\d+ \(store \S+, missed ticks caught up within 2d\)/);
    assert.match(firstLog, new RegExp(`schedule "0 0 \\* \\* \\*" caught up Nightly run_\\S+ for its tick at ${midnight}, missed while no server ran`));
    assert.deepEqual((await runsOfNightly()).map((r) => [r.key, r.status]), [[`schedule 0 0 * * * ${midnight}`, 'completed']]);
    // Started again: that tick has its run.
    const again = await serve('nightly.weft', '--catch-up', '2d');
    await waitFor(async () => /has its run already/.test(again.weft.output()), 8000);
    assert.equal((await stop(again)).code, 0);
    assert.equal((await runsOfNightly()).length, 1);
    // A window that does not reach back to the last tick catches up nothing.
    if (Date.now() - Date.parse(midnight) > 2000) {
      const narrow = await serve('nightly.weft', '--catch-up', '1s');
      assert.doesNotMatch((await stop(narrow)).stdout, /caught up Nightly|has its run/);
    }
    assert.equal((await runWeft(['serve', 'nightly.weft', '--catch-up', 'soon', '--port', '0'], { cwd: dir })).code, 2);
  });

  it("reads a schedule without tz in UTC, not in the host's time zone, and one with tz in its own", async () => {
    writeFileSync(path.join(dir, 'daily.weft'), 'workflow Daily {\n  trigger schedule "0 9 * * *"\n  start -> end\n}\n\nworkflow Berlin {\n  trigger schedule "0 9 * * *" tz "Europe/Berlin"\n  start -> end\n}\n');
    const weft = startWeft(['serve', 'daily.weft', '--port', '0'], { cwd: dir, env: { TZ: 'America/New_York' } });
    running.push(weft);
    await weft.printed('next "0 9 * * *"');
    await new Promise((r) => setTimeout(r, 200));
    const nexts = [...weft.output().matchAll(/next "0 9 \* \* \*": (\S+)/g)].map((m) => m[1]!);
    assert.equal(nexts.length, 2, weft.output());
    assert.match(nexts[0]!, /T09:00:00\.000Z$/);
    assert.match(nexts[1]!, /T0[78]:00:00\.000Z$/, 'Berlin is UTC+1 or +2');
  });

  it('logs a run it cannot resume (its secret is no longer set) and serves on; a malformed path is 400', async () => {
    writeFileSync(path.join(dir, 'keyed.weft'), 'workflow Keyed {\n  secret key = env("KEYED_TOKEN")\n  approval ok { ask "go?" }\n  start -> ok -> end\n}\n');
    const first = startWeft(['serve', 'keyed.weft', '--port', '0'], { cwd: dir, env: { KEYED_TOKEN: 'k-0123456789' } });
    running.push(first);
    const run = await call(await servedUrl(first), 'POST', '/workflows/Keyed/runs?wait', {});
    assert.equal(run.body.status, 'waiting');
    first.child.kill('SIGTERM');
    assert.equal((await first.result).code, 0);
    const second = startWeft(['serve', 'keyed.weft', '--port', '0'], { cwd: dir, env: { KEYED_TOKEN: undefined } });
    running.push(second);
    const url = await servedUrl(second);
    assert.match(second.output(), new RegExp(`could not resume ${run.body.runId} of Keyed: Cannot resume run ${run.body.runId}: secret key: environment variable KEYED_TOKEN is not set`));
    assert.equal((await call(url, 'GET', `/runs/${run.body.runId}`)).body.status, 'waiting');
    assert.equal((await call(url, 'GET', '/runs/%E0%A4%A')).status, 400);
  });

  it('a run left waiting when the server stopped is carried on by the next server from the store', async () => {
    const first = await serve();
    const run = await call(first.url, 'POST', '/workflows/Review/runs?wait', { inputs: { item: 'vase' } });
    const id = String(run.body.runId);
    assert.equal((await stop(first)).code, 0);
    const second = await serve();
    assert.equal((await call(second.url, 'GET', `/runs/${id}`)).body.status, 'waiting');
    assert.equal((await call(second.url, 'POST', `/runs/${id}/approve`, { node: 'check' })).status, 200);
    await waitFor(async () => (await call(second.url, 'GET', `/runs/${id}`)).body.status === 'completed');
    assert.equal((await stop(second)).code, 0);
  });
});

/** The URL `weft serve` printed when it started listening. */
async function waitFor(cond: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}
