// An event for a sub-run whose parent's call queues for its lock, for real, across processes on
// one store file: a `weft run` leaves a run whose call of a sub-workflow under `lock "desk"` waits
// in its sub-run for event "go". Another `weft run` then holds "desk" (its HTTP call held by a
// loopback server). `weft emit go` wakes the first run, whose call queues for "desk" behind the
// holder: the event is kept in the sub-run's journal, and `weft emit` ends. Once the holder is let
// go, `weft resume` re-attaches the sub-run, which takes the kept event and completes (before
// session 27 the event was lost, and the sub-run waited for the next one).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, stopAll, type RunningWeft } from './weft-process.js';

interface Outcome { runId: string; status: string; outputs: Record<string, unknown> }

describe('an event kept for a sub-run whose parent queues for its lock (weft run, weft emit, weft resume)', function () {
    this.timeout(90_000);
    let dir: string;
    let server: Server;
    /** The holder's call, held until the test lets it go. */
    const inside: ServerResponse[] = [];
    const running: RunningWeft[] = [];

    before(async () => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-emit-kept-'));
        server = createServer((_req, res) => { inside.push(res); });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        writeFileSync(path.join(dir, 'desk.weft'), `
workflow Caller {
  output who: string
  task call: workflow Hear { lock "desk" set who = result.who }
  start -> call -> end
}

workflow Hear {
  output who: string
  wait w for event "go"
  set done { who = w.data.who }
  start -> w -> done -> end
}

workflow Holder {
  output o: any
  task hit: http GET "http://127.0.0.1:${port}/desk" { lock "desk" timeout 60s set o = result.body }
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

    it('weft emit keeps the event in the sub-run\'s journal and ends; weft resume, once the lock is free, completes the run with it', async () => {
        const weft = (...args: string[]) => runWeft(args, { cwd: dir });
        // The run's call takes "desk" and its sub-run waits for "go"; its process then ends.
        const left = await weft('run', 'desk.weft', '--workflow', 'Caller', '--json');
        const waiting = jsonOf<Outcome>(left);
        assert.equal(waiting.status, 'waiting', left.stdout + left.stderr);
        const runs = jsonOf<Array<{ runId: string; parentRunId?: string }>>(await weft('runs', '--all', '--json'));
        const sub = runs.find((r) => r.parentRunId === waiting.runId);
        assert.ok(sub, JSON.stringify(runs));

        // Another process holds "desk" now.
        const holder = startWeft(['run', 'desk.weft', '--workflow', 'Holder', '--json'], { cwd: dir });
        running.push(holder);
        for (let i = 0; i < 600 && inside.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(inside.length, 1, 'the holder\'s call');

        // The event wakes the run, whose call queues for "desk": it is kept for the sub-run.
        const emitted = await weft('emit', 'go', '--data', '{"who":"Ada"}');
        assert.equal(emitted.code, 0, emitted.stderr);
        assert.equal(emitted.stdout, [
            `  ⋯ call waits for lock "desk" (another process holds it; see weft show ${waiting.runId})`,
            `'go' taken by ${sub.runId}`,
            `Run ${sub.runId} keeps 'go' in its journal: its parent's call waits for a lock, and it takes the event once re-attached (when run ${waiting.runId} goes on: weft resume ${waiting.runId})`,
            '',
        ].join('\n'));
        const journal = jsonOf<{ events: Array<{ type: string; buffered?: boolean; event?: { data: unknown } }> }>(await weft('show', sub.runId, '--events', '--json'));
        const kept = journal.events.filter((e) => e.type === 'EventReceived');
        assert.deepEqual(kept.map((e) => [e.buffered, e.event?.data]), [[true, { who: 'Ada' }]]);
        // The sub-run has not gone on without its parent's lock.
        assert.equal(jsonOf<Outcome>(await weft('show', waiting.runId, '--json')).status !== 'completed', true);

        // The holder lets "desk" go; the run, resumed, takes it and its sub-run the kept event.
        const res = inside.shift()!;
        res.setHeader('content-type', 'application/json');
        res.end('{"held":true}');
        const held = await holder.result;
        assert.equal(held.code, 0, held.stderr);
        const resumed = await weft('resume', waiting.runId, '--json');
        assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
        const outcome = jsonOf<Outcome>(resumed);
        assert.equal(outcome.status, 'completed', resumed.stdout);
        assert.deepEqual(outcome.outputs, { who: 'Ada' });
    });
});
