// Engine — the general path folds a plain task start or completion with `foldPlainStart` /
// `foldPlainCompletion`, the chain step both at once with `foldPlainStep`, instead of
// `applyEvent`'s switch: a run's live state must be exactly the state `applyEvent` alone folds
// from the run's journal (splits, joins, frames, compensation).

import assert from 'node:assert/strict';
import { Engine, type StartOptions } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { applyEvent, foldJournal, foldPlainStep } from '../../../runtime/journal/fold.js';
import type { JournalEvent, NodeCompleted, NodeStarted } from '../../../runtime/journal/journal-event.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { conformanceStarts } from '../support/conformance-runs.js';
import { testConnector } from '../support/engine-harness.js';
import { bundleOf, join, lit, task, workflow } from '../support/ir-builder.js';

const START = Date.UTC(2026, 0, 1);

/** Runs `bundle` to its end; asserts every run's live state against `applyEvent`'s fold of its journal. */
async function assertLiveStateIsFold(bundle: WorkflowBundle, options: StartOptions): Promise<void> {
  const store = new MemoryRunStore();
  const engine = new Engine({ store, clock: new VirtualClock(START), environment: {}, executors: { connector: testConnector() } });
  const o = await (await engine.start(bundle, { runId: 'run-1', ...options })).outcome;
  assert.deepStrictEqual(o.state, foldJournal('run-1', await store.readEvents('run-1')));
}

describe('engine: plain starts and completions on the general path', function () {
  this.timeout(120_000);

  it('folds a 30-way split and its join to the state applyEvent folds from the journal', async () => {
    const branches = Array.from({ length: 30 }, (_, i) => task(`b${i}`, i % 2 ? 'echo' : 'ok', [lit(i)]));
    const ids = branches.map((b) => b.id).join(', ');
    const wf = workflow('Split', { nodes: [...branches, task('after', 'ok', [lit('done')]), join('j')], edges: [`start -> [${ids}]`, `[${ids}] -> j -> after -> end`] });
    await assertLiveStateIsFold(bundleOf(wf), {});
  });

  it('folds every conformance fixture to the state applyEvent folds from its journal', async () => {
    for await (const { bundle, options } of conformanceStarts()) await assertLiveStateIsFold(bundle, options);
  });
});

describe('journal fold: the chain step folds its completion and start at once (foldPlainStep)', () => {
  const base = { at: 0 };
  const runStarted = { ...base, seq: 1, type: 'RunStarted', workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 10, seed: 1, variables: {}, token: 1 } as const;
  /** A journal up to token 1 running task `a` (after `extra`), then `a`'s completion into `b` and `b`'s start. */
  function journal(extra: JournalEvent[]): { prefix: JournalEvent[]; completed: NodeCompleted; started: NodeStarted } {
    const prefix: JournalEvent[] = [runStarted, { ...base, seq: 2, type: 'NodeStarted', node: 'a', token: 1, attempt: 1 }];
    for (const e of extra) prefix.push({ ...e, seq: prefix.length + 1 } as JournalEvent);
    const seq = prefix.length;
    const completed: NodeCompleted = { ...base, seq: seq + 1, type: 'NodeCompleted', node: 'a', token: 1, result: 7, routes: [{ edge: 'a->b', to: 'b', token: 1 }] };
    const started: NodeStarted = { ...base, seq: seq + 2, type: 'NodeStarted', node: 'b', token: 1, attempt: 1 };
    return { prefix, completed, started };
  }

  const cases: Record<string, JournalEvent[]> = {
    'a plain running token': [],
    'a token whose timer fired (wait and due time set)': [
      { ...base, seq: 0, type: 'TimerScheduled', node: 'a', token: 1, dueAt: 500 } as JournalEvent,
      { ...base, seq: 0, type: 'TimerFired', node: 'a', token: 1 } as JournalEvent,
    ],
    'a paused run': [{ ...base, seq: 0, type: 'Paused', actor: 'me' } as JournalEvent],
  };

  for (const [name, extra] of Object.entries(cases)) {
    it(`gives the state applyEvent gives for the two events: ${name}`, () => {
      const { prefix, completed, started } = journal(extra);
      const expected = foldJournal('r', prefix);
      applyEvent(expected, completed);
      applyEvent(expected, started);
      const actual = foldJournal('r', prefix);
      foldPlainStep(actual, actual.tokens.get(1)!, completed, started);
      assert.deepStrictEqual(actual, expected);
      assert.deepStrictEqual(actual.log.slice(-2), [completed, started]);
    });
  }
});
