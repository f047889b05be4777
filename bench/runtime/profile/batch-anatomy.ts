// Profiling aid — what a timed batch of Weft's in-memory engine is made of (the benchmark reports
// the best batch's mean): the process's fastest run (the floor), then each slower run's excess
// filed under a collection in it, a preemption (> 10× the floor), a slowed CPU (a fixed ALU loop
// just before or after the run took ≥ 1.25× its fastest time: another process on the core), or
// none of these. Batches of ≥ 50 ms after a 500 ms warm-up, as `measure` does; the ALU loop runs
// between runs, outside the timed part. Measures the machine as much as the engine: read with
// the load average.
//   node out/bench/runtime/profile/batch-anatomy.js [seq|par|conc] [batches]

import { PerformanceObserver } from 'node:perf_hooks';
import { SCENARIOS } from '../scenarios.js';
import { weftSubjects } from '../weft-subjects.js';

const keys: Record<string, string> = { seq: 'sequence', par: 'parallel', conc: 'concurrent' };
const scenario = SCENARIOS.find((s) => s.key === (keys[process.argv[2] ?? 'par'] ?? process.argv[2]))!;
const batches = Number(process.argv[3] ?? 20);
const subject = weftSubjects[0]!;

/** Start times and durations (ms, `performance.now()` clock) of every collection. */
const gcs: Array<[number, number]> = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push([e.startTime, e.duration]); }).observe({ entryTypes: ['gc'] });

const cells = new Float64Array(4096);
let sink = 0;
/** A fixed ~20 µs of arithmetic on an L1-resident array: its time is the core's speed for us. */
function alu(): number {
  const t = performance.now();
  let x = 0;
  for (let k = 0; k < 20_000; k++) x += cells[(k * 7) & 4095]! * 1.0001 + k;
  sink += x;
  return performance.now() - t;
}

interface Run { start: number; ms: number; aluBefore: number; aluAfter: number }

await subject.setup();
const warmStart = performance.now();
while (performance.now() - warmStart < 500) { await subject.beforeRun?.(); await scenario.run(subject); alu(); }
const timed: Array<{ runs: Run[]; cpuUs: number }> = [];
let before = alu();
for (let b = 0; b < batches; b++) {
  const runs: Run[] = [];
  let cpuUs = 0;
  const batchStart = performance.now();
  do {
    await subject.beforeRun?.();
    const c0 = process.cpuUsage();
    const start = performance.now();
    await scenario.run(subject);
    const ms = performance.now() - start;
    const used = process.cpuUsage(c0);
    cpuUs += used.user + used.system;
    const after = alu();
    runs.push({ start, ms, aluBefore: before, aluAfter: after });
    before = after;
  } while (performance.now() - batchStart < 50);
  timed.push({ runs, cpuUs });
}
await new Promise((r) => setTimeout(r, 20)); // let the observer deliver the last entries
await subject.teardown();

const all = timed.flatMap((t) => t.runs);
const floor = Math.min(...all.map((r) => r.ms));
const aluBest = Math.min(...all.flatMap((r) => [r.aluBefore, r.aluAfter]));
const perStep = (ms: number, runs: number) => (ms * 1000) / (runs * scenario.steps);
const hasGc = (r: Run) => gcs.some(([s, d]) => s < r.start + r.ms && s + d > r.start);

const rows = timed.map(({ runs, cpuUs }) => {
  const parts = { gc: 0, preempted: 0, slowCpu: 0, other: 0 };
  let gcCount = 0;
  for (const r of runs) {
    const excess = r.ms - floor;
    if (hasGc(r)) { parts.gc += excess; gcCount++; } else if (r.ms > 10 * floor) parts.preempted += excess;
    else if (Math.max(r.aluBefore, r.aluAfter) >= 1.25 * aluBest) parts.slowCpu += excess;
    else parts.other += excess;
  }
  const n = runs.length;
  const wall = perStep(runs.reduce((a, r) => a + r.ms, 0), n);
  return { wall, cpu: cpuUs / (n * scenario.steps), runs: n, gcCount, gc: perStep(parts.gc, n), preempted: perStep(parts.preempted, n), slowCpu: perStep(parts.slowCpu, n), other: perStep(parts.other, n) };
});
rows.sort((a, b) => a.wall - b.wall);
const f = (x: number) => x.toFixed(3);
console.log(`${scenario.key}: floor ${f(perStep(floor, 1))} µs/step, ALU loop best ${(aluBest * 1000).toFixed(1)} µs, load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const [label, r] of [['best', rows[0]!], ['median', rows[rows.length >> 1]!], ['worst', rows[rows.length - 1]!]] as const) {
  console.log(`  ${label.padEnd(6)} batch: wall ${f(r.wall)} cpu ${f(r.cpu)} = floor ${f(perStep(floor, 1))} + in collections ${f(r.gc)} (${r.gcCount} runs) + preempted ${f(r.preempted)} + slowed CPU ${f(r.slowCpu)} + other ${f(r.other)} (${r.runs} runs)`);
}
if (sink === 42) console.log('');
