// `weft serve` with a real sample end to end, on the real clock: `samples/order-fulfilment.weft`
// started by its webhook route (`POST /orders`, the order as the body), its payment, AI and hook
// calls answered by the loopback stubs, then finished by the `payment.settled` event posted to
// the server, as its `weft run` case ends (test/cli/sample-cases.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { startSampleStubs, type SampleStubs } from '../support/sample-stubs.js';
import { sampleCases } from './sample-cases.js';
import { startWeft, type RunningWeft } from './weft-process.js';

describe('weft serve on samples/order-fulfilment.weft with loopback stubs', function () {
  this.timeout(60_000);
  let stubs: SampleStubs;
  let dir: string;
  let weft: RunningWeft | undefined;

  before(async () => {
    stubs = await startSampleStubs();
    dir = mkdtempSync(path.join(tmpdir(), 'weft-serve-sample-'));
  });
  after(async () => {
    if (weft && weft.child.exitCode === null) weft.child.kill('SIGKILL');
    await weft?.result;
    await stubs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs from its webhook to the settled payment, with the outputs and nodes of its weft run case', async () => {
    const c = sampleCases.find((x) => x.file === 'order-fulfilment.weft')!;
    weft = startWeft(['serve', fromRoot('samples', 'order-fulfilment.weft'), '--port', '0'], { cwd: dir, env: stubs.env });
    await weft.printed(' (store ');
    const url = / on (http:\/\/\S+) \(store /.exec(weft.output())![1]!;
    await weft.printed('\n  POST /orders → OrderFulfilment\n');

    const started = await fetch(`${url}/orders?wait=20`, { method: 'POST', body: JSON.stringify(c.inputs(stubs.url)) });
    assert.equal(started.status, 200);
    const waiting = await started.json() as { runId: string; status: string; current: Array<{ node: string; phase: string }> };
    assert.equal(waiting.status, 'waiting', JSON.stringify(waiting));
    assert.deepEqual(waiting.current.map((t) => [t.node, t.phase]), [['settled', 'waiting']]);
    assert.equal(stubs.requestsTo('/charges', 'POST').length, 1, 'the payment stub was charged once');

    const event = c.events![0]!;
    const delivered = await fetch(`${url}/events`, { method: 'POST', body: JSON.stringify({ type: event.type, data: event.data }) });
    assert.deepEqual((await delivered.json() as { took: string[] }).took, [waiting.runId]);

    let run: { status: string; outputs: unknown; trace: Array<{ node: string; status: string }>; trigger: unknown } | undefined;
    for (let i = 0; i < 200 && run?.status !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await (await fetch(`${url}/runs/${waiting.runId}`)).json() as typeof run;
    }
    assert.equal(run!.status, 'completed');
    assert.deepEqual(run!.outputs, c.expected.outputs);
    assert.deepEqual(run!.trace.filter((t) => t.status === 'completed').map((t) => t.node).sort(), c.expected.completed);
    const { headers, ...trigger } = run!.trigger as { headers: Record<string, string> };
    assert.deepEqual(trigger, { kind: 'webhook', method: 'POST', path: '/orders' });
    assert.equal(typeof headers['user-agent'], 'string', 'the request\'s headers, as trigger.headers');
    weft.child.kill('SIGTERM');
    assert.equal((await weft.result).code, 0);
  });
});
