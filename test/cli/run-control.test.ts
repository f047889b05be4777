// The run-control commands against one SQLite store, each a real `weft` process: runs, show,
// approve/--reject, emit, pause, resume, cancel, retry, skip, set, stats. Each action is journaled with its actor
// and the run is carried on by the process that acted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LEDGER } from './ledger-flow.js';
import { jsonOf, runWeft } from './weft-process.js';

const FLOW = LEDGER + `
workflow Review {
  input item: string
  output verdict: string
  approval check { ask "Ship \${item}?" assignee "qa" }
  set yes { verdict = "shipped" }
  set no { verdict = "held: \${check.comment}" }
  start -> check
  check -> yes when check.approved
  check -> no otherwise
  yes -> end
  no -> end
}

workflow Parcel {
  input id: string
  output depot: string
  wait arrived for event "parcel.arrived" correlate event.data.id == id
  set done { depot = arrived.data.depot }
  start -> arrived -> done -> end
}

workflow Twice {
  output n: number
  wait a for event "tick"
  wait b for event "tick"
  set done { n = b.data.n }
  start -> a -> b -> done -> end
}
`;

interface RunJson { runId: string; status: string; outputs: Record<string, unknown>; error?: { name: string } }
interface ShowJson extends RunJson {
    history: Array<{ node: string; status: string; decision?: { actor: string; action: string } }>;
    audit: Array<{ seq: number; at: string; actor: string; type: string; action: string; node?: string }>;
    events?: Array<{ type: string; actor?: string }>;
    current: Array<{ node: string; phase: string }>;
}

describe('weft runs, show, approve, emit, pause, resume, cancel, retry, skip, set, stats', function () {
    this.timeout(60_000);
    let dir: string;
    let store: string;
    const weft = (...args: string[]) => runWeft([...args, '--store', store], { cwd: dir, env: { USER: 'tester' } });
    const start = async (workflow: string, inputs: object) => jsonOf<RunJson>(await weft('run', 'flow.weft', '--workflow', workflow, '--json', '--input', JSON.stringify(inputs)));
    const show = async (runId: string) => jsonOf<ShowJson>(await weft('show', runId, '--json', '--events'));

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'weft-control-'));
        store = path.join(dir, 'runs.db');
        writeFileSync(path.join(dir, 'flow.weft'), FLOW);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('weft runs refuses a store written by a newer Weft and says what to do (exit code 2)', async () => {
        const { DatabaseSync } = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
        const db = new DatabaseSync(store);
        db.exec('PRAGMA user_version = 99;');
        db.close();
        const r = await weft('runs');
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^weft runs: The run store .*runs\.db has layout 99, written by a newer Weft .*update Weft, or pass --store with another file/);
    });

    it('weft run leaves a run waiting for an approval; weft approve decides it and finishes the run', async () => {
        const run = await start('Review', { item: 'lamp' });
        assert.equal(run.status, 'waiting');
        const before = await show(run.runId);
        assert.deepEqual(before.current.map((c) => [c.node, c.phase]), [['check', 'waiting']]);
        const r = await weft('approve', run.runId, 'check', '--comment', 'fine');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Approved 'check'/);
        assert.match(r.stdout, /completed/);
        const after = await show(run.runId);
        assert.equal(after.status, 'completed');
        assert.deepEqual(after.outputs, { verdict: 'shipped' });
        const decided = after.events!.find((e) => e.type === 'ApprovalDecided')!;
        assert.equal(decided.actor, 'cli:tester');
    });

    it('weft approve --reject routes the otherwise edge with the comment', async () => {
        const run = await start('Review', { item: 'lamp' });
        const r = await weft('approve', run.runId, 'check', '--reject', '--comment', 'scratched', '--json');
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(jsonOf<RunJson>(r).outputs, { verdict: 'held: scratched' });
    });

    it('approving a node that is not waiting is one clear line and exit 1', async () => {
        const run = await start('Review', { item: 'lamp' });
        const r = await weft('approve', run.runId, 'yes');
        assert.equal(r.code, 1);
        assert.equal(r.stderr, `weft approve: Run ${run.runId} has no approval 'yes' waiting for a decision\n`);
        const unknown = await weft('show', 'run_nope');
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /no run with id 'run_nope'/);
        // Every command says an unknown run the same way.
        for (const command of [['cancel'], ['pause'], ['resume'], ['approve', 'yes'], ['set', 'x', '1'], ['skip', 'n'], ['retry', 'n']]) {
            const refused = await weft(command[0]!, 'run_nope', ...command.slice(1));
            assert.deepEqual([refused.code, refused.stderr], [1, `weft ${command[0]}: no run with id 'run_nope' in this store\n`], command.join(' '));
        }
    });

    it('weft emit delivers an event to the waiting run that correlates, and only to it', async () => {
        const a = await start('Parcel', { id: 'p-1' });
        const b = await start('Parcel', { id: 'p-2' });
        const r = await weft('emit', 'parcel.arrived', '--data', '{"id":"p-2","depot":"Leeds"}');
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`taken by ${b.runId}`));
        assert.equal((await show(b.runId)).status, 'completed');
        assert.deepEqual((await show(b.runId)).outputs, { depot: 'Leeds' });
        assert.equal((await show(a.runId)).status, 'waiting');
    });

    it('weft emit --id: the same event emitted again is a redelivery no run takes; another id is a new event', async () => {
        const run = await start('Twice', {});
        assert.match((await weft('emit', 'tick', '--id', 'tick-1', '--source', 'cron', '--data', '{"n":1}')).stdout, new RegExp(`taken by ${run.runId}`));
        const again = await weft('emit', 'tick', '--id', 'tick-1', '--source', 'cron', '--data', '{"n":1}');
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stdout, /^No run took 'tick'$/m);
        assert.equal((await show(run.runId)).status, 'waiting');
        assert.match((await weft('emit', 'tick', '--id', 'tick-2', '--source', 'cron', '--data', '{"n":2}')).stdout, new RegExp(`taken by ${run.runId}`));
        const done = await show(run.runId);
        assert.deepEqual([done.status, done.outputs], ['completed', { n: 2 }]);
        assert.equal((await weft('emit', 'tick', '--id', '')).code, 2);
    });

    it('weft pause, weft resume and weft cancel are journaled with who did them', async () => {
        const run = await start('Review', { item: 'desk' });
        assert.match((await weft('pause', run.runId)).stdout, /paused/);
        assert.equal((await show(run.runId)).status, 'paused');
        const resumed = await weft('resume', run.runId);
        assert.equal(resumed.code, 0, resumed.stderr);
        assert.match(resumed.stdout, /resumed by cli:tester/);
        const cancelled = await weft('cancel', run.runId, '--reason', 'out of stock');
        assert.equal(cancelled.code, 0, cancelled.stderr);
        const final = await show(run.runId);
        assert.equal(final.status, 'cancelled');
        assert.deepEqual(final.events!.filter((e) => e.actor === 'cli:tester').map((e) => e.type), ['Paused', 'Resumed', 'Cancelled']);
        assert.deepEqual(final.audit.map((a) => [a.actor, a.action]), [
            ['cli:tester', 'paused the run'], ['cli:tester', 'resumed the run'], ['cli:tester', 'cancelled the run: out of stock'],
        ]);
        const text = (await weft('show', run.runId)).stdout;
        assert.match(text, /\nAudit trail:\n {2}TIME {10}ACTOR {7}ACTION\n {2}\d\d:\d\d:\d\d\.\d{3} {2}cli:tester {2}paused the run\n/);
        assert.match(text, /cli:tester {2}cancelled the run: out of stock\n$/);
    });

    it('weft set puts right the variable a node failed on, and weft retry runs the node again to completion', async () => {
        const failed = await start('Ledger', { amount: 150 });
        assert.equal(failed.status, 'failed');
        const wrong = await weft('set', failed.runId, 'limit', '"lots"');
        assert.equal(wrong.code, 1);
        assert.equal(wrong.stderr, `weft set: Cannot set var 'limit' of run ${failed.runId}: expected number, got string\n`);
        const set = await weft('set', failed.runId, 'limit', '200');
        assert.equal(set.code, 0, set.stderr);
        assert.equal(set.stdout, `Set 'limit' of run ${failed.runId} to 200\nRun ${failed.runId} is still failed; run a failed node again with: weft retry ${failed.runId} post --store runs.db\n`);
        const early = await weft('retry', failed.runId, 'end');
        assert.equal(early.code, 1);
        assert.equal(early.stderr, `weft retry: Run ${failed.runId} has no failed node 'end'\n`);
        const retried = await weft('retry', failed.runId, 'post');
        assert.equal(retried.code, 0, retried.stderr);
        assert.match(retried.stdout, new RegExp(`^Retrying 'post' of run ${failed.runId}\n {2}▸ post\n {2}✓ post \\d+ms\n`));
        assert.match(retried.stdout, /completed\n {2}outputs \{"posted":150\}\n$/);
        const shown = await show(failed.runId);
        assert.equal(shown.status, 'completed');
        assert.deepEqual(shown.audit.map((a) => [a.actor, a.action]), [['cli:tester', "set variable 'limit' to 200"], ['cli:tester', "retried 'post'"]]);
        assert.deepEqual(shown.history.filter((h) => h.node === 'post').map((h) => h.status), ['failed', 'completed']);
        const again = await weft('retry', failed.runId, 'post');
        assert.equal(again.code, 1);
        assert.equal(again.stderr, `weft retry: Run ${failed.runId} is completed; nothing to retry\n`);
        assert.equal((await weft('retry', failed.runId)).code, 2);
    });

    it('weft skip completes a failed node with a result from a file; its set entries take it and are type-checked', async () => {
        const failed = await start('Ledger', { amount: 150 });
        const bare = await weft('skip', failed.runId, 'post');
        assert.equal(bare.code, 1);
        assert.match(bare.stderr, new RegExp(`^weft skip: Cannot skip 'post' of run ${failed.runId} with that result: cannot read 'posted' of null \\(at .*flow\\.weft:\\d+:\\d+\\)\n$`));
        writeFileSync(path.join(dir, 'wrong.json'), '{"posted":"many"}');
        const wrong = await weft('skip', failed.runId, 'post', '--result', '@wrong.json');
        assert.equal(wrong.code, 1);
        assert.equal(wrong.stderr, `weft skip: Cannot skip 'post' of run ${failed.runId} with that result: output 'posted' is declared number; the value set to it is not: expected number, got string\n`);
        assert.equal((await show(failed.runId)).status, 'failed', 'a refused skip leaves the run as it was');
        writeFileSync(path.join(dir, 'result.json'), '{"posted":90}');
        const skipped = await weft('skip', failed.runId, 'post', '--result', '@result.json', '--json');
        assert.equal(skipped.code, 0, skipped.stderr);
        const run = jsonOf<RunJson>(skipped);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { posted: 90 });
        const shown = await show(failed.runId);
        assert.deepEqual(shown.audit.map((a) => [a.actor, a.action]), [['cli:tester', `skipped 'post' with result {"posted":90}`]]);
        assert.equal((await weft('skip', failed.runId, 'post', '--result', '{bad')).code, 2);
    });

    it('weft set on a waiting run changes what the rest of the run reads', async () => {
        const run = await start('Review', { item: 'lamp' });
        const set = await weft('set', run.runId, 'verdict', '"pre-set"', '--json');
        assert.equal(set.code, 0, set.stderr);
        assert.equal(jsonOf<RunJson>(set).status, 'waiting');
        assert.deepEqual((await show(run.runId)).outputs, { verdict: 'pre-set' });
        const bare = await weft('set', run.runId, 'verdict', 'held');
        assert.equal(bare.code, 2);
        assert.match(bare.stderr, /^weft set: the value is not valid JSON: .* \(a string is quoted: '"held"'\)\n/);
        const unknown = await weft('set', run.runId, 'nothing', '1');
        assert.equal(unknown.code, 1);
        assert.equal(unknown.stderr, "weft set: Workflow 'Review' has no variable or output 'nothing'\n");
    });

    it('weft show notes who decided an approval, and its comment, on the approval node', async () => {
        const run = await start('Review', { item: 'lamp' });
        const approved = await weft('approve', run.runId, 'check', '--reject', '--by', 'quinn', '--comment', 'scratched');
        assert.equal(approved.code, 0, approved.stderr);
        const shown = await show(run.runId);
        assert.deepEqual(shown.outputs, { verdict: 'held: scratched' });
        assert.deepEqual(shown.history.filter((h) => h.node === 'check').map((h) => h.decision), [{ actor: 'cli:tester', action: "rejected 'check' for quinn: scratched" }]);
        assert.match((await weft('show', run.runId)).stdout, /\ncheck +1 +1 +completed .*rejected 'check' for quinn: scratched \(cli:tester\)\n/);
        assert.match((await weft('stats', 'Review')).stdout, /^Review: 1 run, 1 completed, 0 failed/);
    });

    it('weft resume --all carries on a run whose process was killed (SIGKILL after its first journal append)', async () => {
        writeFileSync(path.join(dir, 'steps.weft'), 'workflow Steps {\n  output n: number\n  set a { n = 1 }\n  wait w for 1h\n  set b { n = n + 1 }\n  start -> a -> w -> b -> end\n}\n');
        const killed = await runWeft(['run', 'steps.weft', '--virtual-time', '--store', store], { cwd: dir, env: { WEFT_TEST_MODE: '1', WEFT_TEST_CRASH_AT: 'after:1' } });
        assert.equal(killed.signal, 'SIGKILL');
        const left = jsonOf<Array<{ runId: string; status: string }>>(await weft('runs', '--json'));
        // The first commit took the run to its timer: it waits (on 1h), and nothing carries it.
        assert.deepEqual(left.map((r) => r.status), ['waiting']);
        const resumed = await weft('resume', '--all', '--virtual-time', '--json');
        assert.equal(resumed.code, 0, resumed.stderr);
        const run = jsonOf<RunJson>(resumed);
        assert.equal(run.runId, left[0]!.runId);
        assert.equal(run.status, 'completed');
        assert.deepEqual(run.outputs, { n: 2 });
    });

    it('weft runs lists runs newest first and filters by workflow and status', async () => {
        const first = await start('Review', { item: 'a' });
        const second = await start('Parcel', { id: 'p' });
        const all = jsonOf<Array<{ runId: string; status: string }>>(await weft('runs', '--json'));
        assert.deepEqual(all.map((r) => r.runId), [second.runId, first.runId]);
        // The store goes on; the runs wait for the outside, and say so as `weft show` does.
        assert.deepEqual(all.map((r) => r.status), ['waiting', 'waiting']);
        assert.deepEqual(jsonOf<Array<{ runId: string }>>(await weft('runs', '--status', 'waiting', '--limit', '1', '--json')).map((r) => r.runId), [second.runId]);
        assert.deepEqual(jsonOf<unknown[]>(await weft('runs', '--status', 'running', '--json')), []);
        const reviews = jsonOf<Array<{ runId: string }>>(await weft('runs', '--workflow', 'Review', '--json'));
        assert.deepEqual(reviews.map((r) => r.runId), [first.runId]);
        const table = await weft('runs');
        assert.match(table.stdout.split('\n')[0]!, /^RUN\s+WORKFLOW\s+VERSION\s+STATUS/);
        assert.match(table.stdout.split('\n')[1]!, new RegExp(`^${second.runId}\\s+Parcel\\s+0\\.0\\.0\\s+waiting\\s`));
        assert.equal((await weft('runs', '--status', 'bogus')).code, 2);
    });

    it('weft show prints state, where the run waits and per-node timings', async () => {
        const run = await start('Review', { item: 'chair' });
        const r = await weft('show', run.runId);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Review 0\.0\.0 — waiting/);
        assert.match(r.stdout, /inputs\s+\{"item":"chair"\}/);
        assert.match(r.stdout, new RegExp(`approval 'check': weft approve ${run.runId} check`));
        assert.match(r.stdout, /NODE\s+BRANCH\s+ATTEMPT\s+STATUS\s+STARTED\s+DURATION/);
    });

    it('weft stats counts runs, outcomes and node executions per workflow', async () => {
        const a = await start('Review', { item: 'a' });
        const b = await start('Review', { item: 'b' });
        await weft('approve', a.runId, 'check');
        await weft('approve', b.runId, 'check', '--reject');
        const stats = jsonOf<Record<string, { runs: number; completed: number; nodes: Record<string, { executions: number }> }>>(await weft('stats', 'Review', '--json'));
        assert.equal(stats.Review!.runs, 2);
        assert.equal(stats.Review!.completed, 2);
        assert.equal(stats.Review!.nodes.check!.executions, 2);
        assert.equal(stats.Review!.nodes.yes!.executions, 1);
        const text = await weft('stats');
        assert.match(text.stdout, /Review: 2 runs, 2 completed, 0 failed, 0 cancelled, success 100%/);
    });
});
