// `weft run --key`: at most one run of a workflow per key in a store. Run again with the key and
// the same inputs (a cron job, a CI step retried), `weft run` starts nothing and ends as that run
// does: reported when it has ended, followed while another process carries it, resumed here
// when nothing carries it (its process was killed). Other inputs under the key are refused.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Timed {
  input label: string = "x"
  output n: number
  wait w for 1500ms
  set done { n = 7 }
  start -> w -> done -> end
}

workflow Held {
  output n: number
  wait w for 60s
  set done { n = 7 }
  start -> w -> done -> end
}

workflow Ask {
  output ok: boolean
  approval a { ask "go?" }
  set done { ok = a.approved }
  start -> a -> done -> end
}

workflow Broken {
  set a { }
  fail stop "nothing to do" code Empty
  start -> a -> stop
}
`;

interface Outcome { runId: string; status: string; outputs: Record<string, unknown> }

describe('weft run --key', function () {
  this.timeout(60_000);
  let dir: string;
  const running: RunningWeft[] = [];
  const weft = (...args: string[]) => runWeft(args, { cwd: dir });
  const runsOf = async (workflow: string) => jsonOf<Array<{ runId: string; key?: string; status: string }>>(await weft('runs', '--workflow', workflow, '--json'));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-key-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
  });
  afterEach(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts one run per key: run again, it reports the ended run with its exit code and starts nothing; other inputs are exit 2', async () => {
    const first = await weft('run', 'flows.weft', '--workflow', 'Timed', '--virtual-time', '--key', 'nightly-2026-11-27', '--json');
    assert.equal(first.code, 0, first.stderr);
    const done = jsonOf<Outcome>(first);
    const again = await weft('run', 'flows.weft', '--workflow', 'Timed', '--virtual-time', '--key', 'nightly-2026-11-27', '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(jsonOf<Outcome>(again), done);
    assert.equal(again.stderr, `weft run: run ${done.runId} of Timed was started with the key 'nightly-2026-11-27' and has ended; nothing new was started\n`);
    const other = await weft('run', 'flows.weft', '--workflow', 'Timed', '--virtual-time', '--key', 'nightly-2026-11-27', '--input', '{"label":"y"}');
    assert.equal(other.code, 2);
    assert.match(other.stderr, /^weft run: The key 'nightly-2026-11-27' started run \S+ of Timed with other inputs; nothing was started/);
    assert.deepEqual((await runsOf('Timed')).map((r) => [r.runId, r.key]), [[done.runId, 'nightly-2026-11-27']]);
    assert.deepEqual(jsonOf<Array<{ runId: string }>>(await weft('runs', '--key', 'nightly-2026-11-27', '--json')).map((r) => r.runId), [done.runId]);
    assert.match((await weft('runs', '--key', 'no-such-key')).stdout, /^No runs/);
    const shown = await weft('show', done.runId);
    assert.match(shown.stdout, /^ {2}key {7}nightly-2026-11-27$/m);

    // A failed run's key: run again, the same failure and exit 1.
    assert.equal((await weft('run', 'flows.weft', '--workflow', 'Broken', '--key', 'b')).code, 1);
    const failedAgain = await weft('run', 'flows.weft', '--workflow', 'Broken', '--key', 'b');
    assert.equal(failedAgain.code, 1);
    assert.match(failedAgain.stdout, /failed: Empty at stop: nothing to do/);
    assert.equal((await runsOf('Broken')).length, 1);
  });

  it('follows the run while another process carries it, and resumes it when its process was killed', async () => {
    // The carried run waits until the follower follows it (a wait it ends by hand): a run that
    // ended by itself meanwhile, as a short wait does under load, would be reported, not followed.
    const carrying = startWeft(['run', 'flows.weft', '--workflow', 'Held', '--key', 'k1', '--json'], { cwd: dir });
    running.push(carrying);
    // Its first journal append is in (the run is recorded and carried) once the wait has begun.
    for (let i = 0; i < 100 && (await runsOf('Held')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const following = startWeft(['run', 'flows.weft', '--workflow', 'Held', '--key', 'k1', '--json'], { cwd: dir });
    running.push(following);
    await following.said(': following it (weft watch ');
    const [{ runId }] = await runsOf('Held');
    const skipped = await weft('skip', runId!, 'w');
    assert.equal(skipped.code, 0, skipped.stderr);
    assert.match(skipped.stdout, new RegExp(`applied by weft run \\(pid ${carrying.child.pid}\\)`), 'the carrier applies the skip');
    const carried = await carrying.result;
    const follower = await following.result;
    assert.equal(carried.code, 0, carried.stderr);
    assert.equal(follower.code, 0, follower.stderr);
    const outcome = jsonOf<Outcome>(carried);
    assert.deepEqual([outcome.runId, outcome.status, outcome.outputs], [runId, 'completed', { n: 7 }]);
    assert.deepEqual(jsonOf<Outcome>(follower), outcome);
    assert.match(follower.stderr, new RegExp(`^weft run: run ${outcome.runId} of Held was started with the key 'k1'; weft run \\(pid ${carrying.child.pid}\\) carries it: following it \\(weft watch ${outcome.runId}\\)\n`));

    const killed = startWeft(['run', 'flows.weft', '--workflow', 'Timed', '--key', 'k2'], { cwd: dir });
    running.push(killed);
    await killed.printed('▸ w');
    killed.child.kill('SIGKILL');
    await killed.result;
    const resumed = await weft('run', 'flows.weft', '--workflow', 'Timed', '--key', 'k2', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /was started with the key 'k2'; nothing carries it now: carrying it on here\n$/);
    const finished = jsonOf<Outcome>(resumed);
    assert.deepEqual([finished.status, finished.outputs], ['completed', { n: 7 }]);
    assert.deepEqual((await runsOf('Timed')).map((r) => [r.key, r.status]), [['k2', 'completed']]);
  });

  it('follows the run in the store the run command used, from another folder: --store, and the default next to the workflow', async () => {
    mkdirSync(path.join(dir, 'elsewhere'));
    mkdirSync(path.join(dir, 'stores'));
    const elsewhere = { cwd: path.join(dir, 'elsewhere') };
    const fromElsewhere = (...args: string[]) => ['run', '../flows.weft', '--workflow', 'Held', ...args];
    for (const [args, store] of [
      [['--key', 'next-to-file'], path.join(dir, '.weft', 'runs.db')],
      [['--key', 'given', '--store', '../stores/runs.db'], path.join(dir, 'stores', 'runs.db')],
    ] as const) {
      const carrying = startWeft(fromElsewhere(...(args as readonly string[])), elsewhere);
      running.push(carrying);
      await carrying.printed('▸ w');
      // The run waits until the follower follows it (a wait ended by hand), as in the test above.
      const following = startWeft(fromElsewhere(...(args as readonly string[]), '--json'), elsewhere);
      running.push(following);
      await following.said(': following it (weft watch ');
      const [{ runId }] = jsonOf<Array<{ runId: string }>>(await runWeft(['runs', '--store', store, '--workflow', 'Held', '--json'], elsewhere));
      const skipped = await runWeft(['skip', runId!, 'w', '--store', store], elsewhere);
      assert.equal(skipped.code, 0, skipped.stderr);
      const carried = await carrying.result;
      const follower = await following.result;
      assert.equal(carried.code, 0, carried.stderr);
      assert.equal(follower.code, 0, follower.stderr);
      const outcome = jsonOf<Outcome>(follower);
      assert.deepEqual([outcome.runId, outcome.status, outcome.outputs], [runId, 'completed', { n: 7 }]);
      assert.match(carried.stdout, new RegExp(`^Run ${outcome.runId} completed`, 'm'));
      // The hint names the store from the folder the command ran in (outside it: its full path).
      assert.ok(follower.stderr.endsWith(`: following it (weft watch ${outcome.runId} --store ${store})\n`), follower.stderr);
    }
    // Nothing was made in the folder the commands ran in.
    assert.deepEqual(readdirSync(path.join(dir, 'elsewhere')), []);
  });

  it('leaves a paused run paused and a waiting run waiting, and says what moves it on', async () => {
    const first = await weft('run', 'flows.weft', '--workflow', 'Ask', '--key', 'ask-1', '--json');
    const { runId } = jsonOf<Outcome>(first);
    assert.equal((await weft('pause', runId)).code, 0);
    const again = await weft('run', 'flows.weft', '--workflow', 'Ask', '--key', 'ask-1');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^Run ${runId} paused\n {2}waiting for paused: weft resume ${runId}\n {2}waiting for approval 'a': weft approve ${runId} a`));
    assert.equal((await runsOf('Ask')).length, 1);
  });

  it('refuses a key with --memory, and an empty or over-long key (exit 2)', async () => {
    for (const args of [['--memory', '--key', 'a'], ['--key', ''], ['--key', 'k'.repeat(256)]]) {
      const r = await weft('run', 'flows.weft', '--workflow', 'Timed', ...args);
      assert.equal(r.code, 2, args.join(' '));
    }
    const memory = await weft('run', 'flows.weft', '--workflow', 'Timed', '--memory', '--key', 'a');
    assert.match(memory.stderr, /--key needs a store that keeps runs; --memory keeps none/);
  });
});
