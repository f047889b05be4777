// Ctrl-C and SIGTERM while `weft run` carries a run on, as real processes: the engine halts
// (nothing more recorded), the command says how to continue and exits 128 + the signal, and
// `weft resume` finishes the run without running a completed node again. Also through
// `bin/weft.cjs` on a Node older than 22, which runs the CLI in a child on the project's Node:
// a terminal's Ctrl-C (the whole process group) and a SIGTERM to the wrapper alone both reach it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromRoot } from '../support/paths.js';
import { jsonOf, olderNode, runWeft, startWeft } from './weft-process.js';

const SLOW = `
workflow Slow {
  output n: number
  set a { n = 1 }
  wait nap for 30s
  set b { n = n + 1 }
  start -> a -> nap -> b -> end
}
`;

const BUSY = `
workflow Busy {
  output n: number
  task spin: script """
    export default async function () { await new Promise((r) => setTimeout(r, 30000)); return 1; }
  """
  set done { n = spin }
  start -> spin -> done -> end
}
`;

interface RunJson { runId: string; status: string; outputs: Record<string, unknown>; trace: Array<{ node: string }>; interrupted?: string }

describe('weft run interrupted', function () {
    this.timeout(60_000);
    let dir: string;
    const runIdOf = (stdout: string) => /Run (run_\S+) of/.exec(stdout)![1]!;

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-interrupt-'));
        writeFileSync(path.join(dir, 'slow.weft'), SLOW);
        writeFileSync(path.join(dir, 'busy.weft'), BUSY);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('Ctrl-C halts the run, says how to resume it, exits 130; weft resume finishes it without running a completed node again', async () => {
        const weft = startWeft(['run', 'slow.weft'], { cwd: dir });
        await weft.printed('▸ nap');
        const started = Date.now();
        weft.child.kill('SIGINT');
        const r = await weft.result;
        assert.ok(Date.now() - started < 10_000, 'it stops at once, not after the 30 s wait');
        assert.equal(r.code, 130, r.stderr);
        const id = runIdOf(r.stdout);
        assert.match(r.stdout, new RegExp(`Run ${id} interrupted, waiting in its store; continue it with: weft resume ${id}\\n$`));
        assert.equal(r.stderr, 'weft: interrupted (SIGINT); nothing more was recorded\n');
        const resumed = await runWeft(['resume', id, '--virtual-time', '--json'], { cwd: dir });
        assert.equal(resumed.code, 0, resumed.stderr);
        const run = jsonOf<RunJson>(resumed);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { n: 2 });
        assert.deepEqual(run.trace.map((t) => t.node), ['a', 'nap', 'b'], 'a ran once, before the interruption');
    });

    it('SIGTERM with --json prints the run as its journal left it, marked interrupted, and exits 143', async () => {
        const weft = startWeft(['run', 'busy.weft', '--json'], { cwd: dir });
        // Nothing is printed with --json until the end: wait for the task's start in the store.
        await waitForRunning(dir);
        weft.child.kill('SIGTERM');
        const r = await weft.result;
        assert.equal(r.code, 143, r.stderr);
        const run = jsonOf<RunJson>(r);
        assert.equal(run.interrupted, 'SIGTERM');
        assert.equal(run.status, 'running');
        assert.deepEqual(run.trace, []);
    });

    it('names a node that had started, and what a resume will do with it', async () => {
        const weft = startWeft(['run', 'busy.weft'], { cwd: dir });
        await weft.printed('▸ spin');
        weft.child.kill('SIGINT');
        const r = await weft.result;
        assert.equal(r.code, 130, r.stderr);
        assert.match(r.stdout, /\n {2}'spin' had started: on resume a node runs again if it is idempotent or has a retry left, else it fails as Interrupted\n$/);
    });

    it('says a run kept in memory only is gone', async () => {
        const weft = startWeft(['run', 'slow.weft', '--memory'], { cwd: dir });
        await weft.printed('▸ nap');
        weft.child.kill('SIGINT');
        const r = await weft.result;
        assert.equal(r.code, 130, r.stderr);
        assert.match(r.stdout, /interrupted: it was kept in memory only \(--memory\) and is gone\n$/);
        assert.ok(!existsSync(path.join(dir, '.weft')));
    });

    describe('through bin/weft.cjs on a Node older than 22', function () {
        const node = olderNode();
        before(function () {
            // Where the machine's own Node is 22 or newer the wrapper runs the CLI in-process and
            // these cases are the ones above.
            if (!node) this.skip();
        });
        const wrapper = () => [node!, fromRoot('bin', 'weft.cjs')];

        it("a terminal's Ctrl-C (the whole process group) reaches the CLI, and the wrapper waits for it", async () => {
            const weft = startWeft(['run', 'slow.weft'], { cwd: dir, command: wrapper(), detached: true });
            await weft.printed('▸ nap');
            process.kill(-weft.child.pid!, 'SIGINT');
            const r = await weft.result;
            assert.equal(r.code, 130, r.stderr);
            assert.match(r.stdout, /interrupted, waiting in its store; continue it with: weft resume run_/);
        });

        it('a SIGTERM to the wrapper alone is passed on: the run stops at once, not after its 30 s wait', async () => {
            const weft = startWeft(['run', 'slow.weft'], { cwd: dir, command: wrapper(), detached: true });
            await weft.printed('▸ nap');
            const started = Date.now();
            weft.child.kill('SIGTERM');
            const r = await weft.result;
            assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
            assert.equal(r.code, 143, r.stderr);
            assert.match(r.stdout, /interrupted, waiting in its store/);
        });
    });
});

/** Waits until the store in `dir` has a run whose task has started (its second node). */
async function waitForRunning(dir: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
        if (existsSync(path.join(dir, '.weft', 'runs.db'))) {
            const runs = jsonOf<Array<{ runId: string; events?: number }>>(await runWeft(['runs', '--json'], { cwd: dir }));
            if (runs.length) {
                const shown = jsonOf<{ current: Array<{ node: string; phase: string }> }>(await runWeft(['show', runs[0]!.runId, '--json'], { cwd: dir }));
                if (shown.current.some((c) => c.node === 'spin' && c.phase === 'running')) return;
            }
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the run never started its task');
}
