// `weft watch` as a real process beside the process that carries the run: it prints what the
// run's journal holds (a sub-run's lines where its parent started it), follows what is recorded
// next until the run ends, and exits as `weft run` would; it records nothing and works on a
// store `weft serve` carries.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonOf, runWeft, startWeft, stopAll, type RunningWeft } from './weft-process.js';

const FLOWS = `
workflow Inner {
  input x: number
  output y: number
  wait nap for 200ms
  set s { y = x * 2 }
  start -> nap -> s -> end
}

workflow Outer {
  output r: number
  task sub: workflow Inner { with { x: 21 } set r = result.y }
  approval ok { ask "go?" }
  start -> sub -> ok -> end
}

workflow Broken {
  set a { }
  fail stop "nothing to do" code Empty
  start -> a -> stop
}

workflow Timed {
  output n: number
  wait w for 1500ms
  set done { n = 7 }
  start -> w -> done -> end
}
`;

describe('weft watch', function () {
    this.timeout(60_000);
    let dir: string;
    const running: RunningWeft[] = [];

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-watch-'));
        writeFileSync(path.join(dir, 'flows.weft'), FLOWS);
    });
    afterEach(async () => {
        await stopAll(running);
        rmSync(dir, { recursive: true, force: true });
    });

    it('catches up on a run left waiting, with its sub-run in place, and follows it to its end when another process approves it', async () => {
        const run = await runWeft(['run', 'flows.weft', '--workflow', 'Outer', '--json'], { cwd: dir });
        assert.equal(run.code, 0, run.stderr);
        const { runId, status } = jsonOf<{ runId: string; status: string }>(run);
        assert.equal(status, 'waiting');
        const watch = startWeft(['watch', runId], { cwd: dir });
        running.push(watch);
        await watch.printed('? ok waits for approval: go?\n');
        const lines = watch.output().split('\n').map((l) => l.replace(/ \d+(\.\d+)?(ms|s)$/, ' <t>'));
        assert.deepEqual(lines, [
            `Run ${runId} of Outer started`,
            '  ▸ sub',
            '  [Inner] ▸ nap',
            '  [Inner] ✓ nap <t>',
            '  [Inner] ▸ s',
            '  [Inner] ✓ s <t>',
            '  ✓ sub <t>',
            '  ▸ ok',
            '  ? ok waits for approval: go?',
            '',
        ]);
        const approved = await runWeft(['approve', runId, 'ok', '--json'], { cwd: dir });
        assert.equal(approved.code, 0, approved.stderr);
        const watched = await watch.result;
        assert.equal(watched.code, 0, watched.stderr);
        assert.match(watched.stdout, new RegExp(`  ✓ ok \\S+\\nRun ${runId} completed\\n  outputs \\{"r":42\\}\\n$`));
        // Nothing carried the waiting run while it was watched: the watch said what moves it.
        assert.equal(watched.stderr, `weft watch: no live process carries run ${runId} now; it goes on once someone acts on it (approval 'ok': weft approve ${runId} ok [--reject])\n`);
    });

    it('reports a run that has ended and exits as weft run would: 1 for a failed run, its outcome with --json', async () => {
        const run = await runWeft(['run', 'flows.weft', '--workflow', 'Broken', '--json'], { cwd: dir });
        assert.equal(run.code, 1);
        const ran = jsonOf<{ runId: string }>(run);
        const watched = await runWeft(['watch', ran.runId], { cwd: dir });
        assert.equal(watched.code, 1);
        assert.match(watched.stdout, new RegExp(`  ▸ stop\\n  ✗ stop \\d+ms Empty: nothing to do\\nRun ${ran.runId} failed: Empty at stop: nothing to do\\n$`));
        const json = await runWeft(['watch', ran.runId, '--json'], { cwd: dir });
        assert.equal(json.code, 1);
        assert.deepEqual(jsonOf(json), jsonOf(run), 'the outcome weft run --json printed');

        const unknown = await runWeft(['watch', 'run_nope'], { cwd: dir });
        assert.deepEqual([unknown.code, unknown.stderr], [1, "weft watch: no run with id 'run_nope' in this store\n"]);
        assert.equal((await runWeft(['watch'], { cwd: dir })).code, 2);
    });

    it('follows a run that weft serve carries, from the store it serves', async () => {
        const server = startWeft(['serve', 'flows.weft', '--port', '0'], { cwd: dir });
        running.push(server);
        await server.printed(' (store ');
        const url = / on (http:\/\/\S+) \(store /.exec(server.output())![1]!;
        const started = await (await fetch(`${url}/workflows/Timed/runs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).json() as { runId: string };
        const watched = await runWeft(['watch', started.runId], { cwd: dir });
        assert.equal(watched.code, 0, watched.stderr);
        assert.equal(watched.stderr, '', 'the server carries it: no note');
        assert.match(watched.stdout, new RegExp(`^Run ${started.runId} of Timed started\\n  ▸ w\\n  ✓ w \\S+\\n  ▸ done\\n  ✓ done \\S+\\nRun ${started.runId} completed\\n  outputs \\{"n":7\\}\\n$`));
    });
});
