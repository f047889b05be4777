// Engine — when an `all` join can fire (LANGUAGE.md §4 rule 3): the graph's precomputed join
// reachers against a plain search, and the remembered blocking token (`tokenOnTheWay` with
// `last`) against a scan of every live token, on random graphs with loops; then joins whose
// branches arrive one scheduler turn at a time, in and out of the order they started.

import assert from 'node:assert/strict';
import type { EdgeDefinition, JoinNode } from '../../../runtime/ir/index.js';
import type { TokenId } from '../../../runtime/journal/journal-event.js';
import { emptyWorkflowState, type TokenPhase, type TokenState, type WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { TokenTable } from '../../../runtime/journal/token-table.js';
import { joinCanFire, tokenOnTheWay } from '../../../runtime/engine/join-semantics.js';
import { WorkflowGraph } from '../../../runtime/engine/workflow-graph.js';
import { seededRandom, type Random } from '../../../runtime/engine/seeded-random.js';
import { join, lit, setNode, task, workflow, bundleOf } from '../support/ir-builder.js';
import { harness, trace, waitUntil } from '../support/engine-harness.js';

const PHASES: TokenPhase[] = ['ready', 'running', 'retrying', 'waiting', 'joined', 'failed'];

/** A random graph of `n` set nodes (some of them joins) with forward and backward edges (loops). */
function randomGraph(random: Random, n: number): { graph: WorkflowGraph; names: string[]; joins: string[] } {
  const names = Array.from({ length: n }, (_, i) => `n${i}`);
  const joins = names.filter(() => random() < 0.3);
  const nodes = names.map((name) => (joins.includes(name) ? join(name) : setNode(name)));
  const pairs = new Set<string>();
  const edgeCount = n + Math.floor(random() * n * 2);
  for (let i = 0; i < edgeCount; i++) {
    const from = random() < 0.15 ? 'start' : names[Math.floor(random() * n)]!;
    const to = random() < 0.1 ? 'end' : names[Math.floor(random() * n)]!;
    if (from !== to) pairs.add(`${from} -> ${to}`);
  }
  return { graph: new WorkflowGraph(workflow('R', { nodes, edges: [...pairs] })), names: ['start', ...names, 'end'], joins };
}

/** Nodes from which `join` can be reached along edges without passing through it (a forward search from each node). */
function referenceReachers(edges: readonly EdgeDefinition[], nodes: string[], target: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of edges) (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e.to);
  const result = new Set<string>();
  for (const n of nodes) {
    if (n === target) continue;
    const seen = new Set([n]);
    const stack = [n];
    while (stack.length) {
      const m = stack.pop()!;
      for (const next of out.get(m) ?? []) {
        if (next === target) result.add(n);
        else if (!seen.has(next)) { seen.add(next); stack.push(next); }
      }
    }
  }
  return result;
}

/** LANGUAGE.md §4 rule 3 spelled out: a live token that has not arrived, is not failing, is not absorbed by a fired round, and stands at the join or before it. */
function referenceOnTheWay(t: TokenState, target: string, reachers: Set<string>): boolean {
  if (t.phase === 'joined' && t.node === target) return false;
  if (t.phase === 'failed') return false;
  if (t.absorb?.includes(target)) return false;
  return t.node === target || reachers.has(t.node);
}

function token(id: TokenId, node: string, phase: TokenPhase): TokenState {
  return { id, node, phase, attempt: 0, wait: undefined, dueAt: undefined, absorb: undefined, childRunId: undefined, compensates: undefined, from: undefined, fromResult: undefined, frame: undefined };
}

/** One random change to the live tokens: a move, a phase change, an absorb, a new or removed token. */
function mutate(random: Random, state: WorkflowState, names: string[], joins: string[]): void {
  const ids = [...state.tokens.keys()];
  const pick = (): TokenState | undefined => state.tokens.get(ids[Math.floor(random() * ids.length)]!);
  const r = random();
  if (r < 0.2 || ids.length === 0) {
    const id = ++state.lastToken;
    state.tokens.set(id, token(id, names[Math.floor(random() * names.length)]!, PHASES[Math.floor(random() * PHASES.length)]!));
  } else if (r < 0.35) {
    state.tokens.delete(pick()!.id);
  } else if (r < 0.65) {
    pick()!.node = names[Math.floor(random() * names.length)]!;
  } else if (r < 0.9) {
    pick()!.phase = PHASES[Math.floor(random() * PHASES.length)]!;
  } else if (joins.length) {
    const t = pick()!;
    if (random() < 0.5) (t.absorb ??= []).push(joins[Math.floor(random() * joins.length)]!);
    else t.absorb = undefined;
  }
}

describe('engine join semantics', () => {
  it('precomputes, for every join, exactly the nodes a plain search finds can reach it (random graphs with loops)', () => {
    const random = seededRandom(20261126);
    let checked = 0;
    for (let g = 0; g < 200; g++) {
      const { graph, names, joins } = randomGraph(random, 3 + Math.floor(random() * 12));
      for (const j of joins) {
        assert.deepEqual([...graph.reachers(j)].sort(), [...referenceReachers(graph.definition.edges, names, j)].sort(), `graph ${g}, join ${j}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `${checked} joins checked`);
  });

  it('answers "a token is still on its way" as a scan of every live token does, whichever blocking token it remembered', () => {
    const random = seededRandom(7);
    let blocked = 0;
    let free = 0;
    for (let g = 0; g < 100; g++) {
      const { graph, names, joins } = randomGraph(random, 3 + Math.floor(random() * 10));
      if (joins.length === 0) continue;
      const state = emptyWorkflowState('r');
      state.tokens = new TokenTable(); // its own table: this test writes tokens directly, not through the fold
      const remembered = new Map<string, TokenId>();
      for (let step = 0; step < 200; step++) {
        mutate(random, state, names, joins);
        for (const j of joins) {
          const reachers = referenceReachers(graph.definition.edges, names, j);
          const expected = [...state.tokens.values()].some((t) => referenceOnTheWay(t, j, reachers));
          const found = tokenOnTheWay(state, graph, j, remembered.get(j));
          assert.equal(found !== undefined, expected, `graph ${g}, step ${step}, join ${j}`);
          assert.equal(joinCanFire(state, graph, graph.node(j) as JoinNode, 1), !expected);
          if (found === undefined) continue;
          assert.ok(referenceOnTheWay(state.tokens.get(found)!, j, reachers), 'the token returned is one on its way');
          remembered.set(j, found);
          blocked++;
        }
        free++;
      }
    }
    assert.ok(blocked > 1000 && free > 1000);
  });

  it('remembers the last token on its way in creation order, and keeps it while it has not arrived', () => {
    const { graph } = { graph: new WorkflowGraph(workflow('W', { nodes: [setNode('a'), setNode('b'), setNode('c'), join('j')], edges: ['start -> [a, b, c]', '[a, b, c] -> j -> end'] })) };
    const state = emptyWorkflowState('r');
    state.tokens = new TokenTable(); // its own table: this test writes tokens directly, not through the fold
    for (const [id, node] of [[1, 'a'], [2, 'b'], [3, 'c']] as const) state.tokens.set(id, token(id, node, 'running'));
    assert.equal(tokenOnTheWay(state, graph, 'j'), 3);
    state.tokens.get(1)!.phase = 'joined';
    state.tokens.get(1)!.node = 'j';
    assert.equal(tokenOnTheWay(state, graph, 'j', 3), 3, 'the remembered token still blocks');
    state.tokens.get(3)!.phase = 'joined';
    state.tokens.get(3)!.node = 'j';
    assert.equal(tokenOnTheWay(state, graph, 'j', 3), 2, 'it arrived: the scan finds the one left');
    state.tokens.get(2)!.phase = 'failed';
    assert.equal(tokenOnTheWay(state, graph, 'j', 2), undefined);
  });

  // LANGUAGE.md §4: a join's result is the list of the arriving branches' results. Two branches
  // that merge into one task and then reach the join each bring that task's result for their own
  // token, also when both executions complete before either arrives (one scheduler turn).
  it("collects each branch's own result when the branches ran the same merged task before arriving", async () => {
    const h = harness({
      executors: { connector: { execute: (ctx) => Promise.resolve(ctx.node.id === 'x' ? `x for token ${ctx.token}` : ctx.node.id) } },
    });
    const wf = workflow('Merged', {
      nodes: [task('a', 'ok'), task('b', 'ok'), task('x', 'ok'), join('j')],
      edges: ['start -> [a, b]', 'a -> x', 'b -> x', 'x -> j -> end'],
    });
    const run = await h.engine.start(bundleOf(wf));
    const outcome = await run.outcome;
    assert.equal(outcome.status, 'completed');
    const events = await h.store.readEvents(run.runId);
    const xTokens = events.flatMap((e) => (e.type === 'NodeStarted' && e.node === 'x' ? [e.token] : []));
    assert.equal(xTokens.length, 2);
    const xDone = events.filter((e) => e.type === 'NodeCompleted' && e.node === 'x').map((e) => e.seq);
    const firstArrival = events.find((e) => e.type === 'JoinArrived')!.seq;
    assert.ok(xDone.every((s) => s < firstArrival), 'both executions of x complete before the first arrival (the case this test is for)');
    const arrivals = events.flatMap((e) => (e.type === 'JoinArrived' ? [[e.token, e.result]] : []));
    assert.deepEqual(arrivals, xTokens.map((t) => [t, `x for token ${t}`]), 'each arrival brings the result x gave its own token');
    assert.deepEqual([...(outcome.state.results.get('j') as unknown[])].sort(), xTokens.map((t) => `x for token ${t}`).sort());
  });

  for (const order of [['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a'], ['b', 'd', 'a', 'c']]) {
    it(`fires an all join once, after its last branch, when branches arrive one turn at a time (order ${order.join(', ')})`, async () => {
      const h = harness();
      const branches = ['a', 'b', 'c', 'd'];
      const wf = workflow('Slow', {
        nodes: [...branches.map((b) => task(b, 'gate', [lit(b)])), join('j'), setNode('after')],
        edges: [`start -> [${branches.join(', ')}]`, `[${branches.join(', ')}] -> j -> after -> end`],
      });
      const run = await h.engine.start(bundleOf(wf));
      await waitUntil(() => h.connector.running.size === branches.length);
      for (const b of order) {
        h.connector.gate(b).open(`${b}!`);
        const live = (): WorkflowState | undefined => h.engine.peek(run.runId);
        if (b === order[order.length - 1]) break;
        await waitUntil(() => (live()?.joins.j?.arrived.length ?? 0) === order.indexOf(b) + 1);
        assert.equal(live()!.history.some((x) => x.node === 'j'), false, `the join waits after ${b}`);
      }
      const outcome = await run.outcome;
      assert.equal(outcome.status, 'completed');
      assert.deepEqual(trace(outcome.state), [...order, 'j', 'after']);
      assert.deepEqual(outcome.state.results.get('j'), order.map((b) => `${b}!`), 'one result per branch, in arrival order');
      const events = await h.store.readEvents(run.runId);
      const arrivals = events.filter((e) => e.type === 'JoinArrived').map((e) => e.seq);
      const fired = events.filter((e) => e.type === 'NodeStarted' && e.node === 'j');
      assert.equal(fired.length, 1);
      assert.ok(arrivals.every((s) => s < fired[0]!.seq), 'every arrival is journaled before the join starts');
    });
  }
});
