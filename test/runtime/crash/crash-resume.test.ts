// Crash recovery for real (issue 3): the shipped CLI runs each sample on the SQLite store and is
// killed with SIGKILL at seeded points (right before or right after its N-th journal append, via
// the test-mode hook WEFT_TEST_CRASH_AT), then `weft resume` carries the run on — itself killed
// again — until it ends. Each final run must match an uninterrupted one (status, outputs, error,
// completed nodes) unless a task that may not run twice (not idempotent, no retry left) was in
// flight at a kill: then it must have failed with `Interrupted` and no node completed more often.
// WEFT_CRASH_KILLS (default 216, shared out by journal length) sets the total number of kills,
// WEFT_CRASH_SEED the schedule, WEFT_CRASH_ONLY (comma-separated sample files) a subset of the samples.
// The same again on a PostgreSQL store (a real server, test/support/postgres-server.ts; each
// chain in a schema of its own), with WEFT_CRASH_PG_KILLS kills (default 60).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../../runtime/engine/seeded-random.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import { isStartOrEnd, type WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { staticName } from '../../../runtime/engine/instance-names.js';
import { nodesByStaticName } from '../../../runtime/engine/body-nodes.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { PostgresRunStore } from '../../../runtime/store/postgres-run-store.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { postgresServer } from '../../support/postgres-server.js';
import type { TaskNode } from '../../../runtime/ir/index.js';
import { sampleCases, samplePath, type SampleCase } from '../../cli/sample-cases.js';
import { runWeft, type WeftResult } from '../../cli/weft-process.js';
import { startSampleStubs, type SampleStubs } from '../../support/sample-stubs.js';

const TOTAL_KILLS = Number(process.env.WEFT_CRASH_KILLS ?? 216);
const PG_KILLS = Number(process.env.WEFT_CRASH_PG_KILLS ?? 60);
const SEED = Number(process.env.WEFT_CRASH_SEED ?? 20261125);
/** Kills in one chain before it is let run to the end. */
const MAX_KILLS_PER_CHAIN = 12;
const WORKERS = Math.max(2, Math.min(4, availableParallelism()));
const ONLY = process.env.WEFT_CRASH_ONLY?.split(',').map((f) => f.trim()).filter(Boolean);
const cases = ONLY ? sampleCases.filter((c) => ONLY.includes(c.file)) : sampleCases;

interface FinalRun {
    runId: string;
    state: WorkflowState;
    completed: string[];
    bundleNodes: Map<string, TaskNode | { kind: string; id: string }>;
}

/** The store `db` names, as `--store` does: a SQLite file, or a PostgreSQL URL with `?schema=`. */
function openStore(db: string): RunStore {
    if (!db.startsWith('postgres://')) return new SqliteRunStore({ file: db });
    const u = new URL(db);
    const schema = u.searchParams.get('schema')!;
    u.searchParams.delete('schema');
    return new PostgresRunStore({ url: u.toString(), schema });
}

async function finalRun(db: string): Promise<FinalRun | undefined> {
    const store = openStore(db);
    try {
        const top = (await store.listRuns()).filter((r) => !r.parentRunId);
        if (top.length === 0) return undefined;
        const record = (await store.getRun(top[0]!.runId))!;
        const state = foldJournal(record.runId, await store.readEvents(record.runId));
        const completed = state.history.filter((h) => h.status === 'completed' && !isStartOrEnd(h.node)).map((h) => h.node).sort();
        const workflow = record.bundle.workflows[record.workflow]!;
        return { runId: record.runId, state, completed, bundleNodes: new Map(workflow.nodes.map((n) => [n.id, n])) };
    } finally {
        await store.close();
    }
}

/**
 * Tasks that were running in any run of the store (sub-runs included) and may not run again:
 * not idempotent, no retry left. A kill at such a moment must end in `Interrupted`.
 */
async function unsafeInFlight(db: string): Promise<string[]> {
    const store = openStore(db);
    try {
        const found: string[] = [];
        for (const r of await store.listRuns()) {
            const record = (await store.getRun(r.runId))!;
            const nodes = nodesByStaticName(record.bundle.workflows[record.workflow]!.nodes);
            const state = foldJournal(r.runId, await store.readEvents(r.runId));
            for (const t of state.tokens.values()) {
                const node = nodes.get(staticName(t.node)) as TaskNode | undefined;
                if (t.phase !== 'running' || !node || !('options' in node) || node.kind === 'subworkflow' || node.kind === 'approval') continue;
                const retries = node.options.retry?.maxRetries ?? 0;
                if (!node.options.idempotent && t.attempt > retries) found.push(`${r.runId}:${t.node}`);
            }
        }
        return found;
    } finally {
        await store.close();
    }
}

function counts(list: readonly string[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const x of list) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
}

crashSuite('SQLite', TOTAL_KILLS, (dir, label) => path.join(dir, `${label}.db`));

let pgUrl = '';
crashSuite('PostgreSQL', PG_KILLS, (_dir, label) => `${pgUrl}?schema=${label.replace(/[^A-Za-z0-9_]/g, '_')}`, async () => {
    pgUrl = (await postgresServer()).url;
});

/** The suite on one kind of store: `location` names a store for a label (a file in `dir`, a PostgreSQL schema). */
function crashSuite(kind: string, TOTAL_KILLS: number, location: (dir: string, label: string) => string, prepare?: () => Promise<void>): void {
describe(`crash recovery: SIGKILL the CLI at seeded journal appends, resume, compare (${kind} store)`, function () {
    this.timeout(1_800_000);
    let stubs: SampleStubs;
    let dir: string;
    const random = seededRandom(SEED);
    let totalKills = 0;

    before(async function () {
        this.timeout(120_000);
        await prepare?.();
        // Report jobs are ready at the first poll: a poll repeated after a crash then changes nothing.
        stubs = await startSampleStubs({ reportPollsBeforeDone: 0 });
        dir = mkdtempSync(path.join(tmpdir(), 'weft-crash-'));
    });
    after(async () => {
        await stubs?.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const eventsFile = (c: SampleCase) => path.join(dir, `${c.file}.events.json`);
    const runArgs = (c: SampleCase, db: string) => ['run', samplePath(c), '--store', db, '--virtual-time', '--json', '--input', JSON.stringify(c.inputs(stubs.url)), '--events', `@${eventsFile(c)}`];
    const resumeArgs = (c: SampleCase, db: string, runId: string) => ['resume', runId, '--store', db, '--virtual-time', '--json', '--events', `@${eventsFile(c)}`];
    // TMPDIR: a PostgreSQL store's carrier records go to the temporary folder; the suite's own is removed after it.
    const env = (crashAt?: string) => ({ ...stubs.env, TMPDIR: dir, WEFT_TEST_MODE: crashAt ? '1' : undefined, WEFT_TEST_CRASH_AT: crashAt });
    const baselines = new Map<string, FinalRun>();
    const quotas = new Map<string, number>();

    before('uninterrupted runs, and kills shared out by journal length', async () => {
        const queue = [...cases];
        const work = async () => {
            for (let c = queue.shift(); c; c = queue.shift()) {
                writeFileSync(eventsFile(c), JSON.stringify(c.events ?? []));
                const db = location(dir, `${c.file}-baseline`);
                const base = await runWeft(runArgs(c, db), { env: env() });
                assert.equal(base.signal, null, base.stderr);
                const baseline = (await finalRun(db))!;
                assert.equal(baseline.state.status, c.expected.status, `${c.file} baseline: ${base.stderr}`);
                baselines.set(c.file, baseline);
            }
        };
        await Promise.all(Array.from({ length: WORKERS }, work));
        // A short journal has few distinct kill points: give each sample kills in proportion.
        const weights = cases.map((c) => baselines.get(c.file)!.state.lastSeq);
        const sum = weights.reduce((a, b) => a + b, 0);
        cases.forEach((c, i) => quotas.set(c.file, Math.max(2, Math.ceil((TOTAL_KILLS * weights[i]!) / sum))));
    });

    for (const c of cases) {
        it(`${c.file}: killed at seeded points, every resumed run ends like the uninterrupted one`, async () => {
            const name = c.file.replace(/\.weft$/, '');
            const baseline = baselines.get(c.file)!;
            const quota = quotas.get(c.file)!;

            let kills = 0;
            let chains = 0;
            let matched = 0;
            let interrupted = 0;
            // Small N: every process dies early, so short journals are hit too; chains spread the points.
            const crashPoint = () => (random() < 0.6 ? `after:${1 + Math.floor(random() * 2)}` : 'before:2');

            const chain = async (n: number) => {
                const db = location(dir, `${name}-${n}`);
                const killsWanted = 1 + Math.floor(random() * MAX_KILLS_PER_CHAIN);
                let chainKills = 0;
                const unsafe: string[] = [];
                let result: WeftResult = await runWeft(runArgs(c, db), { env: env(crashPoint()) });
                for (;;) {
                    if (result.signal !== 'SIGKILL') break;
                    kills++;
                    chainKills++;
                    const partial = await finalRun(db);
                    assert.ok(partial, `chain ${n}: the killed process left no run in ${db}`);
                    unsafe.push(...await unsafeInFlight(db));
                    const crashAt = chainKills < killsWanted ? crashPoint() : undefined;
                    result = await runWeft(resumeArgs(c, db, partial.runId), { env: env(crashAt) });
                }
                assert.equal(result.signal, null, `chain ${n}: ${result.stderr}`);
                assert.notEqual(result.code, 2, `chain ${n}: ${result.stderr}`);
                const final = (await finalRun(db))!;
                const s = final.state;
                const where = `chain ${n} (${chainKills} kills${unsafe.length ? `, in flight: ${unsafe.join(', ')}` : ''})`;
                if (unsafe.length) {
                    // The run must not have run such a task again: it failed with Interrupted (maybe caught).
                    assert.ok(s.history.some((h) => h.error?.name === 'Interrupted'), `${where}: no Interrupted failure; ended ${s.status} ${s.error?.name ?? ''}`);
                    const compensations = new Set(s.completedTasks.map((t) => t.compensate));
                    const allowed = counts(baseline.completed);
                    for (const [node, k] of counts(final.completed)) {
                        if (compensations.has(node)) continue;
                        assert.ok(k <= (allowed.get(node) ?? 0), `${where}: '${node}' completed ${k}× (uninterrupted: ${allowed.get(node) ?? 0}×)`);
                    }
                    interrupted++;
                } else {
                    assert.equal(s.status, baseline.state.status, `${where}: ${s.error?.name}: ${s.error?.message}`);
                    assert.deepEqual(s.outputs, baseline.state.outputs, where);
                    assert.equal(s.error?.name, baseline.state.error?.name, where);
                    assert.deepEqual(final.completed, baseline.completed, `${where}: completed nodes differ`);
                    matched++;
                }
            };

            const worker = async () => {
                while (kills < quota) await chain(chains++);
            };
            await Promise.all(Array.from({ length: WORKERS }, worker));
            totalKills += kills;
            assert.ok(kills >= quota);
            assert.equal(matched + interrupted, chains);
        });
    }

    it(`killed the CLI at least ${TOTAL_KILLS} times in all`, () => {
        assert.ok(totalKills >= TOTAL_KILLS, `${totalKills} kills`);
    });
});
}
