// One process per run: while a `weft run` carries a run (its process lives), `weft resume --all`
// leaves it alone, resuming it elsewhere is refused with who carries it, `weft serve` does not
// resume it, and controls and events from other processes are passed to its carrier, which
// applies them (or says it did not take them up in time: nothing done); once that process is
// killed, its stale record is ignored (and removed) and the run is resumed. Each a real `weft`
// process on one SQLite store.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, type RunningWeft } from './weft-process.js';
import { loadSqlite } from '../../runtime/store/load-sqlite.js';

const { DatabaseSync } = loadSqlite();

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

    /** A `weft run` of `FORK(nap)` in `dir` (also `running`, for the clean-up), once its approval waits: the process and the run it carries. */
    const startFork = async (nap: string): Promise<{ carrier: RunningWeft; pid: number; runId: string }> => {
        writeFileSync(path.join(dir, 'fork.weft'), FORK(nap));
        const carrier = running = startWeft(['run', 'fork.weft'], { cwd: dir });
        await carrier.printed('? a waits for approval');
        const pid = carrier.child.pid!;
        return { carrier, pid, runId: carriedRun(dir, pid) };
    };

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
        // Resuming a run that is not paused means carrying it on here: refused (a control would be passed to its carrier).
        const resume = await runWeft(['resume', runId!], { cwd: dir });
        assert.equal(resume.code, 1);
        assert.match(resume.stderr, new RegExp(`^weft resume: ${carried.source}`));
        // An event is offered to the run where it is carried: it waits for none, so none takes it.
        const emitted = await runWeft(['emit', 'anything'], { cwd: dir });
        assert.deepEqual([emitted.code, emitted.stdout, emitted.stderr], [0, "No run took 'anything'\n", '']);
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
        assert.match((await runWeft(['show', runId!], { cwd: dir })).stdout, new RegExp(`\n {2}carried by weft run \\(pid ${pid}\\) since \\S+: controls are passed to it; follow it with weft watch ${runId}\n`));

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
        // The run holds (a long wait, skipped by hand) until the server has looked: a short first
        // wait would end, and the run with it, while a loaded machine still starts the server.
        writeFileSync(path.join(dir, 'held.weft'), HELD);
        running = startWeft(['run', 'held.weft'], { cwd: dir });
        await running.printed('▸ hold');
        const pid = running.child.pid!;
        const runId = carriedRun(dir, pid);
        const server = startWeft(['serve', 'held.weft', '--port', '0', '--adopt-every', '0.1'], { cwd: dir });
        try {
            await server.printed('weft serve: 1 workflow(s)');
            assert.match(server.output(), new RegExp(`could not resume ${runId} of Held: Run ${runId} is carried by weft run \\(pid ${pid},`));
            // Many looks while the run's own process lives: none takes it.
            await new Promise((r) => setTimeout(r, 600));
            assert.doesNotMatch(server.output(), new RegExp(`resumed ${runId}`));
            // The run's process carries it on to the 2 s wait, whose timer it arms; then it is killed.
            const skipped = await runWeft(['skip', runId, 'hold'], { cwd: dir });
            assert.equal(skipped.code, 0, skipped.stderr);
            await running.printed('▸ w');
            assert.doesNotMatch(server.output(), new RegExp(`resumed ${runId}`));
            running.child.kill('SIGKILL');
            await running.result;
            assert.doesNotMatch(running.output(), /✓ w/, 'killed before its timer fired');
            await server.printed(`resumed ${runId} of Held: no live process carries it (the one that did has stopped)`);
            const url = / on (http:\/\/\S+) \(store /.exec(server.output())![1]!;
            let run: { status?: string; outputs?: unknown; trace?: Array<{ node: string; attempt: number }> } = {};
            for (const end = Date.now() + 15_000; Date.now() < end && run.status !== 'completed'; await new Promise((r) => setTimeout(r, 100))) {
                run = await (await fetch(`${url}/runs/${runId}`)).json() as typeof run;
            }
            assert.equal(run.status, 'completed', JSON.stringify(run));
            assert.deepEqual(run.outputs, { n: 2 });
            assert.deepEqual(run.trace?.map((t) => `${t.node}#${t.attempt}`), ['a#1', 'hold#1', 'w#1', 'b#1'], 'each node ran once: the timer the killed process armed fired in the server');
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

    it('passes controls and events from other processes to the weft run that carries the run, which applies them and carries the run on', async () => {
        const { carrier, pid, runId } = await startFork('30s');
        const weft = (...args: string[]) => runWeft(args, { cwd: dir });
        assert.match((await weft('show', runId)).stdout, new RegExp(`\n {2}carried by weft run \\(pid ${pid}\\) since \\S+: controls are passed to it; follow it with weft watch ${runId}\n`));
        const applied = (said: string) => `${said}: applied by weft run (pid ${pid}), which carries the run on (follow it with: weft watch ${runId})\n`;

        const set = await weft('set', runId, 'who', '"Bob"');
        assert.deepEqual([set.code, set.stdout, set.stderr], [0, applied(`Set 'who' of run ${runId} to "Bob"`), '']);
        // The carrier's refusal is the asker's: one line, exit 1, nothing recorded.
        const wrong = await weft('approve', runId, 'nosuch');
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, new RegExp(`^weft approve: Run ${runId} has no approval 'nosuch' waiting for a decision`));
        const approved = await weft('approve', runId, 'a', '--comment', 'from the other terminal');
        assert.deepEqual([approved.code, approved.stdout, approved.stderr], [0, applied(`Approved 'a' of run ${runId}`), '']);
        await carrier.printed('✓ a');
        const emitted = await weft('emit', 'nudge', '--data', '{"who":"Ada"}');
        assert.deepEqual([emitted.code, emitted.stdout, emitted.stderr], [0, `'nudge' taken by ${runId} (carried on by weft run (pid ${pid}))\n`, '']);
        await carrier.printed('✓ w');
        const cancelled = await weft('cancel', runId);
        assert.deepEqual([cancelled.code, cancelled.stdout, cancelled.stderr], [0, `Cancelled run ${runId}: applied by weft run (pid ${pid}); the run is cancelled\n`, '']);

        const ended = await carrier.result;
        assert.equal(ended.code, 1, 'the carrier reports its run cancelled');
        assert.match(ended.stdout, new RegExp(`Run ${runId} cancelled\n`));
        const shown = jsonOf<{ status: string; variables: Record<string, unknown>; audit: Array<{ actor: string; action: string }> }>(await weft('show', runId, '--json'));
        assert.equal(shown.status, 'cancelled');
        assert.deepEqual(shown.variables, { who: 'Bob' });
        const actor = shown.audit[0]!.actor;
        assert.match(actor, /^cli:/);
        assert.deepEqual(shown.audit.map((a) => [a.actor, a.action.split(':')[0]]), [
            [actor, `set variable 'who' to "Bob"`], [actor, "approved 'a'"], [actor, "delivered event 'nudge'"], [actor, 'cancelled the run'],
        ], 'each journaled once, by the carrier, as the asker');
        assert.equal(requestRows(dir), 0, 'every request row is read and deleted');
    });

    it('withdraws a request its carrier does not take up in time (nothing done), and carries the run on itself when the carrier dies first', async function () {
        this.timeout(90_000);
        const { carrier, pid, runId } = await startFork('3s');
        carrier.child.kill('SIGSTOP');
        try {
            const started = Date.now();
            // An approval and an event asked at once: neither is taken up; both say so after 10 s.
            const [late, unheard] = await Promise.all([runWeft(['approve', runId, 'a'], { cwd: dir }), runWeft(['emit', 'nudge', '--data', '{"who":"Ada"}'], { cwd: dir })]);
            assert.equal(unheard.code, 1, 'some run may still wait for the event');
            assert.equal(unheard.stdout, "No run took 'nudge'\n");
            const again = /send it again with --id (\S+) \(a run takes an event once\)\n$/.exec(unheard.stderr);
            assert.ok(again, unheard.stderr);
            assert.equal(unheard.stderr, `weft emit: not offered to the runs it carries: weft run (pid ${pid}) carries them on and did not answer in time\n`
                + `weft emit: not offered to every run that may wait for it; send it again with --id ${again[1]} (a run takes an event once)\n`);
            assert.equal(late.code, 1);
            assert.equal(late.stderr, `weft approve: Run ${runId}: weft run (pid ${pid}) did not take the request up within 10 s; nothing was done\n`);
            assert.ok(Date.now() - started >= 10_000);
            assert.equal(requestRows(dir), 0, 'the request was withdrawn');
            // Asked again, and the stopped carrier is killed meanwhile: the asker takes the run.
            const asking = runWeft(['approve', runId, 'a'], { cwd: dir });
            await new Promise((r) => setTimeout(r, 500));
            carrier.child.kill('SIGKILL');
            const taken = await asking;
            assert.equal(taken.code, 0, taken.stderr);
            assert.match(taken.stdout, new RegExp(`^Approved 'a' of run ${runId}\n`));
            assert.match(taken.stdout, new RegExp(`Run ${runId} waiting\n`), 'carried on here until it waits for its event');
        } finally {
            carrier.child.kill('SIGCONT');
        }
        const shown = jsonOf<{ status: string; audit: Array<{ action: string }> }>(await runWeft(['show', runId, '--json'], { cwd: dir }));
        assert.deepEqual(shown.audit.map((a) => a.action), ["approved 'a'"], 'approved once: the withdrawn request did nothing');
        assert.equal(requestRows(dir), 0);
    });

    it('passes a control or an event asked of weft serve to the weft run beside it that carries the run', async () => {
        const { carrier, runId } = await startFork('30s');
        const server = startWeft(['serve', 'fork.weft', '--port', '0'], { cwd: dir });
        try {
            await server.printed('weft serve: 1 workflow(s)');
            const url = / on (http:\/\/\S+) \(store /.exec(server.output())![1]!;
            const post = (at: string, body: unknown) => fetch(`${url}${at}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
            const approved = await post(`/runs/${runId}/approve`, { node: 'a', comment: 'through the API' });
            assert.equal(approved.status, 200, await approved.clone().text());
            await carrier.printed('✓ a');
            const event = await post('/events', { type: 'nudge', data: { who: 'Cy' } });
            assert.equal(event.status, 202);
            const heard = await event.json() as { took: string[]; id: string; source: string; notOffered?: unknown };
            assert.deepEqual([heard.took, heard.source, heard.notOffered], [[runId], 'weft://external', undefined]);
            assert.match(heard.id, /^[0-9a-f-]{36}$/, 'named by the server, so that it can be sent again under its name');
            await carrier.printed('✓ w');
            const cancelled = await post(`/runs/${runId}/cancel`, {});
            assert.equal(cancelled.status, 200, await cancelled.clone().text());
            const ended = await carrier.result;
            assert.equal(ended.code, 1);
            const run = await (await fetch(`${url}/runs/${runId}`)).json() as { status: string; audit: Array<{ actor: string; action: string }> };
            assert.equal(run.status, 'cancelled');
            assert.deepEqual(run.audit.map((a) => [a.actor, a.action.split(':')[0]]), [
                ['api:anonymous', "approved 'a'"], ['api:anonymous', "delivered event 'nudge'"], ['api:anonymous', 'cancelled the run'],
            ], 'applied by the weft run, journaled as the API caller');
            assert.doesNotMatch(server.output(), new RegExp(`resumed ${runId}`), 'the server left the run to its carrier');
        } finally {
            server.child.kill('SIGTERM');
            assert.equal((await server.result).code, 0);
        }
    });
});

const BRIEF = napping('Brief', '2s');

/** `Brief` with a long wait before its 2 s one: the run's process carries it, holding, until the wait is skipped. */
const HELD = `
workflow Held {
  output n: number
  set a { n = 1 }
  wait hold for 1h
  wait w for 2s
  set b { n = 2 }
  start -> a -> hold -> w -> b -> end
}
`;

/** A run that a `weft run` keeps carrying (a timer of `nap`) while an approval and an event wait beside it. */
const FORK = (nap: string) => `
workflow Fork {
  output got: string
  var who: string = "nobody"
  set begin { got = "" }
  wait nap for ${nap}
  approval a { ask "ship it?" }
  wait w for event "nudge"
  join all3
  set done { got = w.data.who + " " + who }
  start -> begin -> [nap, a, w] -> all3 -> done -> end
}
`;

/** The run the `weft run` of process `pid` carries (from its carrier record). */
function carriedRun(dir: string, pid: number): string {
    const record = JSON.parse(readFileSync(path.join(dir, '.weft', 'runs.db.carriers', `${pid}-1.json`), 'utf8')) as { runIds: string[] };
    assert.equal(record.runIds.length, 1);
    return record.runIds[0]!;
}

/** The rows left in the store's `requests` table. */
function requestRows(dir: string): number {
    const db = new DatabaseSync(path.join(dir, '.weft', 'runs.db'));
    try {
        return Number((db.prepare('SELECT COUNT(*) AS n FROM requests').get() as { n: number }).n);
    } finally {
        db.close();
    }
}
