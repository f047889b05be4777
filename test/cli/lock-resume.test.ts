// Locks after a crash, for real: `weft serve` carries a run whose sub-workflow call holds
// `lock "desk"` while the child's HTTP call (to a loopback server that records overlapping
// calls) is in flight, and is killed with SIGKILL. The next `weft serve` on the store resumes
// that run and starts a second one of the same workflow beside it: the resumed call takes its
// lock again before it re-attaches to its child, so no two calls are ever in the locked section
// at once (before, the resumed child ran its call unlocked while the second run held the lock).
// The same for an idempotent task that holds the lock itself and runs again on resume.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { servedUrl, startWeft, stopAll, type RunningWeft } from './weft-process.js';

describe('locks across a crash (weft serve, SIGKILL, resumed beside a second run)', function () {
    this.timeout(90_000);
    let dir: string;
    let server: Server;
    const running: RunningWeft[] = [];
    /** Calls in the locked section now, the most there ever were, and how many came. */
    let inside = 0;
    let most = 0;
    let calls = 0;
    const waiting: Array<[number, () => void]> = [];
    const hits = (n: number) => new Promise<void>((resolve) => { if (calls >= n) resolve(); else waiting.push([n, resolve]); });

    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-lock-resume-'));
        // Each call stays inside for 1 s; a call whose caller was killed leaves when its socket closes.
        server = createServer((_req, res) => {
            inside++;
            most = Math.max(most, inside);
            calls++;
            for (const [n, resolve] of waiting) if (calls >= n) resolve();
            let left = false;
            const leave = () => { if (!left) { left = true; inside--; } };
            const timer = setTimeout(() => { leave(); res.setHeader('content-type', 'application/json'); res.end(`{"call":${calls}}`); }, 1000);
            res.on('close', () => { clearTimeout(timer); leave(); });
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        writeFileSync(path.join(dir, 'desk.weft'), `
workflow Desk {
  output o: any
  task call: workflow Guarded { lock "desk" set o = result.o }
  start -> call -> end
}

workflow DeskDirect {
  output o: any
  task hit: http GET "http://127.0.0.1:${port}/direct" { lock "desk" idempotent set o = result.body }
  start -> hit -> end
}

workflow Guarded {
  output o: any
  task hit: http GET "http://127.0.0.1:${port}/hit" { idempotent set o = result.body }
  start -> hit -> end
}
`);
    });

    after(async () => {
        await stopAll(running);
        server.close();
        rmSync(dir, { recursive: true, force: true });
    });

    async function serve(): Promise<{ weft: RunningWeft; url: string }> {
        const weft = startWeft(['serve', 'desk.weft', '--port', '0', '--adopt-every', '0'], { cwd: dir });
        running.push(weft);
        return { weft, url: await servedUrl(weft) };
    }

    beforeEach(() => {
        inside = most = calls = 0;
        waiting.length = 0;
    });

    async function startRun(url: string, workflow: string): Promise<string> {
        const res = await fetch(`${url}/workflows/${workflow}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"inputs":{}}' });
        const body = await res.json() as { runId?: string };
        assert.ok(res.status < 300 && body.runId, `start: ${res.status} ${JSON.stringify(body)}`);
        return body.runId;
    }

    async function finished(url: string, runId: string): Promise<string> {
        for (let i = 0; i < 600; i++) {
            const body = await (await fetch(`${url}/runs/${runId}`)).json() as { status: string };
            if (body.status !== 'running' && body.status !== 'waiting') return body.status;
            await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`run ${runId} did not end`);
    }

    // Both: the killed call, the resumed run's call again, the second run's call.
    for (const [workflow, what] of [['Desk', 'a sub-workflow call holding the lock re-takes it before it re-attaches to its child'], ['DeskDirect', 'a task holding the lock re-takes it when it runs again']]) it(`${what}: never two callers inside at once`, async () => {
        const first = await serve();
        const one = await startRun(first.url, workflow!);
        await hits(1);
        first.weft.child.kill('SIGKILL');
        await first.weft.result;
        const second = await serve();
        const two = await startRun(second.url, workflow!);
        assert.equal(await finished(second.url, one), 'completed');
        assert.equal(await finished(second.url, two), 'completed');
        assert.equal(calls, 3);
        assert.equal(most, 1, 'two calls were inside the locked section at once');
        await stopAll(running);
    });
});
