// Profiling aid — CPU time (process.cpuUsage, not wall time) per step of Weft's engine on the
// benchmark scenarios, one store at a time, for before/after comparisons on a loaded machine.
// Usage: node out-X/bench/runtime/profile/cpu-per-step.js [memory|normal|full] [seq|par|conc] [reps]

import { weftSubjects } from '../weft-subjects.js';

const which: Record<string, number> = { memory: 0, normal: 1, full: 2 };
const storeArg = process.argv[2] ?? 'memory';
const scenarios = (process.argv[3] ?? 'seq,par,conc').split(',');
const reps = Number(process.argv[4] ?? 5);
const subject = weftSubjects[which[storeArg] ?? 0]!;
// Steps as the benchmark counts them (task steps; start, end and join are overhead).
const steps: Record<string, number> = { seq: 1000, par: 100, conc: 10_000 };

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

await subject.setup();
for (const sc of scenarios) {
  const run = sc === 'seq' ? () => subject.sequence() : sc === 'par' ? () => subject.parallel() : () => subject.concurrent(1000);
  await run(); // warm-up
  let bestCpu = Infinity;
  let bestWall = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = cpuUs();
    const w0 = performance.now();
    await run();
    bestWall = Math.min(bestWall, (performance.now() - w0) * 1000);
    bestCpu = Math.min(bestCpu, cpuUs() - c0);
  }
  const n = steps[sc]!;
  console.log(`${subject.name} ${sc}: cpu ${(bestCpu / n).toFixed(2)} µs/step, wall ${(bestWall / n).toFixed(2)} µs/step (best of ${reps})`);
}
await subject.teardown();
