// Conformance — each workflow control-flow pattern (van der Aalst et al., WCP) the language
// expresses, written as a .weft fixture, compiled by the real compiler (compileWorkflow) and
// run by the engine on a virtual clock; the trace, status and outputs must match conformance-cases.ts.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import { fromRoot } from '../../support/paths.js';
import type { ConnectorNode } from '../../../runtime/ir/index.js';
import type { TaskContext } from '../../../runtime/engine/task-executor.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { harness, testConnector, trace, waitUntil } from '../support/engine-harness.js';
import { CASES, type ConformanceRun } from './conformance-cases.js';

const fixtures = fromRoot('test/runtime/conformance/fixtures');

async function compile(fixture: string): Promise<WorkflowBundle> {
  const result = await compileWorkflow(`${fixtures}/${fixture}`);
  if (!result.ok) assert.fail(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.bundle;
}

/** The test connector, counting how many of its tasks run at once, per lock ('' for none). */
function overlapCountingConnector() {
  const inner = testConnector();
  const running = new Map<string, number>();
  const maxOverlap = new Map<string, number>();
  return {
    maxOverlap,
    async execute(ctx: TaskContext<ConnectorNode>): Promise<unknown> {
      const lock = ctx.node.options.lock ?? '';
      const now = (running.get(lock) ?? 0) + 1;
      running.set(lock, now);
      maxOverlap.set(lock, Math.max(maxOverlap.get(lock) ?? 0, now));
      try {
        return await inner.execute(ctx);
      } finally {
        running.set(lock, running.get(lock)! - 1);
      }
    },
  };
}

/** The stores every case runs on: the journal's durability must not change a trace. */
const STORES: Array<{ name: string; make(): RunStore }> = [
  { name: 'memory store', make: () => new MemoryRunStore() },
  { name: 'SQLite store', make: () => new SqliteRunStore({ file: ':memory:' }) },
];

async function run(bundle: WorkflowBundle, expected: ConformanceRun, store: RunStore = new MemoryRunStore()) {
  const connector = overlapCountingConnector();
  const h = harness({ executors: { connector }, store });
  const options: Parameters<typeof h.engine.start>[1] = {};
  if (expected.inputs) options.inputs = expected.inputs;
  if (expected.events) options.events = expected.events;
  if (expected.stepBudget) options.stepBudget = expected.stepBudget;
  const outcome = await (await h.engine.start(bundle, options)).outcome;
  // The journal as the store gives it back is the run's log as the engine made it (the SQLite
  // store writes most events in a compact form, journal-row-codec.ts; undefined fields aside).
  assert.deepEqual(await h.store.readEvents(outcome.runId), JSON.parse(JSON.stringify(outcome.state.log)), 'the journal read back');
  const runsOf: Record<string, number> = {};
  for (const r of await h.store.listRuns({})) runsOf[r.workflow] = (runsOf[r.workflow] ?? 0) + 1;
  return { outcome, connector, runsOf };
}

describe('conformance: workflow control-flow patterns (.weft fixtures)', function () {
  this.timeout(60_000);

  for (const c of CASES) {
    describe(`${c.pattern} ${c.name}`, () => {
      for (const expected of c.runs) for (const store of STORES) {
        it(`${expected.title ?? `runs ${c.fixture} with the expected trace`} (${store.name})`, async () => {
          const s = store.make();
          const { outcome, connector, runsOf } = await run(await compile(c.fixture), expected, s).finally(() => s.close());
          assert.equal(outcome.status, expected.status ?? 'completed', JSON.stringify(outcome.error));
          if (expected.error) assert.equal(outcome.error?.name, expected.error, JSON.stringify(outcome.error));
          const actual = trace(outcome.state);
          if (expected.anyOrder) assert.deepEqual([...actual].sort(), [...expected.trace].sort());
          else assert.deepEqual(actual, expected.trace);
          if (expected.outputs) assert.deepEqual(outcome.outputs, expected.outputs);
          if (expected.runsOf) assert.deepEqual(runsOf, expected.runsOf);
          for (const lock of expected.exclusive ?? []) assert.equal(connector.maxOverlap.get(lock), 1, `tasks holding lock "${lock}" overlapped`);
        });
      }
    });
  }

  it('WCP-20 cancel case from outside: the cancel control withdraws the whole run', async () => {
    const h = harness();
    const handle = await h.engine.start(await compile('wcp-20-cancel-case.weft'));
    await h.engine.cancel(handle.runId, 'conformance');
    const outcome = await handle.outcome;
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(trace(outcome.state), []);
    assert.equal(outcome.state.tokens.size, 0);
  });

  it('without its lock, the interleaved-routing fixture runs its tasks at once (the exclusion check can fail)', async () => {
    const bundle = await compile('wcp-40-interleaved-routing.weft');
    for (const wf of Object.values(bundle.workflows)) for (const node of wf.nodes) if (node.kind === 'connector') delete node.options.lock;
    const { outcome, connector } = await run(bundle, { trace: [] });
    assert.equal(outcome.status, 'completed');
    assert.equal(connector.maxOverlap.get(''), 3);
  });

  it('without `exclusive`, the critical-section region lets the instances in at once (the exclusion check can fail)', async () => {
    const bundle = await compile('wcp-39-critical-section-region.weft');
    for (const wf of Object.values(bundle.workflows)) for (const n of wf.nodes) if (n.kind === 'foreach') for (const inner of n.body.nodes) if (inner.kind === 'region') inner.exclusive = false;
    const { outcome, connector } = await run(bundle, { trace: [] });
    assert.equal(outcome.status, 'completed');
    assert.equal(connector.maxOverlap.get(''), 3);
  });

  it('a sub-workflow task\'s `timeout` leaves each timed-out child run cancelled, not compensated', async () => {
    const h = harness();
    const outcome = await (await h.engine.start(await compile('rule-task-options-sub-timeout.weft'))).outcome;
    assert.equal(outcome.status, 'completed');
    const children = (await h.store.listRuns({})).filter((r) => r.workflow === 'Hour');
    assert.deepEqual(children.map((r) => r.status), ['cancelled', 'cancelled']);
    for (const child of children) {
      const state = await h.engine.inspect(child.runId);
      assert.ok(!state.log.some((e) => e.type === 'CompensationStarted'), 'a cancelled child does not compensate');
    }
  });

  it('a sub-workflow task\'s `timeout` survives a crash: the resumed parent cancels the child at the journaled deadline (real clock, SQLite file)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-subtimeout-'));
    try {
      writeFileSync(`${dir}/p.weft`, [
        'workflow Parent {\n  output path: string',
        '  task c: workflow Slow { timeout 400ms }',
        '  set t { path = "timeout" }\n  set ok { path = "ok" }',
        '  start -> c -> ok -> end\n  c -> t on timeout\n  t -> end\n}',
        'workflow Slow {\n  wait w for 3s\n  start -> w -> end\n}',
      ].join('\n'));
      const compiled = await compileWorkflow(`${dir}/p.weft`);
      assert.ok(compiled.ok);
      const file = `${dir}/runs.db`;
      const first = new Engine({ store: new SqliteRunStore({ file }), clock: new RealClock(), environment: {} });
      const started = Date.now();
      await first.start(compiled.bundle, { runId: 'p' });
      await waitUntil(() => [...(first.peek('p')?.tokens.values() ?? [])].some((t) => t.wait === 'child'), 100_000);
      first.halt(); // as if the process died: the journals stay as they are
      const store = new SqliteRunStore({ file });
      const second = new Engine({ store, clock: new RealClock(), environment: {} });
      const outcome = await (await second.resume('p')).outcome;
      const took = Date.now() - started;
      assert.equal(outcome.status, 'completed', JSON.stringify(outcome.error));
      assert.deepEqual(outcome.outputs, { path: 'timeout' });
      assert.ok(took >= 380 && took < 2500, `timed out after ${took} ms`);
      // The cancel reaches the child after the parent's commit.
      let child: string | undefined;
      for (let i = 0; i < 200 && child !== 'cancelled'; i++) {
        child = (await store.listRuns({})).find((r) => r.workflow === 'Slow')?.status;
        if (child !== 'cancelled') await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal(child, 'cancelled');
      second.halt();
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a sub-workflow task\'s lock is released when its parent is cancelled mid-child: another call takes it', async () => {
    const bundle = await compile('rule-task-options-sub-lock.weft');
    const h = harness();
    const holder = await h.engine.start(bundle, { runId: 'holder' });
    await waitUntil(() => [...(h.engine.peek('holder')?.tokens.values() ?? [])].some((t) => t.wait === 'child'));
    await h.engine.cancel('holder', 'test');
    assert.equal((await holder.outcome).status, 'cancelled');
    // Both of the next run's calls get "L" in turn: a lock left held would leave it waiting for ever.
    const next = await (await h.engine.start(bundle, { runId: 'next' })).outcome;
    assert.equal(next.status, 'completed', JSON.stringify(next.error));
    assert.deepEqual(trace(next.state), ['c1', 'probe', 'c2', 'J']);
  });

  it('every fixture in the folder has a case, and every case a fixture', () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.weft')).sort();
    assert.deepEqual(files, CASES.map((c) => c.fixture).sort());
  });
});
