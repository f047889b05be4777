// Engine — the general path folds a plain task start or completion with `foldPlainStart` /
// `foldPlainCompletion` instead of `applyEvent`'s switch: a run's live state must be exactly the
// state `applyEvent` alone folds from the run's journal (splits, joins, frames, compensation).

import assert from 'node:assert/strict';
import { Engine, type StartOptions } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
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
