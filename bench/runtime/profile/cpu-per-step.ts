// Profiling aid — CPU and wall µs per step of Weft's engine on the benchmark scenarios, one
// store at a time, with the benchmark's own timing loop (`measure`: timed warm-up, best of the
// repetitions), for before/after comparisons and `node --cpu-prof` on a loaded machine.
// Usage: node out/bench/runtime/profile/cpu-per-step.js [memory|normal|full] [seq,par,conc] [reps]

import { SCENARIOS, measure } from '../scenarios.js';
import { weftSubjects } from '../weft-subjects.js';

process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning is not news here

const which: Record<string, number> = { memory: 0, normal: 1, full: 2 };
const keys: Record<string, string> = { seq: 'sequence', par: 'parallel', conc: 'concurrent' };
const storeArg = process.argv[2] ?? 'memory';
const wanted = (process.argv[3] ?? 'seq,par,conc').split(',').map((s) => keys[s] ?? s);
const reps = Number(process.argv[4] ?? 5);
const subject = weftSubjects[which[storeArg] ?? 0]!;

await subject.setup();
for (const scenario of SCENARIOS) {
  if (!wanted.includes(scenario.key)) continue;
  const f = await measure(subject, scenario, reps);
  console.log(`${subject.name} ${scenario.key}: cpu ${f.cpu.toFixed(2)} µs/step, wall ${f.wall.toFixed(2)} µs/step`);
}
await subject.teardown();
