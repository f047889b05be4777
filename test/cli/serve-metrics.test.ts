// `weft serve`'s GET /metrics as a real Prometheus scrapes it: Debian's prometheus server
// (installed by scripts/ensure-prometheus.sh) scrapes a real `weft serve` on loopback, and its
// query API answers with the runs, outcomes and node errors the server's store holds; promtool
// checks the exposition text. The text format's details (escaping, summaries) are unit-tested
// in test/runtime/metrics/prometheus-text.test.ts.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWeft, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Greet {
  input name: string
  output message: string
  set done { message = "hello \${name}" }
  start -> done -> end
}

workflow Broken {
  set a { }
  fail stop "nothing to do" code Empty
  start -> a -> stop
}
`;

/** A loopback port free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('weft serve metrics, scraped by Prometheus', function () {
  this.timeout(60_000);
  let dir: string;
  let weft: RunningWeft | undefined;
  let prometheus: ChildProcess | undefined;

  before(function () {
    assert.ok(existsSync('/usr/bin/prometheus') && existsSync('/usr/bin/promtool'), 'Debian\'s prometheus is needed: run sh scripts/ensure-prometheus.sh (npm run test:unit does)');
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-metrics-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
  });
  afterEach(async () => {
    if (prometheus && prometheus.exitCode === null) {
      prometheus.kill('SIGTERM');
      await new Promise((resolve) => prometheus!.once('exit', resolve));
    }
    if (weft && weft.child.exitCode === null) weft.child.kill('SIGTERM');
    await weft?.result;
    rmSync(dir, { recursive: true, force: true });
  });

  it('exposes runs, outcomes and node errors that Prometheus scrapes and answers queries on', async () => {
    weft = startWeft(['serve', 'flows.weft', '--port', '0'], { cwd: dir });
    await weft.printed(' (store ');
    const url = / on (http:\/\/\S+) \(store /.exec(weft.output())![1]!;
    for (const [name, body] of [['Greet', { inputs: { name: 'a' } }], ['Greet', { inputs: { name: 'b' } }], ['Broken', {}]] as const) {
      const res = await fetch(`${url}/workflows/${name}/runs?wait`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 200);
    }
    const res = await fetch(`${url}/metrics`);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    assert.match(text, /^weft_runs_ended_total\{workflow="Broken",status="failed"\} 1$/m);
    const checked = spawnSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(checked.status, 0, `promtool: ${checked.stdout}${checked.stderr}`);
    assert.equal(checked.stdout + checked.stderr, '', 'no lint problem either');

    const port = await freePort();
    const target = new URL(url).host;
    writeFileSync(path.join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: weft\n    metrics_path: /metrics\n    static_configs:\n      - targets: ['${target}']\n`);
    prometheus = spawn('/usr/bin/prometheus', [
      `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
    ], { stdio: 'ignore' });
    const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
        return r.ok ? ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result : [];
      } catch {
        return []; // not listening yet
      }
    };
    let scraped: Awaited<ReturnType<typeof query>> = [];
    for (const end = Date.now() + 30_000; Date.now() < end && scraped.length === 0; await new Promise((r) => setTimeout(r, 250))) {
      scraped = await query('weft_runs_total');
    }
    assert.deepEqual(scraped.map((s) => [s.metric.workflow, s.metric.job, s.value[1]]).sort(), [['Broken', 'weft', '1'], ['Greet', 'weft', '2']]);
    const failed = await query('weft_runs_ended_total{status="failed"}');
    assert.deepEqual(failed.map((s) => [s.metric.workflow, s.value[1]]).sort(), [['Broken', '1'], ['Greet', '0']]);
    const errors = await query('weft_node_errors_total');
    assert.deepEqual(errors.map((s) => [s.metric.workflow, s.metric.node, s.metric.error, s.value[1]]), [['Broken', 'stop', 'Empty', '1']]);
    const up = await query('up{job="weft"}');
    assert.equal(up[0]?.value[1], '1', 'the target is up: every scrape parsed');
  });
});
