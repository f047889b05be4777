// Locks and concurrency limits between processes, for real: several `weft run` processes on one
// store file, each running a workflow whose HTTP call (to a loopback server that holds every call
// until the test lets it go, and counts how many are inside at once) holds `lock "desk"` or a
// `limits { concurrency 2 }` slot. The processes exclude each other through the store's `slots`
// table; a process killed with SIGKILL while it holds the lock lets the next one in. Before, locks
// were per process, and every process's call went in at once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, stopAll, type RunningWeft } from './weft-process.js';

describe('locks between processes on one store (weft run ×3)', function () {
    this.timeout(90_000);
    let dir: string;
    let server: Server;
    /** Calls inside now (held by the server), the most there ever were, and how many came. */
    const inside: ServerResponse[] = [];
    let most = 0;
    let calls = 0;
    const running: RunningWeft[] = [];

    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-lock-processes-'));
        server = createServer((_req, res) => {
            calls++;
            inside.push(res);
            most = Math.max(most, inside.length);
            res.on('close', () => { const at = inside.indexOf(res); if (at >= 0) inside.splice(at, 1); });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        writeFileSync(path.join(dir, 'desk.weft'), `
workflow Desk {
  output o: any
  task hit: http GET "http://127.0.0.1:${port}/desk" { lock "desk" timeout 60s set o = result.body }
  start -> hit -> end
}

workflow Pair {
  output o: any
  task hit: http GET "http://127.0.0.1:${port}/pair" { limits { concurrency 2 } timeout 60s set o = result.body }
  start -> hit -> end
}
`);
    });

    after(async () => {
        await stopAll(running);
        server.closeAllConnections();
        server.close();
        rmSync(dir, { recursive: true, force: true });
    });

    beforeEach(() => {
        most = calls = 0;
        inside.length = 0;
        rmSync(path.join(dir, '.weft'), { recursive: true, force: true });
    });

    /** Lets the oldest call inside go, with its answer. */
    const letOneGo = () => {
        const res = inside.shift()!;
        res.setHeader('content-type', 'application/json');
        res.end(`{"call":${calls}}`);
    };

    const until = async (cond: () => boolean, what: string, ms = 30_000) => {
        const end = Date.now() + ms;
        while (!cond()) {
            if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
            await new Promise((r) => setTimeout(r, 20));
        }
    };

    /** How many runs of the store have started (their processes are under way). */
    const runsStarted = async () => jsonOf<unknown[]>(await runWeft(['runs', '--json'], { cwd: dir })).length;

    /** Starts `n` `weft run` processes of `workflow` on the folder's store, and waits until each has started its run (`before`: runs the store had). */
    const startRuns = async (workflow: string, n: number, before = 0, json = true) => {
        const procs = Array.from({ length: n }, () => startWeft(['run', 'desk.weft', '--workflow', workflow, ...(json ? ['--json'] : [])], { cwd: dir }));
        running.push(...procs);
        for (let i = 0; i < 600 && (await runsStarted()) < before + n; i++) await new Promise((r) => setTimeout(r, 100));
        assert.equal(await runsStarted(), before + n);
        return procs;
    };

    it('one call at a time under lock "desk": the others wait in their processes, and go in one by one', async () => {
        const procs = await startRuns('Desk', 3);
        await until(() => inside.length >= 1, 'the first call');
        // Every process has its run under way; only one is inside.
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(inside.length, 1, 'a second process went in under the lock');
        // `weft show` says which run holds the lock and who waits for it.
        const runIds = jsonOf<Array<{ runId: string }>>(await runWeft(['runs', '--json'], { cwd: dir })).map((r) => r.runId);
        const shown = await Promise.all(runIds.map(async (id) => ({ id, text: (await runWeft(['show', id], { cwd: dir })).stdout, json: jsonOf<{ slots?: Array<{ node: string; lock?: string; holds: boolean; heldBy: Array<{ runId: string; node: string; by: string }> }> }>(await runWeft(['show', id, '--json'], { cwd: dir })) })));
        const holding = shown.filter((s) => s.json.slots?.[0]?.holds === true);
        assert.equal(holding.length, 1, shown.map((s) => s.text).join('\n'));
        const holderRun = holding[0]!.id;
        assert.match(holding[0]!.text, /^ {2}holds {5}lock "desk" \(task 'hit'\)$/m);
        for (const waiter of shown.filter((s) => s.id !== holderRun)) {
            assert.deepEqual(waiter.json.slots?.map((slot) => [slot.node, slot.lock, slot.holds, slot.heldBy.map((h) => h.runId)]), [['hit', 'desk', false, [holderRun]]]);
            assert.match(waiter.text, new RegExp(`^ {2}waiting {3}task 'hit' for lock "desk", held by run ${holderRun} \\(task 'hit', pid \\d+\\)$`, 'm'));
        }
        // `weft watch` of a waiting run says what it waits for, and who holds it.
        const waiterRun = shown.find((x) => x.id !== holderRun)!.id;
        const watch = startWeft(['watch', waiterRun], { cwd: dir });
        running.push(watch);
        await watch.printed('⋯ hit waits for');
        assert.match(watch.output(), new RegExp(`^ {2}⋯ hit waits for lock "desk", held by run ${holderRun} \\(task 'hit', pid \\d+\\)$`, 'm'));
        for (let i = 1; i < 3; i++) {
            letOneGo();
            await until(() => calls === i + 1 && inside.length === 1, `call ${i + 1}`);
            await new Promise((r) => setTimeout(r, 300));
            assert.equal(inside.length, 1);
        }
        letOneGo();
        for (const p of procs) {
            const result = await p.result;
            assert.equal(result.code, 0, result.stderr);
            assert.equal(jsonOf<{ status: string }>(result).status, 'completed');
        }
        assert.equal(calls, 3);
        assert.equal(most, 1, 'two calls were inside the locked section at once');
        const watched = await watch.result;
        assert.equal(watched.code, 0, watched.stderr);
        assert.equal(watched.stdout.split('⋯').length - 1, 1, `the wait was told more than once:\n${watched.stdout}`);
    });

    it('a concurrency limit of 2 across three processes: two inside, the third when one leaves', async () => {
        const procs = await startRuns('Pair', 3);
        await until(() => inside.length >= 2, 'two calls');
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(inside.length, 2, 'a third process went in beside the two');
        letOneGo();
        await until(() => calls === 3, 'the third call');
        letOneGo();
        letOneGo();
        for (const p of procs) assert.equal((await p.result).code, 0);
        assert.equal(most, 2);
    });

    it('a process killed with SIGKILL while it holds the lock lets the next one in; its run waits to be resumed', async () => {
        const [first] = await startRuns('Desk', 1);
        await until(() => inside.length >= 1, 'the first call');
        const firstRun = jsonOf<Array<{ runId: string }>>(await runWeft(['runs', '--json'], { cwd: dir }))[0]!.runId;
        // Without --json: its live progress says what it waits for.
        const [second] = await startRuns('Desk', 1, 1, false);
        await new Promise((r) => setTimeout(r, 1000));
        assert.equal(inside.length, 1, 'the second process went in under the first one\'s lock');
        // The holder dies: nothing is released, but its ticket is no longer live.
        first!.child.kill('SIGKILL');
        await first!.result;
        await until(() => calls === 2 && inside.length === 1, 'the second call', 20_000);
        letOneGo();
        const result = await second!.result;
        assert.equal(result.code, 0, result.stderr);
        const secondRun = /^Run (\S+) of Desk started$/m.exec(result.stdout)?.[1];
        assert.ok(secondRun, result.stdout);
        assert.match(result.stdout, new RegExp(`^ {2}⋯ hit waits for lock "desk" \\(another process holds it; see weft show ${secondRun}\\)$`, 'm'));
        const killed = jsonOf<{ status: string }>(await runWeft(['show', firstRun, '--json'], { cwd: dir }));
        assert.equal(killed.status, 'running', 'the killed run should wait for weft resume');
    });
});

