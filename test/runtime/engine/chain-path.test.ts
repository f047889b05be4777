// Engine — the chain path (`RunFastPaths.chainStep`, `chain-links.ts`) against the general path:
// each workflow runs as it is and with a pass-through debugging hook (which keeps every step on
// the general path); journals, listener events and final states must match event by event.

import assert from 'node:assert/strict';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import { createCliEngine } from '../../../cli/cli-engine.js';
import { Engine, type StartOptions } from '../../../runtime/engine/engine.js';
import { RunExecution } from '../../../runtime/engine/run-execution.js';
import { WorkflowGraph } from '../../../runtime/engine/workflow-graph.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { seededRandom, type Random } from '../../../runtime/engine/seeded-random.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import type { Expr, NodeDefinition, WorkflowBundle } from '../../../runtime/ir/index.js';
import { parseDuration } from '../../../runtime/expressions/stdlib/time-functions.js';
import type { RunStore } from '../../../runtime/store/run-store.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { startSampleStubs, type SampleStubs } from '../../support/sample-stubs.js';
import { sampleCases, samplePath } from '../../cli/sample-cases.js';
import { conformanceStarts } from '../support/conformance-runs.js';
import { testConnector } from '../support/engine-harness.js';
import {
  bin, bundleOf, input, lit, member, node, obj, result, retry, task, v, workflow, type EdgeInput,
} from '../support/ir-builder.js';

const START = Date.UTC(2026, 0, 1);

/**
 * Counts the chain steps and end steps taken (the protected methods `RunExecution` inherits,
 * wrapped on its prototype for the duration of `fn`).
 */
async function countingChainSteps<T>(fn: () => Promise<T>): Promise<{ value: T; steps: number; ends: number }> {
  const proto = RunExecution.prototype as unknown as Record<'chainStep' | 'endStep', (...args: unknown[]) => boolean>;
  const chainStep = proto.chainStep;
  const endStep = proto.endStep;
  let steps = 0;
  let ends = 0;
  proto.chainStep = function (this: unknown, ...args: unknown[]) {
    const taken = chainStep.apply(this, args);
    if (taken) steps++;
    return taken;
  };
  proto.endStep = function (this: unknown, ...args: unknown[]) {
    const taken = endStep.apply(this, args);
    if (taken) ends++;
    return taken;
  };
  try {
    const value = await fn();
    return { value, steps, ends };
  } finally {
    proto.chainStep = chainStep;
    proto.endStep = endStep;
  }
}

interface RunRecord {
  journals: Record<string, JournalEvent[]>;
  heard: JournalEvent[];
  status: string;
  state: unknown;
}

type EngineFactory = (store: RunStore) => Engine;

/** Runs `bundle` to its end; `general` installs a hook that lets every node through at once. */
async function runOnce(bundle: WorkflowBundle, options: StartOptions, makeEngine: EngineFactory, general: boolean, listen: boolean): Promise<RunRecord> {
  const store = new MemoryRunStore();
  const engine = makeEngine(store);
  if (general) engine.setBeforeNode(() => undefined);
  const heard: JournalEvent[] = [];
  if (listen) engine.onEvent((e) => { if (e.kind === 'journal') heard.push(e.event); });
  const { stubUrl: _stubUrl, ...start } = options as StartOptions & { stubUrl?: string };
  const outcome = await (await engine.start(bundle, { runId: 'run-1', ...start })).outcome;
  const journals: Record<string, JournalEvent[]> = {};
  for (const r of await store.listRuns({})) journals[r.runId] = await store.readEvents(r.runId);
  return { journals, heard, status: outcome.status, state: outcome.state };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * A value as JSON text (field order included: the journal's text must not change), without what
 * differs between any two runs of the same workflow: times (a due time too), event ids, a script's measured
 * usage figures, HTTP `date` headers, the stub server's address.
 */
function text(value: unknown, stubUrl?: string): string {
  const json = JSON.stringify(value, (key, v: unknown) => {
    // Times derived from the clock too: under virtual time it runs at real speed while a task is in flight.
    if (key === 'at' || key === 'startedAt' || key === 'endedAt' || key === 'dueAt' || key === 'timeoutAt' || key === 'date' || key === 'time') return undefined;
    if (key === 'usage' && v && typeof v === 'object') return Object.keys(v);
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    return v;
  });
  const plain = json.replace(UUID, '<uuid>');
  return stubUrl ? plain.split(stubUrl).join('<stub>') : plain;
}

function comparable(events: JournalEvent[], stubUrl?: string): string[] {
  return events.map((e) => text(e, stubUrl));
}

/**
 * For workflows whose parallel branches race on real I/O (which branch's events come first, and
 * which branch wins a `join first`, differ from run to run on either path): the same status,
 * outputs and completed nodes, as the crash test compares runs.
 */
function assertSameOutcome(fast: RunRecord, slow: RunRecord): void {
  const st = (r: RunRecord) => r.state as { outputs: unknown; history: Array<{ node: string; status: string }> };
  const completed = (r: RunRecord) => st(r).history.filter((h) => h.status === 'completed').map((h) => h.node).sort();
  assert.equal(fast.status, slow.status);
  assert.deepEqual(st(fast).outputs, st(slow).outputs);
  assert.deepEqual(completed(fast), completed(slow));
}

async function assertSameBothWays(bundle: WorkflowBundle, options: StartOptions | (() => Promise<StartOptions & { stubUrl?: string }>), makeEngine: EngineFactory, racing = false, listen = true): Promise<{ chained: number; ended: number; status: string }> {
  const optionsNow = async () => (typeof options === 'function' ? options() : options);
  const o1 = await optionsNow();
  const { value: fast, steps, ends } = await countingChainSteps(() => runOnce(bundle, o1, makeEngine, false, listen));
  const o2 = await optionsNow();
  const { value: slow, steps: none, ends: noEnds } = await countingChainSteps(() => runOnce(bundle, o2, makeEngine, true, listen));
  assert.equal(none + noEnds, 0, 'the debugging hook keeps every step on the general path');
  assert.deepEqual(Object.keys(fast.journals).sort(), Object.keys(slow.journals).sort());
  if (racing) {
    assertSameOutcome(fast, slow);
    return { chained: steps, ended: ends, status: fast.status };
  }
  for (const id of Object.keys(fast.journals)) {
    const a = comparable(fast.journals[id]!, (o1 as { stubUrl?: string }).stubUrl);
    const b = comparable(slow.journals[id]!, (o2 as { stubUrl?: string }).stubUrl);
    for (let i = 0; i < Math.max(a.length, b.length); i++) assert.equal(a[i], b[i], `run ${id}, event ${i + 1}`);
  }
  assert.deepEqual(comparable(fast.heard, (o1 as { stubUrl?: string }).stubUrl), comparable(slow.heard, (o2 as { stubUrl?: string }).stubUrl), 'listeners hear the same events in the same order');
  assert.equal(fast.status, slow.status);
  assert.equal(text(fast.state, (o1 as { stubUrl?: string }).stubUrl), text(slow.state, (o2 as { stubUrl?: string }).stubUrl));
  return { chained: steps, ended: ends, status: fast.status };
}

function testEngine(store: RunStore): Engine {
  return new Engine({ store, clock: new VirtualClock(START), environment: {}, executors: { connector: testConnector() } });
}

// ---- random straight chains

/** A random expression over the run's inputs and earlier tasks' results (never failing). */
function valueExpr(rnd: Random, earlier: string[]): Expr {
  const pick = rnd();
  if (earlier.length && pick < 0.4) return node(earlier[Math.floor(rnd() * earlier.length)]!);
  if (pick < 0.6) return input('n');
  if (pick < 0.8) return bin('+', input('n'), lit(Math.floor(rnd() * 10)));
  return lit(`s${Math.floor(rnd() * 100)}`);
}

/**
 * A chain `start -> t0 -> … -> end` of test-connector tasks with inputs, `with` objects and
 * results; some links are what the chain path leaves to the general path (a `set`, a guard
 * with `otherwise`, a failure caught by `on error`, a retried flaky task, a `with` that fails,
 * a lock, a cache, a timeout).
 */
function randomChain(seed: number): { bundle: WorkflowBundle; inputs: Record<string, unknown> } {
  const rnd = seededRandom(seed);
  const n = 2 + Math.floor(rnd() * 30);
  const nodes: NodeDefinition[] = [];
  const edges: EdgeInput[] = [];
  const ids: string[] = [];
  let prev = 'start';
  for (let i = 0; i < n; i++) {
    const id = `t${i}`;
    const r = rnd();
    const options: Parameters<typeof task>[3] = {};
    if (rnd() < 0.5) options.with = obj({ a: valueExpr(rnd, ids), b: valueExpr(rnd, ids) });
    if (r < 0.06) options.sets = [{ target: 'last', value: result }];
    else if (r < 0.09) options.sets = [{ target: 'total', value: result }];
    else if (r < 0.11) options.with = obj({ bad: member(lit(null), 'x') });
    else if (r < 0.13) options.lock = 'L';
    else if (r < 0.15) options.cache = { ttlMs: 60_000 };
    else if (r < 0.17) options.timeoutMs = 5_000;
    if (r >= 0.17 && r < 0.22) {
      options.retry = retry(2, 1_000);
      nodes.push(task(id, 'flaky', [lit(1), lit('Flaky')], options));
    } else if (r >= 0.22 && r < 0.25) {
      nodes.push(task(id, 'fail', [lit('Boom'), lit('no')], options));
      nodes.push(task(`${id}c`, 'ok', [lit('caught')]));
      edges.push([`${id} -> ${id}c`, { on: 'Boom' }]);
    } else {
      nodes.push(task(id, rnd() < 0.5 ? 'ok' : 'echo', rnd() < 0.5 ? [valueExpr(rnd, ids)] : [], options));
    }
    if (r >= 0.25 && r < 0.3 && i > 0) {
      edges.push([`${prev} -> ${id}`, { when: bin('>', input('n'), lit(5)) }]);
      edges.push([`${prev} -> ${id}`, { otherwise: true }]);
    } else {
      edges.push(`${prev} -> ${id}`);
    }
    ids.push(id);
    prev = id;
  }
  edges.push(`${prev} -> end`);
  for (const t of nodes) if (t.id.endsWith('c')) edges.push(`${t.id} -> end`);
  const wf = workflow(`Chain${seed}`, {
    nodes, edges, inputs: { n: {} }, vars: { last: null }, outputs: ['total'],
    stepBudget: rnd() < 0.15 ? 1 + Math.floor(rnd() * n) : 10_000,
  });
  return { bundle: bundleOf(wf), inputs: { n: Math.floor(rnd() * 10) } };
}

describe('engine: the chain path of straight task chains', function () {
  this.timeout(120_000);

  it('links a task only to a next task that can start at once, and only over one plain edge', () => {
    const wf = workflow('Links', {
      nodes: [
        task('a', 'ok'), task('b', 'ok'), task('c', 'ok', [], { sets: [{ target: 'x', value: result }] }),
        task('d', 'ok'), task('e', 'ok', [], { lock: 'L' }), task('f', 'ok'), task('g', 'ok'),
      ],
      edges: ['start -> a -> b -> c -> d -> e -> f', ['f -> g', { when: v('x') }], ['f -> end', { otherwise: true }], 'g -> end'],
      vars: { x: null },
    });
    const graph = new WorkflowGraph(wf);
    assert.equal(graph.chainLink('a')?.next.id, 'b');
    assert.equal(graph.chainLink('a')?.nextLink, graph.chainLink('b'), 'links are chained without a lookup');
    assert.equal(graph.chainLink('b')?.next.id, 'c', 'a `set` on the next task does not stop its start');
    assert.equal(graph.chainLink('c'), undefined, 'a task with `set` completes the general way');
    assert.equal(graph.chainLink('d'), undefined, 'a next task with a lock waits for it the general way');
    assert.equal(graph.chainLink('f'), undefined, 'guarded routing is the general path\'s');
    assert.equal(graph.chainLink('g'), undefined, 'the end is no task');
    assert.equal(graph.endLink('g')?.end.id, 'end', '…but leads to an end link');
    assert.equal(graph.chainLink('e')?.nextLink, undefined, 'a locked task has no link of its own');
    assert.equal(graph.endLink('f'), undefined, 'an `otherwise` to the end is the general path\'s');
    const tail = new WorkflowGraph(workflow('Tail', {
      nodes: [task('a', 'ok'), task('b', 'ok'), task('c', 'ok', [], { sets: [{ target: 'x', value: result }] })],
      edges: ['start -> a -> b -> end', 'c -> end'], vars: { x: null },
    }));
    assert.equal(tail.chainLink('a')?.nextLink, tail.endLink('b'), 'the last task\'s end link is chained from its predecessor');
    assert.equal(tail.endLink('c'), undefined, 'a task with `set` ends the general way');
  });

  it('takes the chain path on a plain sequence, with the same journal, listener events and state', async () => {
    const nodes = Array.from({ length: 50 }, (_, i) => task(`t${i}`, i % 2 ? 'echo' : 'ok', i % 2 ? [] : [bin('+', input('n'), lit(i))], i % 3 ? {} : { with: obj({ i: lit(i), n: input('n') }) }));
    const wf = workflow('Plain', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'], inputs: { n: {} } });
    const { chained, ended, status } = await assertSameBothWays(bundleOf(wf), { inputs: { n: 3 } }, testEngine);
    assert.equal(status, 'completed');
    assert.equal(chained, 49, 'every task after the first starts from its predecessor\'s settlement');
    assert.equal(ended, 1, 'the last task\'s settlement ends the run');
  });

  it('leaves a run whose next task\'s `with` fails to the general path after recording the start', async () => {
    const wf = workflow('BadWith', {
      nodes: [task('a', 'ok'), task('b', 'ok', [], { with: obj({ x: member(lit(null), 'x') }) }), task('c', 'ok')],
      edges: ['start -> a -> b -> end', ['b -> c', { on: 'error' }], 'c -> end'],
    });
    const { status } = await assertSameBothWays(bundleOf(wf), {}, testEngine);
    assert.equal(status, 'completed');
  });

  it('stops at the step budget exactly as the general path does', async () => {
    const nodes = Array.from({ length: 10 }, (_, i) => task(`t${i}`, 'ok'));
    const wf = workflow('Budget', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'], stepBudget: 6 });
    const { status } = await assertSameBothWays(bundleOf(wf), {}, testEngine);
    assert.equal(status, 'failed');
  });

  it('commits through a store\'s appendSync when the store offers no step appender (a wrapper)', async () => {
    const nodes = Array.from({ length: 20 }, (_, i) => task(`t${i}`, 'ok'));
    const wf = workflow('Wrapped', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'] });
    const inner = new MemoryRunStore();
    let appends = 0;
    const wrapper: RunStore = {
      createRun: (run) => inner.createRun(run),
      createRunSync: (run) => inner.createRunSync(run),
      append: (runId, events) => inner.append(runId, events),
      appendSync: (runId, events) => { appends++; inner.appendSync(runId, events); },
      readEvents: (runId, after) => inner.readEvents(runId, after),
      getRun: (runId) => inner.getRun(runId),
      listRuns: (filter) => inner.listRuns(filter),
      waitForEvents: (runId, after, options) => inner.waitForEvents(runId, after, options),
      close: () => inner.close(),
    };
    const { value: outcome, steps } = await countingChainSteps(async () => (await testEngine(wrapper).start(bundleOf(wf), { runId: 'w' })).outcome);
    assert.equal(outcome.status, 'completed');
    assert.equal(steps, 19);
    assert.ok(appends >= 20, `every chain step went through appendSync (${appends} appends)`);
    const direct = new MemoryRunStore();
    await (await testEngine(direct).start(bundleOf(wf), { runId: 'w' })).outcome;
    assert.deepEqual(comparable(await inner.readEvents('w')), comparable(await direct.readEvents('w')));
  });

  for (const listen of [true, false]) {
    it(`gives the same journals and states as the general path for 120 random straight chains (${listen ? 'with' : 'without'} a listener)`, async () => {
      let chained = 0;
      let ended = 0;
      for (let seed = 1; seed <= 120; seed++) {
        const { bundle, inputs } = randomChain(seed);
        const taken = await assertSameBothWays(bundle, { inputs }, testEngine, false, listen);
        chained += taken.chained;
        ended += taken.ended;
      }
      assert.ok(chained > 500, `the chain path was taken (${chained} steps)`);
      assert.ok(ended > 30, `the end step was taken (${ended} runs)`);
    });
  }

  it('gives the same journals and states as the general path for every conformance fixture', async () => {
    for await (const { bundle, options } of conformanceStarts()) await assertSameBothWays(bundle, options, testEngine);
  });

  describe('the shipped samples', () => {
    /** Samples whose parallel branches wait on real I/O: their branches' events interleave differently from run to run. */
    const RACING = new Set(['order-fulfilment.weft', 'webhook-deploy.weft']);
    // Each run gets stub servers of its own (they count jobs); their address is left out of the comparison.
    let stubs: SampleStubs[] = [];
    afterEach(async () => {
      for (const s of stubs) await s.close();
      stubs = [];
    });

    for (const c of sampleCases) {
      it(`gives the same journals and states as the general path for ${c.file}`, async () => {
        const compiled = await compileWorkflow(samplePath(c));
        if (!compiled.ok) assert.fail(c.file);
        const events = (c.events ?? []).map((e) => ({ type: e.type, data: e.data, at: parseDuration(e.at) }));
        let env: Record<string, string> = {};
        const makeEngine: EngineFactory = (store) => createCliEngine({ store, virtualTime: true, virtualStart: START, environment: { ...process.env, ...env } });
        const options = async () => {
          const s = await startSampleStubs({ reportPollsBeforeDone: 0 });
          stubs.push(s);
          env = s.env;
          return { inputs: c.inputs(s.url), events, stubUrl: s.url };
        };
        const { status } = await assertSameBothWays(compiled.bundle, options, makeEngine, RACING.has(c.file));
        assert.equal(status, c.expected.status);
      });
    }
  });
});
