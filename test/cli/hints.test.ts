// The CLI's printed hints and messages, as real processes: the follow-up commands it prints work
// as printed from the folder the user is in (they name the store when it is not the default
// there), a `--memory` run left waiting is said to be gone, `weft show` says when nothing carries
// a run, a resume of an ended run is refused, a flag given twice is a usage error, durations are
// given as the language writes them, progress lines have durations, and two resumes of one run
// at once leave it to one process, the other saying so.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shellWord, storeArgument } from '../../cli/store-hint.js';
import { cliBundle, jsonOf, runWeft, startWeft, type WeftResult } from './weft-process.js';

const APPROVE = `
workflow Approve {
  output ok: boolean
  approval review { ask "Go ahead?" assignee "me" }
  set yes { ok = true }
  start -> review
  review -> yes when review.approved
  yes -> end
}
`;

const NAP = `
workflow Nap {
  output n: number
  set a { n = 1 }
  wait nap for 1h
  start -> a -> nap -> end
}
`;

const TIMED = `
workflow Timed {
  input delay: duration
  input steps: list<duration>?
  output took: duration
  var limit: duration = 1s
  set done { took = delay }
  wait hold for event "go"
  start -> done -> hold -> end
}
`;

const FAILING = `
workflow Failing {
  output n: number
  task boom: script """
    export default async function () { await new Promise((r) => setTimeout(r, 120)); throw new Error('kaboom'); }
  """ { retry 1 times every 50ms }
  start -> boom -> end
}
`;

/** `weft …` as printed, run by a shell in `cwd` with this build (the `[--reject]` option left out). */
function runPrinted(command: string, cwd: string): Promise<WeftResult> {
    const line = command.replace(/ \[--reject\]$/, '').replace(/^weft /, `${shellWord(process.execPath)} ${shellWord(cliBundle)} `);
    return new Promise((resolve) => {
        execFile('sh', ['-c', line], { cwd }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, signal: null, stdout, stderr });
        });
    });
}

/** The `weft …` command a line of `text` ends with after `marker`. */
function printedCommand(text: string, marker: RegExp): string {
    const line = text.split('\n').find((l) => marker.test(l));
    assert.ok(line, `no line matching ${marker} in:\n${text}`);
    return line.slice(line.indexOf('weft '));
}

describe('weft hints and messages', function () {
    this.timeout(120_000);
    let dir: string;
    const runIdOf = (stdout: string) => /Run (run_\S+)/.exec(stdout)![1]!;
    const env = { WEFT_STORE: undefined };

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-hints-'));
        mkdirSync(path.join(dir, 'flows'));
        writeFileSync(path.join(dir, 'flows', 'approve.weft'), APPROVE);
        writeFileSync(path.join(dir, 'approve.weft'), APPROVE);
        writeFileSync(path.join(dir, 'nap.weft'), NAP);
        writeFileSync(path.join(dir, 'timed.weft'), TIMED);
        writeFileSync(path.join(dir, 'failing.weft'), FAILING);
        writeFileSync(path.join(dir, 'parse-for.weft'), 'workflow P {\n  wait w for\n  start -> w -> end\n}\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('the approve hint of a run whose store is next to its workflow file works as printed, and so does the one after it', async () => {
        const ran = await runWeft(['run', 'flows/approve.weft'], { cwd: dir, env });
        assert.equal(ran.code, 0, ran.stderr);
        const approve = printedCommand(ran.stdout, /waiting for approval 'review'/);
        assert.equal(approve, `weft approve ${runIdOf(ran.stdout)} review --store flows/.weft/runs.db [--reject]`);
        const approved = await runPrinted(approve, dir);
        assert.equal(approved.code, 0, approved.stderr);
        assert.match(approved.stdout, /completed\n {2}outputs \{"ok":true\}/);
    });

    it('an explicit store that needs quoting is quoted; pause, show and the interrupt message name it too', async () => {
        const ran = await runWeft(['run', 'approve.weft', '--store', "my runs's.db"], { cwd: dir, env });
        const id = runIdOf(ran.stdout);
        const approve = printedCommand(ran.stdout, /waiting for approval/);
        assert.equal(approve, `weft approve ${id} review --store 'my runs'\\''s.db' [--reject]`);
        const paused = await runWeft(['pause', id, '--store', "my runs's.db"], { cwd: dir, env });
        const resume = printedCommand(paused.stdout.replace(/\)\n$/, ''), /paused \(continue it with/);
        assert.equal(resume, `weft resume ${id} --store 'my runs'\\''s.db'`);
        const shown = await runWeft(['show', id, '--store', "my runs's.db"], { cwd: dir, env });
        assert.match(shown.stdout, new RegExp(`waiting {3}paused: weft resume ${id} --store 'my runs'\\\\''s.db'\n`));
        assert.match(shown.stdout, new RegExp(`waiting {3}approval 'review': weft approve ${id} review --store 'my runs'\\\\''s.db' \\[--reject\\]`));
        const resumed = await runPrinted(resume, dir);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.equal((await runPrinted(approve, dir)).code, 0);

        const weft = startWeft(['run', 'nap.weft', '--store', 'elsewhere/nap.db'], { cwd: dir, env });
        await weft.printed('▸ nap');
        weft.child.kill('SIGINT');
        const interrupted = await weft.result;
        assert.match(interrupted.stdout, /continue it with: weft resume run_\S+ --store elsewhere\/nap\.db\n/);
    });

    it('no --store when the follow-up command finds the store by default', async () => {
        const ran = await runWeft(['run', 'approve.weft'], { cwd: dir, env });
        assert.match(ran.stdout, /waiting for approval 'review': weft approve run_\S+ review \[--reject\]\n$/);
        const inEnv = await runWeft(['run', 'flows/approve.weft', '--store', 'shared.db'], { cwd: dir, env: { WEFT_STORE: path.join(dir, 'shared.db') } });
        assert.match(inEnv.stdout, /weft approve run_\S+ review \[--reject\]\n$/);
    });

    it('a PostgreSQL store is named without its password', () => {
        const values = { store: 'postgres://weft:s3cret@db.example:5432/runs?schema=team' };
        const hint = storeArgument(values, dir);
        assert.equal(hint, " --store 'postgres://weft@db.example:5432/runs?schema=team'");
        assert.ok(!hint.includes('s3cret'));
    });

    it('a --memory run left waiting is said to be gone, with no command that cannot work', async () => {
        const ran = await runWeft(['run', 'approve.weft', '--memory'], { cwd: dir, env });
        assert.equal(ran.code, 0, ran.stderr);
        assert.match(ran.stdout, /Run run_\S+ waiting\n {2}it was kept in memory only \(--memory\) and is gone now: run it without --memory \(a store keeps it\) to act on it later\n$/);
        assert.doesNotMatch(ran.stdout, /weft approve/);
    });

    it('weft show of a run whose process stopped says nothing carries it, how to resume it, and how long it has been going', async () => {
        const weft = startWeft(['run', 'nap.weft'], { cwd: dir, env });
        await weft.printed('▸ nap');
        weft.child.kill('SIGKILL');
        await weft.result;
        const id = runIdOf(weft.output());
        await new Promise((resolve) => setTimeout(resolve, 1200));
        const shown = await runWeft(['show', id], { cwd: dir, env });
        assert.equal(shown.code, 0, shown.stderr);
        assert.match(shown.stdout, new RegExp(`\n {2}carried by nothing: no live process carries it now \\(its process stopped\\); continue it with: weft resume ${id}\n`));
        const soFar = /so far (\S+),/.exec(shown.stdout)![1]!;
        assert.match(soFar, /^\d+(\.\d+)?s$/, `so far ${soFar}: at least the second waited`);
    });

    it('weft resume of an ended run is refused with one line and exit 1', async () => {
        const ran = await runWeft(['run', 'approve.weft'], { cwd: dir, env });
        const id = runIdOf(ran.stdout);
        await runWeft(['approve', id, 'review'], { cwd: dir, env });
        const resumed = await runWeft(['resume', id], { cwd: dir, env });
        assert.equal(resumed.code, 1);
        assert.equal(resumed.stderr, `weft resume: Cannot resume run ${id}: it is completed\n`);
        assert.equal(resumed.stdout, '');
    });

    it('a flag given twice is a usage error naming it, for every command', async () => {
        for (const args of [
            ['run', 'approve.weft', '--input', '{}', '--input', '{}'],
            ['run', 'approve.weft', '--store', 'a.db', '--store', 'b.db'],
            ['show', 'run_x', '--store', 'a.db', '--store', 'b.db'],
            ['approve', 'run_x', 'review', '--comment', 'a', '--comment', 'b'],
            ['emit', 'go', '--data', '{}', '--data', '{}'],
        ]) {
            const r = await runWeft(args, { cwd: dir, env });
            assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
            const flag = args.find((a, i) => a.startsWith('--') && args.indexOf(a) !== i)!;
            assert.match(r.stderr, new RegExp(`^weft ${args[0]}: ${flag} is given more than once; give it once\nUsage: weft ${args[0]} `));
        }
        assert.match((await runWeft(['runs'], { cwd: dir, env })).stdout, /^No runs(: no run store at .*)?\.\n$/, 'nothing was run or stored');
    });

    it('a duration input or a value set is given as the language writes it, and a wrong one says which forms are accepted', async () => {
        const ran = jsonOf<{ runId: string; status: string }>(await runWeft(['run', 'timed.weft', '--json', '--input', '{"delay":"1h30m","steps":["250ms",5000]}'], { cwd: dir, env }));
        assert.equal(ran.status, 'waiting');
        const shown = jsonOf<{ inputs: Record<string, unknown>; outputs: Record<string, unknown> }>(await runWeft(['show', ran.runId, '--json'], { cwd: dir, env }));
        assert.deepEqual(shown.inputs, { delay: 5_400_000, steps: [250, 5000] });
        assert.deepEqual(shown.outputs, { took: 5_400_000 });
        const set = await runWeft(['set', ran.runId, 'limit', '"2m"'], { cwd: dir, env });
        assert.equal(set.code, 0, set.stderr);
        const after = jsonOf<{ variables: Record<string, unknown> }>(await runWeft(['show', ran.runId, '--json'], { cwd: dir, env }));
        assert.equal(after.variables.limit, 120_000);

        const bad = await runWeft(['run', 'timed.weft', '--input', '{"delay":"5 parsecs"}'], { cwd: dir, env });
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /input 'delay': expected duration \(milliseconds, or a string such as "250ms", "5s", "2m" or "1h30m"\), got a string that is none of these/);
        const badSet = await runWeft(['set', ran.runId, 'limit', 'true'], { cwd: dir, env });
        assert.equal(badSet.code, 1);
        assert.match(badSet.stderr, /expected duration \(milliseconds, or a string such as .*\), got boolean/);
    });

    it("'wait w for' with nothing after 'for' says what is missing there", async () => {
        const r = await runWeft(['compile', 'parse-for.weft'], { cwd: dir, env });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /parse-for\.weft:2:10 error parsing-error Expected 'event' or an expression after 'for' but found 'start'\./);
    });

    it('a resume of a run a live weft run carries does not call that process gone', async () => {
        const weft = startWeft(['run', 'nap.weft'], { cwd: dir, env });
        try {
            await weft.printed('▸ nap');
            const id = runIdOf(weft.output());
            const r = await runWeft(['resume', id], { cwd: dir, env });
            assert.equal(r.code, 1);
            assert.match(r.stderr, new RegExp(`carried by weft run \\(pid ${weft.child.pid}, since \\S+\\); act on it once that process has stopped, or stop it first \\(the process is alive; its record: `));
            assert.doesNotMatch(r.stderr, /no longer exists/);
        } finally {
            weft.child.kill('SIGKILL');
            await weft.result;
        }
    });

    it('progress lines give durations for failures and retries, and for a node started before an approve', async () => {
        const failed = await runWeft(['run', 'failing.weft'], { cwd: dir, env });
        assert.equal(failed.code, 1);
        assert.match(failed.stdout, /\n {2}↻ boom \d+ms retry 1 in 50ms after Error\n/);
        assert.match(failed.stdout, /\n {2}✗ boom \d+ms Error: kaboom\n/);
        const ran = await runWeft(['run', 'approve.weft'], { cwd: dir, env });
        const approved = await runWeft(['approve', runIdOf(ran.stdout), 'review'], { cwd: dir, env });
        assert.match(approved.stdout, /\n {2}✓ review \d+(\.\d+)?m?s\n/);
    });

    it('of two resumes of one run at once, the one whose journal moved under it says who carries the run, exit 1', async () => {
        // The task answers after 1.5 s; `hits(n)` resolves when it has been asked n times.
        let count = 0;
        const waiting: Array<[number, () => void]> = [];
        const server: Server = createServer((_req, res) => {
            count++;
            for (const [n, resolve] of waiting) if (count >= n) resolve();
            setTimeout(() => res.end('{"ok":true}'), 1500);
        });
        const hits = (n: number) => new Promise<void>((resolve) => { if (count >= n) resolve(); else waiting.push([n, resolve]); });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        const port = (server.address() as AddressInfo).port;
        writeFileSync(path.join(dir, 'slow.weft'), `
workflow Slow {
  output o: any
  task b: http GET "http://127.0.0.1:${port}/slow" { retry 2 times every 10ms set o = result.body }
  start -> b -> end
}
`);
        try {
            const first = startWeft(['run', 'slow.weft'], { cwd: dir, env });
            await hits(1);
            first.child.kill('SIGKILL');
            await first.result;
            const id = runIdOf(first.output());
            // The first resume is in its task when the second loads the run: the second must not see
            // its carrier record, as when both load it before either has journaled (the race).
            const a = startWeft(['resume', id], { cwd: dir, env });
            await hits(2);
            rmSync(path.join(dir, '.weft', 'runs.db.carriers'), { recursive: true, force: true });
            const b = await runWeft(['resume', id], { cwd: dir, env });
            const lost = await a.result;
            assert.equal(b.code, 0, b.stderr);
            assert.match(b.stdout, /completed\n/);
            assert.equal(lost.code, 1);
            assert.match(lost.stderr, new RegExp(`^weft: Run ${id} is carried by weft resume \\(pid \\d+, since \\S+\\); .*; this process left it to it\n$`));
            assert.doesNotMatch(lost.stdout + lost.stderr, /Continue it with|Run \S+ waiting/);
        } finally {
            server.close();
        }
    });
});
