// Session 21: how runs end, through real `weft` processes on one SQLite store. `weft retry` and
// `weft skip` of a failed parallel run give back the sibling branch its failure withdrew (a real
// loopback HTTP stub counts the requests); a cancelled run that was paused is not paused (also
// when the pause and the cancel are passed to a live `weft run` carrier); `weft run --events`
// does not hold a process whose runs have all ended until its scheduled events' time.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, type RunningWeft } from './weft-process.js';

/** x fails with 503 on its first request and answers on the next; y answers after 1 s. */
const SPLIT = (port: number) => `
workflow RetryJoin {
  output ox: any
  output oy: any
  task x: http GET "http://127.0.0.1:${port}/flaky/x" { set ox = result.body.path }
  task y: http GET "http://127.0.0.1:${port}/slow/y?ms=1000" { set oy = result.body.path }
  join j
  start -> [x, y] -> j -> end
}
`;

const APPROVE = `
workflow Approve {
  output ok: boolean
  approval review { ask "Go ahead?" assignee "me" }
  set yes { ok = true }
  set no { ok = false }
  start -> review
  review -> yes when review.approved
  review -> no otherwise
  yes -> end
  no -> end
}
`;

const QUICK = `
workflow Quick {
  output greeting: string
  set hello { greeting = "hello" }
  start -> hello -> end
}
`;

interface RunJson { runId: string; status: string; outputs: Record<string, unknown> }

describe('weft: how runs end (retry and skip of a split, cancel of a paused run, --events)', function () {
    this.timeout(60_000);
    let dir: string;
    let store: string;
    let server: http.Server;
    let port: number;
    let running: RunningWeft | undefined;
    const counts: Record<string, number> = {};
    const weft = (...args: string[]) => runWeft([...args, '--store', store], { cwd: dir, env: { USER: 'tester' } });

    before(async () => {
        server = http.createServer((req, res) => {
            const url = new URL(req.url!, 'http://stub');
            const p = url.pathname;
            counts[p] = (counts[p] ?? 0) + 1;
            const answer = (status: number, body: object) => {
                res.statusCode = status;
                res.setHeader('content-type', 'application/json');
                res.end(JSON.stringify(body));
            };
            if (p.startsWith('/slow')) setTimeout(() => answer(200, { path: p }), Number(url.searchParams.get('ms') ?? 500));
            else if (p.startsWith('/flaky')) answer(counts[p]! % 2 === 1 ? 503 : 200, counts[p]! % 2 === 1 ? { error: 'Flaky' } : { path: p });
            else answer(404, {});
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-endings-'));
        store = path.join(dir, 'runs.db');
        for (const k of Object.keys(counts)) delete counts[k];
        writeFileSync(path.join(dir, 'split.weft'), SPLIT(port));
        writeFileSync(path.join(dir, 'approve.weft'), APPROVE);
        writeFileSync(path.join(dir, 'quick.weft'), QUICK);
    });
    afterEach(async () => {
        if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
        await running?.result;
        running = undefined;
        rmSync(dir, { recursive: true, force: true });
    });

    it('weft retry of the failed branch of a split runs the withdrawn sibling again: both outputs, the join gets both', async () => {
        const failed = jsonOf<RunJson>(await weft('run', 'split.weft', '--json'));
        assert.equal(failed.status, 'failed');
        assert.deepEqual(counts, { '/flaky/x': 1, '/slow/y': 1 });
        const retried = await weft('retry', failed.runId, 'x', '--json');
        assert.equal(retried.code, 0, retried.stderr);
        const run = jsonOf<RunJson>(retried);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { ox: '/flaky/x', oy: '/slow/y' });
        // y's first request was withdrawn in flight (the stub saw it); the restored branch sent it again.
        assert.deepEqual(counts, { '/flaky/x': 2, '/slow/y': 2 });
        const shown = jsonOf<{ audit: Array<{ actor: string; action: string }>; history: Array<{ node: string; status: string }> }>(await weft('show', failed.runId, '--json'));
        assert.deepEqual(shown.audit.map((a) => [a.actor, a.action]), [
            ['cli:tester', "retried 'x'"],
            ['cli:tester', "restored the branches the failure withdrew: 'y' (started again; not marked idempotent)"],
        ]);
        assert.deepEqual(shown.history.filter((h) => h.node === 'y' || h.node === 'j').map((h) => `${h.node}:${h.status}`), ['y:cancelled', 'y:completed', 'j:completed']);
    });

    it('weft skip of the failed branch of a split: the skipped result and the restored sibling\'s both reach the outputs', async () => {
        const failed = jsonOf<RunJson>(await weft('run', 'split.weft', '--json'));
        assert.equal(failed.status, 'failed');
        const skipped = await weft('skip', failed.runId, 'x', '--result', '{"body":{"path":"manual"}}', '--json');
        assert.equal(skipped.code, 0, skipped.stderr);
        const run = jsonOf<RunJson>(skipped);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { ox: 'manual', oy: '/slow/y' });
        assert.deepEqual(counts, { '/flaky/x': 1, '/slow/y': 2 });
    });

    it('a cancelled run that was paused is not paused: show gives no resume hint, pause is refused with exit 1', async () => {
        const waiting = jsonOf<RunJson>(await weft('run', 'approve.weft', '--json'));
        const R = waiting.runId;
        assert.equal((await weft('pause', R)).code, 0);
        assert.equal((await weft('cancel', R, '--reason', 'test')).code, 0);
        const text = (await weft('show', R)).stdout;
        assert.match(text, new RegExp(`^Run ${R}: Approve \\S+ — cancelled\n`));
        assert.doesNotMatch(text, /\(paused\)|weft resume/);
        assert.equal(jsonOf<{ paused: boolean }>(await weft('show', R, '--json')).paused, false);
        const pause = await weft('pause', R);
        assert.equal(pause.code, 1);
        assert.equal(pause.stderr, `weft pause: Cannot pause run ${R}: it is cancelled\n`);
    });

    it('the same through a live weft run carrier, which then exits at once, dropping its scheduled event', async () => {
        writeFileSync(path.join(dir, 'later.json'), '[{"type":"later","at":"10m"}]');
        const started = Date.now();
        const carrier = running = startWeft(['run', 'approve.weft', '--events', '@later.json', '--store', store], { cwd: dir });
        await carrier.printed('? review waits for approval');
        const pid = carrier.child.pid!;
        const carriers = `${store}.carriers`;
        const record = readdirSync(carriers).find((f) => f.startsWith(`${pid}-`))!;
        const [R] = (JSON.parse(readFileSync(path.join(carriers, record), 'utf8')) as { runIds: string[] }).runIds;
        const paused = await weft('pause', R!);
        assert.equal(paused.code, 0, paused.stderr);
        assert.match(paused.stdout, new RegExp(`applied by weft run \\(pid ${pid}\\)`));
        const cancelled = await weft('cancel', R!);
        assert.equal(cancelled.code, 0, cancelled.stderr);
        assert.match(cancelled.stdout, new RegExp(`applied by weft run \\(pid ${pid}\\)`));
        const ended = await carrier.result;
        assert.ok(Date.now() - started < 30_000, 'the carrier does not wait for the event at 10m');
        assert.equal(ended.code, 1, ended.stderr);
        assert.match(ended.stdout, new RegExp(`Run ${R} cancelled\n`));
        assert.match(ended.stderr, /weft: 1 scheduled event was not delivered: every run had ended\n/);
        const shown = jsonOf<{ status: string; paused: boolean }>(await weft('show', R!, '--json'));
        assert.deepEqual([shown.status, shown.paused], ['cancelled', false]);
        assert.equal((await weft('pause', R!)).code, 1);
    });

    it('weft run --events on the real clock exits once its run has ended, saying how many events were not delivered', async () => {
        writeFileSync(path.join(dir, 'ev.json'), '[{"type":"whatever","at":"1h"},{"type":"other","at":"2h"}]');
        const started = Date.now();
        const done = await weft('run', 'quick.weft', '--events', '@ev.json');
        assert.ok(Date.now() - started < 30_000, 'not held until the events\' time');
        assert.equal(done.code, 0, done.stderr);
        assert.match(done.stdout, /completed\n {2}outputs \{"greeting":"hello"\}\n$/);
        assert.equal(done.stderr, 'weft: 2 scheduled events were not delivered: every run had ended\n');
    });
});
