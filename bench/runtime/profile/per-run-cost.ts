// Benchmark probe — what a whole run costs when 1,000 start at once: batches of 1,000 concurrent
// runs of 1, 10 and 40 no-op steps on a fresh engine and memory store, best µs per run (wall and
// process CPU). The 1-step figure is a run's fixed cost (start, start/end nodes, outcome).
//   node out/bench/runtime/profile/per-run-cost.js [batches]

import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { sequenceBundle } from '../weft-subjects.js';

process.removeAllListeners('warning');
const batches = Number(process.argv[2] ?? 150);
const executors = { connector: { execute: () => Promise.resolve(null) } };

for (const steps of [1, 10, 40]) {
  const bundle = sequenceBundle(steps);
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < batches; i++) {
    const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), executors, environment: {} });
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    const handles = await Promise.all(Array.from({ length: 1000 }, () => engine.start(bundle)));
    await Promise.all(handles.map((h) => h.outcome));
    const used = process.cpuUsage(c);
    // The first third warms the JIT up.
    if (i < batches / 3) continue;
    wall = Math.min(wall, Number(process.hrtime.bigint() - t) / 1e6);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  console.log(`${steps}-step runs: ${wall.toFixed(2)} µs per run wall, ${cpu.toFixed(2)} CPU`);
}
