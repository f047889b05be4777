// Profiling aid — what reading a run's history and results costs now that they are views over
// the state's event log (`execution-history.ts`, `node-results.ts`): folding a real journal,
// `weft show`'s reads, the first history read, and reading both after every step while folding.
//   node out/bench/runtime/profile/reader-cost.js

import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { applyEvent, foldJournal } from '../../../runtime/journal/fold.js';
import { completionTrace, emptyWorkflowState } from '../../../runtime/journal/workflow-state.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { sequenceBundle } from '../weft-subjects.js';

const executors = { connector: { execute: () => Promise.resolve(null) } };

/** Best µs of `reps` calls. */
function best(f: () => unknown, reps = 20): number {
  let out = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    f();
    out = Math.min(out, Number(process.hrtime.bigint() - t) / 1e3);
  }
  return out;
}

for (const steps of [1000, 10000]) {
  const store = new MemoryRunStore();
  const engine = new Engine({ store, clock: new RealClock(), executors, environment: {} });
  await (await engine.start(sequenceBundle(steps), { runId: 'r' })).outcome;
  const events = await store.readEvents('r');
  const fold = best(() => foldJournal('r', events));
  const firstHistory = best(() => foldJournal('r', events).history.length) - fold;
  const show = best(() => {
    const s = foldJournal('r', events);
    completionTrace(s);
    return JSON.stringify(s.results);
  });
  const everyStep = best(() => {
    const s = emptyWorkflowState('r');
    for (const e of events) {
      applyEvent(s, e);
      if (e.type === 'NodeCompleted') {
        void s.results.get(e.node);
        void s.history.length;
      }
    }
  }, 10);
  console.log(`${steps} steps: foldJournal ${fold.toFixed(0)} µs, first history read +${firstHistory.toFixed(0)} µs, ` +
    `fold + completionTrace + results JSON ${show.toFixed(0)} µs, fold reading results and history after every step ${(everyStep / steps * 1000).toFixed(0)} ns/step`);
}
