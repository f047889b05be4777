// Engine — a run's lean turns at `start` and `end` (`RunFastPaths.startTurn`/`endTurn`,
// `WorkflowGraph.startLink`) against the general path: each workflow runs as it is and with a pass-through
// debugging hook (which keeps every turn general); journals, listeners and final states match.

import assert from 'node:assert/strict';
import { Engine } from '../../../runtime/engine/engine.js';
import { RunExecution } from '../../../runtime/engine/run-execution.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { WorkflowGraph } from '../../../runtime/engine/workflow-graph.js';
import { seededRandom } from '../../../runtime/engine/seeded-random.js';
import type { JournalEvent } from '../../../runtime/journal/journal-event.js';
import type { NodeDefinition, WorkflowBundle } from '../../../runtime/ir/index.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { conformanceStarts } from '../support/conformance-runs.js';
import type { StartOptions } from '../../../runtime/engine/engine.js';
import { testConnector } from '../support/engine-harness.js';
import { bin, body, bundleOf, input, lit, member, obj, result, setNode, task, workflow } from '../support/ir-builder.js';

const START = Date.UTC(2026, 0, 1);

interface Ran {
  journal: string[];
  heard: string[];
  state: string;
  status: string;
  /** First turns taken the lean way. */
  lean: number;
  /** Turns at the `end` node taken the lean way. */
  leanEnd: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** JSON text of a value without its times and event ids (they differ between any two runs). */
function text(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'at' || key === 'startedAt' || key === 'endedAt' || key === 'time') return undefined;
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v];
    return v;
  }).replace(UUID, '<uuid>');
}

async function run(bundle: WorkflowBundle, options: StartOptions, general: boolean): Promise<Ran> {
  const proto = RunExecution.prototype as unknown as { startTurn: (...args: unknown[]) => boolean; endTurn: (...args: unknown[]) => boolean };
  const original = proto.startTurn;
  const originalEnd = proto.endTurn;
  let lean = 0;
  let leanEnd = 0;
  proto.startTurn = function (this: unknown, ...args: unknown[]) {
    const taken = original.apply(this, args);
    if (taken) lean++;
    return taken;
  };
  proto.endTurn = function (this: unknown, ...args: unknown[]) {
    const taken = originalEnd.apply(this, args);
    if (taken) leanEnd++;
    return taken;
  };
  try {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new VirtualClock(START), environment: {}, executors: { connector: testConnector() } });
    if (general) engine.setBeforeNode(() => undefined);
    const heard: JournalEvent[] = [];
    engine.onEvent((e) => { if (e.kind === 'journal') heard.push(e.event); });
    const outcome = await (await engine.start(bundle, { runId: 'run-1', ...options })).outcome;
    const journal: string[] = [];
    for (const r of await store.listRuns({})) for (const e of await store.readEvents(r.runId)) journal.push(`${r.runId} ${text(e)}`);
    return { journal, heard: heard.map(text), state: text(outcome.state), status: outcome.status, lean, leanEnd };
  } finally {
    proto.startTurn = original;
    proto.endTurn = originalEnd;
  }
}

/** Runs `bundle` both ways and checks they match; returns the lean run. */
async function bothWays(bundle: WorkflowBundle, options: StartOptions = {}): Promise<Ran> {
  const lean = await run(bundle, options, false);
  const general = await run(bundle, options, true);
  assert.equal(general.lean + general.leanEnd, 0, 'the debugging hook keeps every turn on the general path');
  for (let i = 0; i < Math.max(lean.journal.length, general.journal.length); i++) assert.equal(lean.journal[i], general.journal[i], `event ${i + 1}`);
  assert.deepEqual(lean.heard, general.heard, 'listeners hear the same events in the same order');
  assert.equal(lean.state, general.state);
  assert.equal(lean.status, general.status);
  return lean;
}

describe('engine: the lean turns at start and end', () => {
  it('links `start` only to an executor task that can start at once, over one plain edge', () => {
    const link = (nodes: NodeDefinition[], edges: Parameters<typeof workflow>[1]['edges']) => new WorkflowGraph(workflow('W', { nodes, edges, vars: { x: null } })).startLink;
    assert.equal(link([task('a', 'ok')], ['start -> a -> end'])?.next.id, 'a');
    assert.equal(link([task('a', 'ok'), task('b', 'ok')], ['start -> a -> b -> end'])?.nextLink?.next?.id, 'b', 'the first task\'s own chain link comes with it');
    assert.equal(link([task('a', 'ok')], ['start -> a -> end'])?.nextLink?.end?.id, 'end', 'so does its end link');
    assert.equal(link([task('a', 'ok', [], { lock: 'L' })], ['start -> a -> end']), undefined, 'a lock is waited for the general way');
    assert.equal(link([task('a', 'ok', [], { cache: { ttlMs: 1 } })], ['start -> a -> end']), undefined, 'a cache is consulted the general way');
    assert.equal(link([setNode('s', { x: lit(1) })], ['start -> s -> end']), undefined, 'a `set` node is no executor task');
    assert.equal(link([task('a', 'ok'), task('b', 'ok')], ['start -> a -> end', 'start -> b -> end']), undefined, 'a split is the general path\'s');
    assert.equal(link([task('a', 'ok'), task('b', 'ok')], [['start -> a', { when: input('n') }], ['start -> b', { otherwise: true }], 'a -> end', 'b -> end']), undefined, 'guarded routing is the general path\'s');
    assert.equal(link([task('a', 'ok'), { kind: 'region', id: 'r', range: task('x', 'ok').range, nameRange: task('x', 'ok').range, body: body([task('i', 'ok')], ['start -> i -> end']) } as unknown as NodeDefinition], ['start -> a -> r -> end']), undefined, 'not in workflows with frames');
  });

  it('takes the lean first turn on a plain sequence, with the same journal, listener events and state', async () => {
    const wf = workflow('Plain', { nodes: [task('a', 'ok', [input('n')]), task('b', 'echo', [], { with: obj({ n: input('n'), a: { kind: 'ref', name: 'a', scope: 'node' } }) })], edges: ['start -> a -> b -> end'], inputs: { n: {} } });
    const lean = await bothWays(bundleOf(wf), { inputs: { n: 3 } });
    assert.equal(lean.status, 'completed');
    assert.equal(lean.lean, 1);
    assert.equal(lean.leanEnd, 0, 'b\'s settlement ended the run (the end step, chain-path.test.ts), not a turn at `end`');
  });

  it('takes the lean turn at `end` after other first steps, and ends the run as the general path does', async () => {
    const wf = workflow('SetFirst', {
      nodes: [setNode('s', { x: lit(2) }), task('a', 'ok', [{ kind: 'ref', name: 'x', scope: 'var' }], { sets: [{ target: 'y', value: result }] })],
      edges: ['start -> s -> a -> end'], vars: { x: null }, outputs: ['y'],
    });
    const ran = await bothWays(bundleOf(wf));
    assert.equal(ran.status, 'completed');
    assert.deepEqual([ran.lean, ran.leanEnd], [0, 1]);
  });

  it('leaves the `end` node to the general path when the step budget is used up there', async () => {
    const wf = workflow('EndBudget', { nodes: [task('a', 'ok')], edges: ['start -> a -> end'], stepBudget: 2 });
    const ran = await bothWays(bundleOf(wf));
    assert.equal(ran.status, 'failed');
    assert.equal(ran.leanEnd, 0);
  });

  it('records the first task\'s start and fails it as the general path does when its `with` fails', async () => {
    const bad = obj({ x: member(lit(null), 'x') });
    const caught = workflow('Caught', { nodes: [task('a', 'ok', [], { with: bad }), task('c', 'ok')], edges: ['start -> a -> end', ['a -> c', { on: 'error' }], 'c -> end'] });
    const caughtRun = await bothWays(bundleOf(caught));
    assert.equal(caughtRun.status, 'completed');
    assert.equal(caughtRun.lean, 1);
    const uncaught = workflow('Uncaught', { nodes: [task('a', 'ok', [], { with: bad })], edges: ['start -> a -> end'] });
    assert.equal((await bothWays(bundleOf(uncaught))).status, 'failed');
  });

  it('leaves the first turn to the general path when the step budget would stop it', async () => {
    const wf = workflow('Budget', { nodes: [task('a', 'ok'), task('b', 'ok')], edges: ['start -> a -> b -> end'], stepBudget: 1 });
    const ran = await bothWays(bundleOf(wf));
    assert.equal(ran.status, 'failed');
    assert.equal(ran.lean, 0);
  });

  it('gives the same journals and states as the general path for 60 random first tasks', async () => {
    let lean = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rnd = seededRandom(seed);
      const options: Parameters<typeof task>[3] = {};
      if (rnd() < 0.5) options.with = obj({ n: rnd() < 0.2 ? member(lit(null), 'x') : input('n') });
      if (rnd() < 0.2) options.sets = [{ target: 'last', value: result }];
      if (rnd() < 0.1) options.lock = 'L';
      const first = rnd() < 0.2 ? task('a', 'fail', [lit('Boom'), lit('no')], options) : task('a', 'ok', [bin('+', input('n'), lit(seed))], options);
      const wf = workflow(`R${seed}`, {
        nodes: [first, task('b', 'ok'), task('c', 'echo')],
        edges: ['start -> a -> b -> end', ['a -> c', { on: 'error' }], 'c -> end'],
        inputs: { n: {} }, vars: { last: null }, stepBudget: rnd() < 0.1 ? 1 : 100,
      });
      lean += (await bothWays(bundleOf(wf), { inputs: { n: seed } })).lean;
    }
    assert.ok(lean > 30, `the lean first turn was taken (${lean} runs)`);
  });

  it('gives the same journals and states as the general path for every conformance fixture', async () => {
    for await (const { bundle, options } of conformanceStarts()) await bothWays(bundle, options);
  });
});
