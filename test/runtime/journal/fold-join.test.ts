// Journal fold — a join's firing (`NodeStarted` with `joined`) removes exactly the tokens it
// lists, whether the fold empties the token map at once (every live token listed in increasing
// order) or removes them one by one: the same tokens remain, with the same active count.

import assert from 'node:assert/strict';
import { applyEvent } from '../../../runtime/journal/fold.js';
import type { JournalEvent, TokenId } from '../../../runtime/journal/journal-event.js';
import { emptyWorkflowState, type TokenPhase, type WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { seededRandom, type Random } from '../../../runtime/engine/seeded-random.js';

const PHASES: TokenPhase[] = ['ready', 'running', 'retrying', 'waiting', 'joined', 'failed'];

/** A state holding tokens `ids` (made by the fold itself: a split from `start`), in random phases. */
function stateWith(random: Random, ids: TokenId[]): WorkflowState {
  const state = emptyWorkflowState('r');
  let seq = 0;
  const ev = (e: Record<string, unknown>): JournalEvent => ({ ...e, seq: ++seq, at: 1000 + seq }) as unknown as JournalEvent;
  applyEvent(state, ev({ type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, variables: {}, stepBudget: 100, seed: 1, trigger: { kind: 'manual' }, token: ids[0] }));
  applyEvent(state, ev({ type: 'NodeStarted', node: 'start', token: ids[0], attempt: 1 }));
  applyEvent(state, ev({ type: 'NodeCompleted', node: 'start', token: ids[0], result: null, routes: ids.map((token, i) => ({ edge: `e${i}`, to: `n${i}`, token })) }));
  for (const t of state.tokens.values()) {
    const phase = PHASES[Math.floor(random() * PHASES.length)]!;
    state.activeTokens += (phase === 'ready' || phase === 'running' ? 1 : 0) - (t.phase === 'ready' || t.phase === 'running' ? 1 : 0);
    t.phase = phase;
  }
  return state;
}

function shuffled<T>(random: Random, list: T[]): T[] {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** What removing `joined` one token at a time leaves: the remaining ids in map order and the active count. */
function expected(state: WorkflowState, joined: TokenId[]): { ids: TokenId[]; active: number } {
  const left = [...state.tokens.values()].filter((t) => !joined.includes(t.id));
  return { ids: left.map((t) => t.id), active: left.filter((t) => t.phase === 'ready' || t.phase === 'running').length };
}

describe('journal fold: a join consuming its arrivals', () => {
  it('leaves exactly the tokens it did not list, in order, with their active count (random states and lists)', () => {
    const random = seededRandom(99);
    const kinds = new Map<string, number>();
    for (let round = 0; round < 2000; round++) {
      const n = 1 + Math.floor(random() * 40);
      let id = 0;
      const ids = shuffled(random, Array.from({ length: n }, () => (id += 1 + Math.floor(random() * 3))));
      const state = stateWith(random, ids);
      const sorted = [...state.tokens.keys()].sort((a, b) => a - b);
      const r = random();
      let joined: TokenId[];
      let kind: string;
      if (r < 0.3) { joined = sorted; kind = 'all, increasing'; }
      else if (r < 0.5) { joined = shuffled(random, sorted); kind = 'all, any order'; }
      else if (r < 0.7) { joined = sorted.filter(() => random() < 0.7); kind = 'some'; }
      else if (r < 0.85) { joined = [...sorted.slice(1), sorted[sorted.length - 1]!].sort((a, b) => a - b); kind = 'one repeated, one left out'; }
      else { joined = [...sorted.slice(0, -1), sorted[sorted.length - 1]! + 1000]; kind = 'one gone'; }
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const want = expected(state, joined);
      applyEvent(state, { type: 'NodeStarted', node: 'j', token: 5000, attempt: 1, joined, seq: state.lastSeq + 1, at: 9999 } as JournalEvent);
      const left = [...state.tokens.keys()].filter((id) => id !== 5000);
      assert.deepEqual(left, want.ids, `round ${round} (${kind})`);
      assert.equal(state.activeTokens, want.active + 1, `round ${round} (${kind}): the join's own token runs`);
    }
    assert.equal(kinds.size, 5);
  });

  it('empties the map of a split joined whole, and the join\'s token is then the only one', () => {
    const random = seededRandom(1);
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const state = stateWith(random, ids);
    for (const t of state.tokens.values()) t.phase = 'joined';
    state.activeTokens = 0;
    applyEvent(state, { type: 'NodeStarted', node: 'j', token: 101, attempt: 1, joined: ids, seq: state.lastSeq + 1, at: 9999 } as JournalEvent);
    assert.deepEqual([...state.tokens.keys()], [101]);
    assert.equal(state.activeTokens, 1);
    assert.equal(state.tokens.get(101)!.phase, 'running');
  });
});
