// Runs by when they started, from a real `weft`: `weft runs --since/--until`, `weft stats
// --since/--until`, and the API's `GET /runs?since=&until=&after=` (pages) and `GET
// /stats?since=`; bad times are exit 2 (CLI) or 400 (API) with what to give.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOW = `
workflow Tick {
  input n: number = 0
  output m: number
  set s { m = n + 1 }
  start -> s -> end
}
`;

describe('runs by when they started', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningWeft[] = [];
  const weft = (...args: string[]) => runWeft(args, { cwd: dir });

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-window-'));
    writeFileSync(path.join(dir, 'tick.weft'), FLOW);
    for (let n = 0; n < 3; n++) assert.equal((await weft('run', 'tick.weft', '--input', `{"n": ${n}}`)).code, 0);
  });
  after(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('weft runs and weft stats take --since and --until as a duration back or an ISO time', async () => {
    const listed = async (...args: string[]) => (jsonOf(await weft('runs', '--json', ...args)) as unknown[]).length;
    assert.equal(await listed('--since', '1h'), 3);
    assert.equal(await listed('--until', '1h'), 0);
    assert.equal(await listed('--since', '2020-01-01', '--until', '2099-01-01T00:00:00Z'), 3);
    const none = await weft('runs', '--since', '2099-01-01');
    assert.equal(none.stdout, 'No runs since 2099-01-01 00:00:00.\n');
    const stats = jsonOf(await weft('stats', '--json', '--since', '1d')) as Record<string, { runs: number }>;
    assert.equal(stats.Tick!.runs, 3);
    const text = await weft('stats', '--since', '1d');
    assert.match(text.stdout, /^Runs started since \S+ \S+:\n\nTick: 3 runs, 3 completed/);
    assert.match((await weft('stats', '--until', '1d')).stdout, /^No runs until \S+ \S+\.\n$/);
    for (const args of [['runs', '--since', 'yesterday'], ['stats', '--until', '3 days'], ['runs', '--since', '1h', '--until', '2h']]) {
      const bad = await weft(...args);
      assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.stdout}`);
      assert.match(bad.stderr, /needs a duration back from now|must come before --until/);
    }
  });

  it('the API pages runs with after=<last run id>, and windows /runs and /stats', async () => {
    const served = startWeft(['serve', 'tick.weft', '--port', '0'], { cwd: dir });
    running.push(served);
    const url = await servedUrl(served);
    const get = async (route: string) => {
      const res = await fetch(url + route);
      return { status: res.status, body: await res.json() as Array<{ runId: string }> & { message?: string } & Record<string, { runs: number }> };
    };
    const all = (await get('/runs')).body.map((r) => r.runId);
    assert.equal(all.length, 3);
    const pages: string[] = [];
    let after = '';
    for (;;) {
      const page = (await get(`/runs?limit=2${after ? `&after=${after}` : ''}`)).body;
      if (page.length === 0) break;
      pages.push(...page.map((r) => r.runId));
      after = page[page.length - 1]!.runId;
    }
    assert.deepEqual(pages, all, 'pages of two, each after the last run of the one before, give every run once, in order');
    assert.equal((await get(`/runs?since=${Date.now() + 60_000}`)).body.length, 0);
    assert.equal((await get('/runs?since=2020-01-01&until=2099-01-01')).body.length, 3);
    assert.equal((await get('/stats?since=2020-01-01')).body.Tick!.runs, 3);
    assert.deepEqual((await get('/stats?until=2020-01-01')).body, {});
    const bad = await get('/runs?since=yesterday');
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /ISO 8601 time/);
    assert.equal((await get('/runs?after=run_nothing')).status, 400);
    served.child.kill('SIGTERM');
    assert.equal((await served.result).code, 0);
  });
});
