// The `weft` command on a PostgreSQL store (`--store postgres://…?schema=…` or `WEFT_STORE`),
// against a real PostgreSQL server (Debian's, on loopback: test/support/postgres-server.ts):
// runs, listings, `show`, `stats` and `prune`; a run whose process is killed resumed from the
// database; a run whose database goes away mid-run stops with a clear line and resumes once the
// database is back; `weft run --key` following a run another process carries there; `weft serve`
// on the store; and a store that cannot be reached.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ownPostgresServer, postgresServer, type OwnPostgresServer } from '../support/postgres-server.js';
import { jsonOf, runWeft, servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Greet {
  input name: string = "world"
  output greeting: string
  task greet: script """
    export default ({ who }) => ({ text: \`Hello, \${who}!\` })
  """ { with { who: name } set greeting = result.text }
  start -> greet -> end
}

workflow Ask {
  output ok: boolean
  approval a { ask "ship it?" }
  set done { ok = a.approved }
  start -> a -> done -> end
}

workflow Hear {
  output got: string
  wait w for event "nudge"
  set done { got = w.data.who }
  start -> w -> done -> end
}

workflow Held {
  output n: number
  wait w for 60s
  set done { n = 7 }
  start -> w -> done -> end
}

workflow Slow {
  output n: number
  set one { n = 1 }
  wait w for 2500ms
  set done { n = n + 1 }
  start -> one -> w -> done -> end
}
`;

interface Outcome { runId: string; status: string; outputs: Record<string, unknown>; trace: Array<{ node: string; status: string }> }

describe('weft on a PostgreSQL store', function () {
  this.timeout(90_000);
  let dir: string;
  let store: string;
  let schemas = 0;
  const running: RunningWeft[] = [];
  // TMPDIR: what the processes keep beside a PostgreSQL store (carrier records, the serve marker)
  // goes to the temporary folder; the test's own is removed after each test.
  const weft = (...args: string[]) => runWeft([...args, '--store', store], { cwd: dir, env: { TMPDIR: dir } });

  before(async function () {
    this.timeout(120_000);
    await postgresServer();
  });
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-pgcli-'));
    writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
    store = `${(await postgresServer()).url}?schema=cli${process.pid}_${++schemas}`;
  });
  afterEach(async () => {
    await stopAll(running);
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Two `weft serve` on one store in `schema`, as workers on two machines: two names of one
   * database (127.0.0.1 and localhost), so what each process keeps beside the store (carrier
   * records, the serve marker) is apart, as it is on two machines. Each looks for runs left
   * behind every 0.3 s.
   */
  async function twoWorkers(schema: string): Promise<{ a: RunningWeft; b: RunningWeft; urlA: string; urlB: string; storeB: string }> {
    const port = (await postgresServer()).port;
    const storeA = `postgres://weft@127.0.0.1:${port}/postgres?schema=${schema}`;
    const storeB = `postgres://weft@localhost:${port}/postgres?schema=${schema}`;
    const a = startWeft(['serve', 'flows.weft', '--port', '0', '--store', storeA, '--adopt-every', '0.3'], { cwd: dir, env: { TMPDIR: dir } });
    running.push(a);
    const urlA = await servedUrl(a);
    const b = startWeft(['serve', 'flows.weft', '--port', '0', '--store', storeB, '--adopt-every', '0.3'], { cwd: dir, env: { TMPDIR: dir } });
    running.push(b);
    return { a, b, urlA, urlB: await servedUrl(b), storeB };
  }

  it('runs a workflow into the database, and lists, shows, counts and prunes its runs there', async () => {
    const ran = await weft('run', 'flows.weft', '--workflow', 'Greet', '--input', '{"name":"Ada"}', '--json');
    assert.equal(ran.code, 0, ran.stderr);
    const outcome = jsonOf<Outcome>(ran);
    assert.deepEqual([outcome.status, outcome.outputs], ['completed', { greeting: 'Hello, Ada!' }]);
    const listed = jsonOf<Array<{ runId: string; status: string }>>(await weft('runs', '--json'));
    assert.deepEqual(listed.map((r) => [r.runId, r.status]), [[outcome.runId, 'completed']]);
    const shown = await weft('show', outcome.runId);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Greet 0\.0\.0 — completed/);
    const stats = await weft('stats', 'Greet');
    assert.match(stats.stdout, /^Greet: 1 run, 1 completed, 0 failed/);
    // Nothing was written next to the workflow: the store is the database.
    assert.equal((await runWeft(['runs', '--json'], { cwd: dir, env: { TMPDIR: dir } })).stdout.trim(), '[]');

    const vacuum = await weft('prune', outcome.runId, '--vacuum');
    assert.equal(vacuum.code, 2);
    assert.match(vacuum.stderr, /--vacuum is for a SQLite store/);
    const pruned = await weft('prune', outcome.runId, '--json');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual(jsonOf<Array<{ runId: string }>>(await weft('runs', '--json')), []);
  });

  it('follows a keyed run another process carries in the database, from another folder, and names the store without its password', async () => {
    mkdirSync(path.join(dir, 'elsewhere'));
    const elsewhere = { cwd: path.join(dir, 'elsewhere'), env: { TMPDIR: dir } };
    // The test server trusts loopback: the password is never asked for, only carried in the address.
    const withPassword = store.replace('postgres://weft@', 'postgres://weft:s3cret-pw@');
    assert.notEqual(withPassword, store);
    const args = ['run', '../flows.weft', '--workflow', 'Held', '--key', 'nightly', '--store', withPassword];
    const carrying = startWeft(args, elsewhere);
    running.push(carrying);
    await carrying.printed('▸ w');
    const following = startWeft([...args, '--json'], elsewhere);
    running.push(following);
    await following.said(': following it (weft watch ');
    const [{ runId }] = jsonOf<Array<{ runId: string }>>(await weft('runs', '--workflow', 'Held', '--json'));
    // The wait ended by hand, from a third process: the carrier is asked through the database.
    const skipped = await runWeft(['skip', runId!, 'w', '--store', withPassword], elsewhere);
    assert.equal(skipped.code, 0, skipped.stderr);
    const [carried, follower] = await Promise.all([carrying.result, following.result]);
    assert.equal(carried.code, 0, carried.stderr);
    assert.equal(follower.code, 0, follower.stderr);
    const outcome = jsonOf<Outcome>(follower);
    assert.deepEqual([outcome.runId, outcome.status, outcome.outputs], [runId, 'completed', { n: 7 }]);
    // The hint gives the store as the command was given it, less the password.
    const hint = /: following it \(weft watch (\S+) --store '([^']+)'\)\n$/.exec(follower.stderr);
    assert.ok(hint, follower.stderr);
    assert.deepEqual([hint[1], hint[2]], [runId, store]);
    for (const text of [carried.stdout, carried.stderr, follower.stdout, follower.stderr, skipped.stdout, skipped.stderr]) assert.ok(!text.includes('s3cret-pw'), text);
    // Nothing was made in the folder the commands ran in.
    assert.deepEqual(readdirSync(path.join(dir, 'elsewhere')), []);
  });

  it('resumes from the database a run whose process was killed, running no completed node again', async () => {
    const first = startWeft(['run', 'flows.weft', '--workflow', 'Slow', '--store', store], { cwd: dir, env: { TMPDIR: dir } });
    running.push(first);
    await first.printed('▸ w');
    first.child.kill('SIGKILL');
    await first.result;
    const [run] = jsonOf<Array<{ runId: string; status: string }>>(await weft('runs', '--json'));
    assert.equal(run!.status, 'waiting');
    const resumed = await weft('resume', run!.runId, '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    const outcome = jsonOf<Outcome>(resumed);
    assert.deepEqual([outcome.status, outcome.outputs], ['completed', { n: 2 }]);
    assert.deepEqual(outcome.trace.filter((t) => t.node === 'one').length, 1, 'one ran once');
  });

  it('serves workflows on the store: a run started over HTTP is in the database', async () => {
    const serve = startWeft(['serve', 'flows.weft', '--port', '0', '--store', store], { cwd: dir, env: { TMPDIR: dir } });
    running.push(serve);
    const url = await servedUrl(serve);
    assert.match(serve.output(), /\(store postgres:\/\/weft@127\.0\.0\.1:\d+\/postgres\?schema=cli\d+_\d+\)/);
    const started = await fetch(`${url}/workflows/Greet/runs?wait=10`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":{"name":"server"}}' });
    assert.equal(started.status, 200, await started.clone().text());
    const body = await started.json() as { runId: string; status: string; outputs: Record<string, unknown> };
    assert.deepEqual([body.status, body.outputs], ['completed', { greeting: 'Hello, server!' }]);
    const listed = jsonOf<Array<{ runId: string; status: string }>>(await weft('runs', '--json'));
    assert.deepEqual(listed.map((r) => [r.runId, r.status]), [[body.runId, 'completed']]);
  });

  it('runs two servers on one store as workers on two machines: a run is carried by one, and taken over by the other when that one dies', async () => {
    const { a, b, urlA, urlB, storeB } = await twoWorkers(`workers${process.pid}`);
    const started = await fetch(`${urlA}/workflows/Ask/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { runId } = await started.json() as { runId: string };
    // B looks again and again (every 0.3 s) and leaves the run to A, which holds it.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.doesNotMatch(b.output(), new RegExp(`resumed ${runId}`));
    // A CLI on a third machine (a temporary folder of its own: no local record of either server)
    // is told by the database who carries the run.
    const elsewhere = mkdtempSync(path.join(dir, 'third-'));
    const shown = await runWeft(['show', runId, '--store', storeB, '--json'], { cwd: dir, env: { TMPDIR: elsewhere } });
    assert.match((JSON.parse(shown.stdout) as { carriedBy: { holder: string } }).carriedBy.holder, /^weft serve \(pid \d+\) on \S+$/);
    const emitted = await runWeft(['emit', 'nudge', '--store', storeB], { cwd: dir, env: { TMPDIR: elsewhere } });
    assert.equal(emitted.code, 0, emitted.stderr);
    assert.equal(emitted.stdout, "No run took 'nudge'\n", 'offered to the run on A, which does not wait for it');
    assert.equal(emitted.stderr, '');
    // A dies: its database session ends, and B takes the run over at its next looks.
    a.child.kill('SIGKILL');
    await b.printed(`resumed ${runId} of Ask: no live process carries it`);
    const approved = await fetch(`${urlB}/runs/${runId}/approve?wait=10`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"node":"a"}' });
    assert.equal(approved.status, 200, await approved.clone().text());
    const run = await (await fetch(`${urlB}/runs/${runId}?wait=10`)).json() as { status: string; outputs: Record<string, unknown> };
    for (let i = 0; i < 50 && run.status !== 'completed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      Object.assign(run, await (await fetch(`${urlB}/runs/${runId}`)).json());
    }
    assert.deepEqual([run.status, run.outputs], ['completed', { ok: true }]);
  });

  it('passes a control or an event asked of one worker on to the worker on another machine that carries the run, and says when that one does not answer', async function () {
    this.timeout(120_000);
    const { a, b, urlA, urlB, storeB } = await twoWorkers(`asks${process.pid}`);
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const startOnA = async (workflow: string) => (await (await post(`${urlA}/workflows/${workflow}/runs`, {})).json() as { runId: string }).runId;
    interface Served { status: string; outputs: Record<string, unknown>; audit: Array<{ actor: string; action: string }> }
    const until = async (runId: string, status: string): Promise<Served> => {
      for (let i = 0; ; i++) {
        const run = await (await fetch(`${urlB}/runs/${runId}`)).json() as Served;
        if (run.status === status || i === 100) return run;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const holder = /weft serve \(pid \d+\) on \S+/;

    // An approval asked of B: A, which carries the run, applies it (journaled as B's caller) and carries it on.
    const asked = await startOnA('Ask');
    const approved = await post(`${urlB}/runs/${asked}/approve`, { node: 'a', comment: 'from B' });
    assert.equal(approved.status, 200, await approved.clone().text());
    const done = await until(asked, 'completed');
    assert.deepEqual([done.status, done.outputs], ['completed', { ok: true }]);
    assert.ok(done.audit.some((e) => e.actor === 'api:anonymous' && /approve/i.test(e.action)), JSON.stringify(done.audit));
    assert.doesNotMatch(b.output(), new RegExp(`resumed ${asked}`), 'A carried it on, B did not take it');
    assert.match(a.output(), new RegExp(`approve of run ${asked} asked from another process \\(api:anonymous\\): applied\n`));
    // A control that does not apply is A's answer, as B's own would be.
    const other = await startOnA('Ask');
    assert.match((await (await fetch(`${urlB}/runs/${other}`)).json() as { carriedBy: { holder: string } }).carriedBy.holder, new RegExp(`^${holder.source}$`));
    const wrong = await post(`${urlB}/runs/${other}/approve`, { node: 'nope' });
    assert.equal(wrong.status, 409);
    assert.match((await wrong.json() as { message: string }).message, /nope/);

    // An event posted to B is offered to the runs A carries; the one waiting for it takes it.
    const hearing = await startOnA('Hear');
    const event = await post(`${urlB}/events`, { type: 'nudge', data: { who: 'Ada' } });
    assert.equal(event.status, 202);
    assert.deepEqual((await event.json() as { took: string[] }).took, [hearing]);
    assert.match(a.output(), new RegExp(`event nudge asked from another process \\(api:anonymous\\): taken by ${hearing}\n`));
    assert.deepEqual((await until(hearing, 'completed')).outputs, { got: 'Ada' });

    // The CLI on a third machine (no local record of either server): its event and its cancel reach A.
    const elsewhere = mkdtempSync(path.join(dir, 'third-'));
    const third = (...args: string[]) => runWeft([...args, '--store', storeB], { cwd: dir, env: { TMPDIR: elsewhere } });
    const listening = await startOnA('Hear');
    // The follow-up command names the store, which is not the default here (without a password, which this URL has not).
    const storeArg = ` --store '${storeB}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match((await third('show', listening)).stdout, new RegExp(`\n {2}carried by ${holder.source}: controls are passed to it; follow it with weft watch ${listening}${storeArg}\n`));
    const emitted = await third('emit', 'nudge', '--data', '{"who":"Bo"}');
    assert.equal(emitted.code, 0, emitted.stderr);
    assert.match(emitted.stdout, new RegExp(`^'nudge' taken by ${listening} \\(carried on by ${holder.source}\\)\n$`));
    assert.deepEqual((await until(listening, 'completed')).outputs, { got: 'Bo' });
    const cancelled = await third('cancel', other);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, new RegExp(`^Cancelled run ${other}: applied by ${holder.source}; the run is cancelled\n$`));
    assert.equal((await until(other, 'cancelled')).status, 'cancelled');

    // A stopped (alive, its session open, but not answering): B withdraws the request after 10 s, and nothing is done.
    const waiting = await startOnA('Ask');
    a.child.kill('SIGSTOP');
    try {
      const stuck = await post(`${urlB}/runs/${waiting}/approve`, { node: 'a' });
      assert.equal(stuck.status, 504);
      assert.match((await stuck.json() as { message: string }).message, new RegExp(`^Run ${waiting}: ${holder.source} did not take the request up within 10 s; nothing was done$`));
    } finally {
      a.child.kill('SIGCONT');
    }
    const still = await (await fetch(`${urlB}/runs/${waiting}`)).json() as Served;
    assert.notEqual(still.status, 'completed');
    assert.ok(!still.audit.some((e) => /approve/i.test(e.action)), 'no approval was recorded');
    // Continued, A takes the same approval, asked by the CLI on the third machine.
    const late = await third('approve', waiting, 'a');
    assert.equal(late.code, 0, late.stderr);
    // Said as the store has the run when A answers: still going there, or already at its end.
    assert.match(late.stdout, new RegExp(`^Approved 'a' of run ${waiting}: applied by ${holder.source}(, which carries the run on \\(follow it with: weft watch ${waiting}${storeArg}\\)|; the run is completed)\n$`));
    assert.deepEqual((await until(waiting, 'completed')).outputs, { ok: true });
  });

  it('says in one line which store it cannot reach, without the password, and exits 2', async () => {
    const r = await runWeft(['runs', '--store', 'postgres://weft:s3cret@127.0.0.1:1/postgres'], { cwd: dir, env: { TMPDIR: dir } });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'weft runs: cannot use the run store postgres://weft:***@127.0.0.1:1/postgres: connect ECONNREFUSED 127.0.0.1:1\n');
    const bad = await runWeft(['runs', '--store', 'postgres://[oops'], { cwd: dir, env: { TMPDIR: dir } });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /is not a PostgreSQL URL/);
  });

  describe('when the database goes away mid-run', () => {
    let own: OwnPostgresServer;
    before(async function () {
      this.timeout(120_000);
      own = await ownPostgresServer();
    });
    after(() => own.remove());

    it('stops the run with a clear line and exit 1, and resumes it once the database is back', async () => {
      const ownStore = `${own.url}?schema=away`;
      const first = startWeft(['run', 'flows.weft', '--workflow', 'Slow', '--store', ownStore], { cwd: dir, env: { TMPDIR: dir } });
      running.push(first);
      await first.printed('▸ w');
      own.stop();
      const ended = await first.result;
      own.restart();
      assert.equal(ended.code, 1, ended.stderr);
      const m = /^weft: run (\S+) stopped: its journal could not be written \((.+)\); nothing after its last durable event was recorded\. Continue it with: weft resume \1 --store 'postgres:\/\/[^:@/']+@[^']+\?schema=away'\n$/.exec(ended.stderr);
      assert.ok(m, ended.stderr);
      const resumed = await runWeft(['resume', m[1]!, '--store', ownStore, '--json'], { cwd: dir, env: { TMPDIR: dir } });
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.deepEqual(jsonOf<Outcome>(resumed).outputs, { n: 2 });
    });
  });
});
