// `weft prune` as a real process on a real store: ended runs (with their sub-runs) older than a
// duration or named go, with their journals; runs that go on, runs a live process holds and
// runs too recent stay; a dry run deletes nothing; bad usage is exit 2 and a run that cannot be
// pruned by name is exit 1 with nothing pruned. And `weft serve --retain` and
// `DELETE /runs/:id`, over real HTTP.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Parent {
  input n: number = 1
  output total: number
  task child: workflow Child { with { n: n } set total = result.doubled }
  start -> child -> end
}

workflow Child {
  input n: number
  output doubled: number
  set twice { doubled = n * 2 }
  start -> twice -> end
}

workflow Breaks {
  output never: string
  fail boom "on purpose" code Broken
  start -> boom
}

workflow Nap {
  output n: number
  wait nap for 1h
  set done { n = 1 }
  start -> nap -> done -> end
}
`;

interface Listed { runId: string; workflow: string; status: string; parentRunId?: string }

describe('weft prune', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningWeft[] = [];
  const weft = (...args: string[]) => runWeft(args, { cwd: dir });
  const runs = async (): Promise<Listed[]> => jsonOf(await weft('runs', '--all', '--json')) as Listed[];
  const runOf = async (workflow: string, ...args: string[]): Promise<string> => {
    const r = await weft('run', 'flows.weft', '--workflow', workflow, '--json', ...args);
    return (jsonOf(r) as { runId: string }).runId;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-prune-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
  });
  afterEach(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes ended runs older than a duration with their sub-runs and leaves runs that go on; a dry run deletes nothing', async () => {
    const parent = await runOf('Parent');
    const failed = await runOf('Breaks');
    // A run that goes on: a paused nap (its process stopped, the run unfinished in the store).
    const napping = startWeft(['run', 'flows.weft', '--workflow', 'Nap'], { cwd: dir });
    running.push(napping);
    let nap: string | undefined;
    for (let i = 0; i < 200 && nap === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      nap = (await runs()).find((r) => r.workflow === 'Nap')?.runId;
    }
    assert.ok(nap, 'the nap started');
    napping.child.kill('SIGKILL');
    await napping.result;
    const named = await weft('prune', nap);
    assert.equal(named.code, 1);
    assert.match(named.stderr, new RegExp(`run ${nap} is waiting: only ended runs are pruned \\(cancel it first\\)`));
    const all = await runs();
    const child = all.find((r) => r.parentRunId === parent)!.runId;
    assert.equal(all.length, 4);

    const recent = await weft('prune', '--older-than', '1h');
    assert.equal(recent.code, 0, recent.stderr);
    assert.match(recent.stdout, /^No ended runs that ended before .* to prune\.\n$/);

    const dry = await weft('prune', '--older-than', '0s', '--dry-run');
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^Would prune 2 runs \(and 1 sub-run\) that ended before /);
    assert.match(dry.stdout, new RegExp(`${parent} +Parent +completed +\\S+ \\S+ +1\\n`));
    assert.match(dry.stdout, new RegExp(`${failed} +Breaks +failed +\\S+ \\S+ +0\\n`));
    assert.equal((await runs()).length, 4, 'a dry run deletes nothing');

    const onlyFailed = jsonOf(await weft('prune', '--older-than', '0s', '--status', 'failed', '--json')) as { dryRun: boolean; runs: Array<{ runId: string; subRuns: string[] }> };
    assert.equal(onlyFailed.dryRun, false);
    assert.deepEqual(onlyFailed.runs.map((r) => r.runId), [failed]);
    const rest = await weft('prune', '--older-than', '0s');
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(rest.stdout, /^Pruned 1 run \(and 1 sub-run\) that ended before /);
    assert.deepEqual((await runs()).map((r) => r.runId), [nap]);
    const shown = await weft('show', child);
    assert.equal(shown.code, 1);
    assert.match(shown.stderr, /no run with id/);
    // The store goes on after a prune.
    const again = await runOf('Parent', '--input', '{"n": 4}');
    assert.deepEqual((jsonOf(await weft('show', again, '--json')) as { outputs: unknown }).outputs, { total: 8 });
  });

  it('prunes the runs named, and refuses (pruning nothing) a name that is unknown, a sub-run or unfinished', async () => {
    const a = await runOf('Breaks');
    const b = await runOf('Parent');
    const child = (await runs()).find((r) => r.parentRunId === b)!.runId;
    const refused = await weft('prune', a, child, 'run_nothing');
    assert.equal(refused.code, 1);
    assert.doesNotMatch(refused.stderr, new RegExp(`run ${a} `), 'an ended run named beside refused ones is not refused itself');
    assert.match(refused.stderr, new RegExp(`run ${child} is a sub-run of ${b}: it is pruned with that run`));
    assert.match(refused.stderr, /no run with id 'run_nothing' in this store/);
    assert.match(refused.stderr, /nothing was pruned/);
    assert.equal((await runs()).length, 3);
    const pruned = await weft('prune', a);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.equal(pruned.stdout, 'Pruned 1 run.\n');
    assert.deepEqual((await runs()).map((r) => r.runId).sort(), [b, child].sort());
  });

  it('answers bad usage with exit 2 and its reason', async () => {
    for (const [args, reason] of [
      [[], /prune needs --older-than <duration>/],
      [['--older-than', '30 days'], /--older-than needs a duration such as 30d/],
      [['--older-than', '1d', '--status', 'running'], /only ended runs are pruned/],
    ] as const) {
      const r = await weft('prune', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, reason);
    }
  });

  it('leaves an ended run that a live process holds', async () => {
    const a = await runOf('Breaks');
    // A live process's carrier record naming the run (this test's own process: alive, not the pruner).
    mkdirSync(path.join(dir, '.weft', 'runs.db.carriers'), { recursive: true });
    writeFileSync(path.join(dir, '.weft', 'runs.db.carriers', `${process.pid}-1.json`), JSON.stringify({ pid: process.pid, command: 'weft retry', startedAt: new Date().toISOString(), runIds: [a] }));
    const r = await weft('prune', '--older-than', '0s');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`left run ${a}: weft retry \\(pid ${process.pid}\\) holds it`));
    assert.equal((await runs()).length, 1);
  });

  it('gives the freed space back to the disk with --vacuum, only when nothing else uses the store', async () => {
    for (let i = 0; i < 20; i++) await runOf('Parent', '--input', `{"n": ${i}}`);
    assert.equal((await weft('prune', '--older-than', '0s', '--vacuum', '--dry-run')).code, 2);
    // Another live process carrying a run of the store (this test's own process stands for it).
    const carriers = path.join(dir, '.weft', 'runs.db.carriers');
    mkdirSync(carriers, { recursive: true });
    writeFileSync(path.join(carriers, `${process.pid}-1.json`), JSON.stringify({ pid: process.pid, command: 'weft run', startedAt: new Date().toISOString(), runIds: ['run_other'] }));
    const refused = await weft('prune', '--older-than', '0s', '--vacuum');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`--vacuum needs the store to itself, and weft run \\(pid ${process.pid}\\) uses it`));
    assert.equal((await runs()).length, 40, 'nothing pruned');
    rmSync(carriers, { recursive: true, force: true });
    const done = jsonOf(await weft('prune', '--older-than', '0s', '--vacuum', '--json')) as { runs: unknown[]; vacuumed: { bytesBefore: number; bytesAfter: number } };
    assert.equal(done.runs.length, 20);
    assert.ok(done.vacuumed.bytesAfter < done.vacuumed.bytesBefore / 2, JSON.stringify(done.vacuumed));
    const text = await weft('prune', '--older-than', '0s', '--vacuum');
    assert.match(text.stdout, /^No ended runs that ended before .* to prune\.\nThe store's file went from \d+\.\d MB to \d+\.\d MB\.\n$/);
  });

  describe('through weft serve', () => {
    it('prunes past --retain as it starts and on its schedule, and deletes a run on DELETE /runs/:id with the delete role only', async () => {
      const first = await runOf('Breaks');
      const second = await runOf('Parent');
      const tokens = [
        { name: 'ops', token: 'ops-token-0123456789abcd', roles: ['read', 'operate'] },
        { name: 'janitor', token: 'janitor-token-0123456789', roles: ['delete'] },
      ];
      writeFileSync(path.join(dir, 'tokens.json'), JSON.stringify(tokens));
      // Retain 2 s: the runs above are pruned within a few seconds of the start (every 1 s).
      const served = startWeft(['serve', 'flows.weft', '--port', '0', '--tokens', 'tokens.json', '--retain', '2s'], { cwd: dir });
      running.push(served);
      const url = await servedUrl(served);
      const del = (id: string, token: string) => fetch(`${url}/runs/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      assert.equal((await del(first, 'ops-token-0123456789abcd')).status, 403, 'operate does not delete');
      const deleted = await del(first, 'janitor-token-0123456789');
      if (deleted.status === 200) assert.deepEqual(await deleted.json(), { runId: first, workflow: 'Breaks', status: 'failed', subRuns: [] });
      else assert.equal(deleted.status, 404, 'pruned already');
      assert.equal((await del('run_nothing', 'janitor-token-0123456789')).status, 404);
      for (let i = 0; i < 200 && (await runs()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(await runs(), [], `the server pruned ${second} and its sub-run`);
      const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer ops-token-0123456789abcd' } })).text();
      assert.match(metrics, /^weft_runs_pruned_total 3$/m);
      served.child.kill('SIGTERM');
      const out = await served.result;
      assert.equal(out.code, 0);
      assert.match(out.stdout, /ended runs kept 2s/);
      assert.match(out.stdout, /pruned [12] run\(s\) and 1 sub-run\(s\) that ended before /);
    });
  });
});
