// A run's own timeout and step budget, asked for by whoever starts it (cli/run-limits.ts):
// `weft run --timeout <duration> --step-budget <n>` and `POST /workflows/<name>/runs`
// `{timeout, stepBudget}` of `weft serve`. Both are journaled, so a resumed run keeps them; a bad
// value is a usage error (exit 2, 400) and starts nothing.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Slow {
  output n: number
  wait w for 2h
  set done { n = 1 }
  start -> w -> done -> end
}

workflow Loop {
  output n: number
  var i: number = 0
  set step { i = i + 1 }
  set done { n = i }
  start -> step
  step -> step when i < 1000
  step -> done otherwise
  done -> end
}
`;

interface Outcome { runId: string; status: string; outputs: Record<string, unknown>; error?: { name: string; message: string } }

describe('a run\'s own timeout and step budget', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningWeft[] = [];
  const weft = (...args: string[]) => runWeft(args, { cwd: dir });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-limits-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
  });
  afterEach(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('weft run --timeout fails the run at its deadline (on the virtual clock: at once), and the journal keeps it', async () => {
    const r = await weft('run', 'flows.weft', '--workflow', 'Slow', '--timeout', '90m', '--virtual-time', '--json');
    assert.equal(r.code, 1, r.stderr);
    const out = jsonOf<Outcome & { trace: Array<{ node: string; startedAt: string; endedAt?: string }> }>(r);
    assert.equal(out.status, 'failed');
    assert.equal(out.error?.name, 'Timeout');
    assert.match(out.error!.message, /Run exceeded its timeout of 5400000 ms/);
    const shown = jsonOf<{ events: Array<{ type: string; timeoutMs?: number; at: number }> }>(await weft('show', out.runId, '--events', '--json'));
    const started = shown.events.find((e) => e.type === 'RunStarted')!;
    assert.equal(started.timeoutMs, 90 * 60_000);
    const failed = shown.events.find((e) => e.type === 'RunFailed')!;
    assert.equal(failed.at - started.at, 90 * 60_000, 'failed at the deadline on the run\'s clock');
    const text = await weft('show', out.runId);
    assert.match(text.stdout, /took 1h 30m, timeout 1h 30m, \d+ of 10,000 steps, /);
  });

  it('weft run --timeout on the real clock', async () => {
    const began = Date.now();
    const r = await weft('run', 'flows.weft', '--workflow', 'Slow', '--timeout', '400ms', '--json');
    const took = Date.now() - began;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(jsonOf<Outcome>(r).error?.name, 'Timeout');
    assert.ok(took < 20_000, `took ${took} ms`);
  });

  it('weft run --step-budget stops a loop at that many node executions; without it the default lets it finish', async () => {
    const stopped = await weft('run', 'flows.weft', '--workflow', 'Loop', '--step-budget', '50', '--memory', '--json');
    assert.equal(stopped.code, 1, stopped.stderr);
    const out = jsonOf<Outcome>(stopped);
    assert.equal(out.error?.name, 'StepBudgetExceeded');
    assert.match(out.error!.message, /50/);
    const done = await weft('run', 'flows.weft', '--workflow', 'Loop', '--memory', '--json');
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(jsonOf<Outcome>(done).outputs, { n: 1000 });
    const roomy = await weft('run', 'flows.weft', '--workflow', 'Loop', '--step-budget', '20000', '--memory', '--json');
    assert.equal(roomy.code, 0, roomy.stderr);
  });

  it('refuses a bad --timeout or --step-budget with exit 2, starting nothing and making no store', async () => {
    for (const [args, said] of [
      [['--timeout', 'soon'], /--timeout needs a duration longer than 0, such as 30s, 10m or 1d12h, not "soon"/],
      [['--timeout', '0s'], /--timeout needs a duration longer than 0/],
      [['--step-budget', '0'], /--step-budget needs a whole number of node executions from 1 to 100,000,000, not "0"/],
      [['--step-budget', '2.5'], /--step-budget needs a whole number/],
      [['--step-budget', 'many'], /--step-budget needs a whole number/],
      [['--step-budget', '100000001'], /--step-budget needs a whole number/],
    ] as const) {
      const r = await weft('run', 'flows.weft', '--workflow', 'Loop', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, said);
    }
    assert.equal(existsSync(path.join(dir, '.weft')), false, 'no store was made');
  });

  it('weft serve takes them in a start\'s body, and answers 400 to a bad one', async () => {
    const served = startWeft(['serve', 'flows.weft', '--port', '0'], { cwd: dir });
    running.push(served);
    const url = await servedUrl(served);
    const post = async (name: string, body: unknown) => {
      const res = await fetch(`${url}/workflows/${name}/runs?wait`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() as Outcome & { message?: string } };
    };
    const budget = await post('Loop', { stepBudget: 30 });
    assert.equal(budget.status, 200, JSON.stringify(budget.body));
    assert.equal(budget.body.error?.name, 'StepBudgetExceeded');
    const timed = await post('Slow', { inputs: {}, timeout: 300 });
    assert.equal(timed.status, 200, JSON.stringify(timed.body));
    assert.equal(timed.body.error?.name, 'Timeout');
    for (const bad of [{ timeout: 'later' }, { timeout: -5 }, { stepBudget: '12' }, { stepBudget: 0 }]) {
      const r = await post('Loop', bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.match(String(r.body.message), /needs a (duration|whole number)/);
    }
  });
});
