// `weft run --virtual-time` with a task in flight (real processes, real script tasks): the
// virtual clock runs at real speed while a task runs, so timers, task timeouts and scheduled
// events due meanwhile fire in the order and with the outcome the real clock gives; a wait with
// nothing in flight still jumps. Real durations are kept short (a few hundred ms).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft } from './weft-process.js';

// A 600 ms task races a 200 ms timer: on the real clock the timer's branch reaches the join
// first and the task's branch sets the output last.
const RACE = `
workflow RaceOrder {
  output winner: string
  task slowTask: script """
    export default async function () { await new Promise(r => setTimeout(r, 600)); return "task"; }
  """
  wait quick for 200ms
  set byTask { winner = "task" }
  set byTimer { winner = "timer" }
  join j first
  start -> [slowTask, quick]
  slowTask -> byTask -> j
  quick -> byTimer -> j
  j -> end
}
`;

// A 1.5 s task with a 300 ms timeout; on the real clock it fails with Timeout.
const HANG = `
workflow Hang {
  task stuck: script """
    export default async function () { await new Promise(r => setTimeout(r, 1500)); return 1; }
  """ { timeout 300ms }
  start -> stuck -> end
}
`;

// A wait of two days that starts while a task is in flight and falls due after it ends.
const NAP = `
workflow Nap {
  output slept: boolean
  task work: script """
    export default async function () { await new Promise(r => setTimeout(r, 300)); return 1; }
  """
  wait nap for 2d
  join both
  set done { slept = true }
  start -> [work, nap]
  [work, nap] -> both
  both -> done -> end
}
`;

// An event scheduled 200 ms after the start (`--events`) arrives while a 600 ms task runs.
const EVENT = `
workflow EventRace {
  output winner: string
  task slowTask: script """
    export default async function () { await new Promise(r => setTimeout(r, 600)); return "task"; }
  """
  wait ping for event "ping"
  set byTask { winner = "task" }
  set byEvent { winner = "event" }
  join j first
  start -> [slowTask, ping]
  slowTask -> byTask -> j
  ping -> byEvent -> j
  j -> end
}
`;

interface RunJson {
    status: string;
    outputs: Record<string, unknown>;
    error?: { name: string; message: string; node: string | null };
    trace: Array<{ node: string; status: string; startedAt: string; endedAt: string | null }>;
}

describe('weft run --virtual-time with a task in flight', function () {
    this.timeout(90_000);
    let dir: string;

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-vt-'));
        writeFileSync(path.join(dir, 'race.weft'), RACE);
        writeFileSync(path.join(dir, 'hang.weft'), HANG);
        writeFileSync(path.join(dir, 'nap.weft'), NAP);
        writeFileSync(path.join(dir, 'event.weft'), EVENT);
        writeFileSync(path.join(dir, 'ping.json'), JSON.stringify([{ type: 'ping', at: '200ms' }]));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = async (...args: string[]) => {
        const r = await runWeft(['run', ...args, '--memory', '--json'], { cwd: dir });
        return { code: r.code, run: jsonOf<RunJson>(r) };
    };
    const order = (r: RunJson) => r.trace.map((t) => `${t.node}:${t.status}`);

    it('fires a timer due while a task runs before the task ends: the same order and outputs as on the real clock', async () => {
        const real = await run('race.weft');
        const virtual = await run('race.weft', '--virtual-time');
        assert.equal(real.code, 0);
        assert.deepEqual(order(real.run).slice(0, 3), ['quick:completed', 'byTimer:completed', 'j:completed'], 'the real clock: the timer first');
        assert.deepEqual(order(virtual.run), order(real.run));
        assert.deepEqual(virtual.run.outputs, real.run.outputs);
        assert.deepEqual(virtual.run.outputs, { winner: 'task' });
        assert.equal(virtual.code, real.code);
    });

    it('times out a task that runs past its timeout, as on the real clock', async () => {
        const began = Date.now();
        const { code, run: r } = await run('hang.weft', '--virtual-time');
        const took = Date.now() - began;
        assert.equal(code, 1);
        assert.equal(r.status, 'failed');
        assert.equal(r.error?.name, 'Timeout');
        assert.equal(r.error?.node, 'stuck');
        const stuck = r.trace.find((t) => t.node === 'stuck')!;
        const ran = Date.parse(stuck.endedAt!) - Date.parse(stuck.startedAt);
        assert.ok(ran >= 300 && ran < 1500, `the attempt took ${ran} ms on the run's clock`);
        assert.ok(took < 60_000, `weft run took ${took} ms`);
    });

    it('still jumps over a wait that falls due after the task in flight ends', async () => {
        const began = Date.now();
        const { code, run: r } = await run('nap.weft', '--virtual-time');
        assert.equal(code, 0);
        assert.deepEqual(r.outputs, { slept: true });
        const nap = r.trace.find((t) => t.node === 'nap')!;
        assert.equal(Date.parse(nap.endedAt!) - Date.parse(nap.startedAt), 2 * 86_400_000, 'the wait took two days on the run clock');
        assert.ok(Date.now() - began < 60_000, 'and not in real time');
    });

    it('delivers a scheduled event due while a task runs at its time, before the task ends', async () => {
        const real = await run('event.weft', '--events', '@ping.json');
        const virtual = await run('event.weft', '--events', '@ping.json', '--virtual-time');
        assert.equal(real.run.trace[0]?.node, 'ping', 'the real clock: the event first');
        assert.deepEqual(order(virtual.run), order(real.run));
        assert.deepEqual(virtual.run.outputs, real.run.outputs);
    });
});
