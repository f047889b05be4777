// One process per run: while a `weft run` carries a run (its process lives), `weft resume --all`
// leaves it alone, a control on it is refused with who carries it, `weft serve` does not resume
// it and `weft emit` does not wake it; once that process is killed, its stale record is ignored
// (and removed) and the run is resumed. Each a real `weft` process on one SQLite store.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, type RunningWeft } from './weft-process.js';

/** A workflow that sets n = 1, waits `nap`, then sets n = 2. */
const napping = (name: string, nap: string) => `
workflow ${name} {
  output n: number
  set a { n = 1 }
  wait w for ${nap}
  set b { n = 2 }
  start -> a -> w -> b -> end
}
`;
const SLOW = napping('Slow', '30s');

describe('run carriers: one process carries a run at a time', function () {
    this.timeout(60_000);
    let dir: string;
    let running: RunningWeft | undefined;

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-carriers-'));
        writeFileSync(path.join(dir, 'slow.weft'), SLOW);
    });
    afterEach(async () => {
        if (running && running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
        await running?.result;
        running = undefined;
        rmSync(dir, { recursive: true, force: true });
    });

    it('leaves a run that a live weft run carries to it, names that process, and takes the run over once it is killed', async () => {
        running = startWeft(['run', 'slow.weft'], { cwd: dir });
        await running.printed('▸ w');
        const pid = running.child.pid!;
        const carriers = path.join(dir, '.weft', 'runs.db.carriers');
        const record = JSON.parse(readFileSync(path.join(carriers, `${pid}-1.json`), 'utf8')) as { command: string; runIds: string[] };
        assert.equal(record.command, 'weft run');
        const [runId] = record.runIds;
        assert.match(runId!, /^run_/);

        const carried = new RegExp(`Run ${runId} is carried by weft run \\(pid ${pid}, since [^)]+\\); act on it once that process has stopped, or stop it first`);
        const all = await runWeft(['resume', '--all'], { cwd: dir });
        assert.equal(all.code, 0, all.stderr);
        assert.equal(all.stdout, 'No unfinished run to resume here (1 carried by other processes).\n');
        assert.match(all.stderr, carried);
        const cancel = await runWeft(['cancel', runId!], { cwd: dir });
        assert.equal(cancel.code, 1);
        assert.match(cancel.stderr, new RegExp(`^weft cancel: ${carried.source}`));
        const emitted = await runWeft(['emit', 'anything'], { cwd: dir });
        assert.equal(emitted.code, 0, emitted.stderr);
        assert.match(emitted.stderr, new RegExp(`^weft emit: not offered to run ${runId}: it is carried by weft run \\(pid ${pid}`));
        // A server started beside it does not resume it, and says why.
        const server = startWeft(['serve', 'slow.weft', '--port', '0'], { cwd: dir });
        await server.printed('weft serve: 1 workflow(s)');
        server.child.kill('SIGTERM');
        const served = await server.result;
        assert.equal(served.code, 0, served.stderr);
        assert.match(served.stdout, new RegExp(`could not resume ${runId} of Slow: ${carried.source}`));
        const show = jsonOf<{ status: string; history: Array<{ node: string }>; carriedBy?: { command: string; pid: number } }>(await runWeft(['show', runId!, '--json'], { cwd: dir }));
        assert.deepEqual(show.history.map((h) => h.node), ['start', 'a', 'w'], 'nothing ran the run but its own process');
        assert.deepEqual([show.carriedBy?.command, show.carriedBy?.pid], ['weft run', pid]);
        assert.match((await runWeft(['show', runId!], { cwd: dir })).stdout, new RegExp(`\n {2}carried by weft run \\(pid ${pid}\\) since \\S+: controls from elsewhere wait until it stops; follow it with weft watch ${runId}\n`));

        running.child.kill('SIGKILL');
        await running.result;
        const resumed = await runWeft(['resume', '--all', '--virtual-time', '--json'], { cwd: dir });
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal(resumed.stderr, '');
        const run = jsonOf<{ runId: string; status: string; outputs: unknown }>(resumed);
        assert.deepEqual([run.runId, run.status, run.outputs], [runId, 'completed', { n: 2 }]);
        assert.equal(jsonOf<{ carriedBy?: unknown }>(await runWeft(['show', runId!, '--json'], { cwd: dir })).carriedBy, undefined);
        assert.deepEqual(existsSync(carriers) ? readdirSync(carriers) : [], [], 'the killed process\'s record is gone, and the resume removed its own');
    });

    it('a server beside a weft run leaves the run to it while it lives, and carries it on soon after that process is killed', async () => {
        writeFileSync(path.join(dir, 'brief.weft'), BRIEF);
        running = startWeft(['run', 'brief.weft'], { cwd: dir });
        await running.printed('▸ w');
        const pid = running.child.pid!;
        const [runId] = (JSON.parse(readFileSync(path.join(dir, '.weft', 'runs.db.carriers', `${pid}-1.json`), 'utf8')) as { runIds: string[] }).runIds;
        const server = startWeft(['serve', 'brief.weft', '--port', '0', '--adopt-every', '0.1'], { cwd: dir });
        try {
            await server.printed('weft serve: 1 workflow(s)');
            assert.match(server.output(), new RegExp(`could not resume ${runId} of Brief: Run ${runId} is carried by weft run \\(pid ${pid},`));
            // Many looks while the run's own process lives: none takes it.
            await new Promise((r) => setTimeout(r, 600));
            assert.doesNotMatch(server.output(), new RegExp(`resumed ${runId}`));
            running.child.kill('SIGKILL');
            await running.result;
            await server.printed(`resumed ${runId} of Brief: no live process carries it (the one that did has stopped)`);
            const url = / on (http:\/\/\S+) \(store /.exec(server.output())![1]!;
            let run: { status?: string; outputs?: unknown; trace?: Array<{ node: string; attempt: number }> } = {};
            for (const end = Date.now() + 15_000; Date.now() < end && run.status !== 'completed'; await new Promise((r) => setTimeout(r, 100))) {
                run = await (await fetch(`${url}/runs/${runId}`)).json() as typeof run;
            }
            assert.equal(run.status, 'completed', JSON.stringify(run));
            assert.deepEqual(run.outputs, { n: 2 });
            assert.deepEqual(run.trace?.map((t) => `${t.node}#${t.attempt}`), ['a#1', 'w#1', 'b#1'], 'each node ran once: the timer the killed process armed fired in the server');
        } finally {
            server.child.kill('SIGTERM');
            assert.equal((await server.result).code, 0);
        }
    });

    it('a weft run interrupted beside a server says that the server carries its run on, and the server does', async () => {
        writeFileSync(path.join(dir, 'brief.weft'), BRIEF);
        const server = startWeft(['serve', 'brief.weft', '--port', '0', '--adopt-every', '0.1'], { cwd: dir });
        try {
            await server.printed('weft serve: 1 workflow(s)');
            const url = / on (http:\/\/\S+) \(store /.exec(server.output())![1]!;
            running = startWeft(['run', 'brief.weft'], { cwd: dir });
            await running.printed('▸ w');
            running.child.kill('SIGINT');
            const interrupted = await running.result;
            assert.equal(interrupted.code, 130, interrupted.stderr);
            const m = new RegExp(`Run (run_\\S+) interrupted, waiting in its store; weft serve \\(pid ${server.child.pid}\\) at ${url.replace(/[.]/g, '\\.')} carries it on within 0\\.2 s \\(it takes over runs left behind\\)\n$`).exec(interrupted.stdout);
            assert.ok(m, interrupted.stdout);
            const runId = m[1]!;
            await server.printed(`resumed ${runId} of Brief: no live process carries it`);
            let status = '';
            for (const end = Date.now() + 15_000; Date.now() < end && status !== 'completed'; await new Promise((r) => setTimeout(r, 100))) {
                status = ((await (await fetch(`${url}/runs/${runId}`)).json()) as { status: string }).status;
            }
            assert.equal(status, 'completed');
        } finally {
            server.child.kill('SIGTERM');
            assert.equal((await server.result).code, 0);
        }
    });
});

const BRIEF = napping('Brief', '2s');
