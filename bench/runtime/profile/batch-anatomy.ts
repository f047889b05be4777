// Profiling aid — what a timed batch of Weft's in-memory engine is made of (the benchmark reports
// the best batch's mean): the process's fastest run (the floor), then each slower run's excess
// filed under a collection in it, a preemption (> 10× the floor), slow memory (the same 200
// scattered lines read just before or after the run took ≥ 1.5× their median time: on this VM
// the vCPU's memory path slows for 100s of ms at a time, from outside the VM), a slowed core (a
// fixed ALU loop ≥ 1.25× its fastest), or none of these. Batches of ≥ 50 ms after a 500 ms warm-up, as `measure` does; both probes run between
// runs, outside the timed part. Measures the machine as much as the engine: read with the load.
//   node out/bench/runtime/profile/batch-anatomy.js [seq|par|conc] [batches] [all: every batch in time order]

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

/** A fixed ~20 µs of integer arithmetic (no memory): its time is the core's speed for us. */
function aluWork(n: number): number {
  let x = 1;
  for (let k = 0; k < n; k++) x = (Math.imul(x, 31) + k) ^ (x >>> 7);
  return x;
}
let sink = 0;
// Optimised whole before the first timed call: entered first with the long loop, V8 compiles it
// on-stack and then deoptimises it at every exit (no feedback past the loop), and the "slowed CPU"
// this probe reports would be the loop's own JIT state.
for (let i = 0; i < 20_000; i++) sink ^= aluWork(40);
function alu(): number {
  const t = performance.now();
  sink ^= aluWork(13_000);
  return performance.now() - t;
}
/**
 * The same 200 lines of a 16 MB array read in a dependent chain at every call: ~3–4 µs here in
 * ordinary times, 5–10 µs while the vCPU's caches or memory path are slowed.
 */
const chain = new Int32Array(4 << 20);
for (let i = 0; i < chain.length; i++) chain[i] = (Math.imul(i, 2654435761) >>> 0) & (chain.length - 1);
function chaseWork(n: number): number {
  let p = 1;
  for (let k = 0; k < n; k++) p = chain[p]!;
  return p;
}
for (let i = 0; i < 20_000; i++) sink ^= chaseWork(10);
function mem(): number {
  const t = performance.now();
  sink ^= chaseWork(200);
  return performance.now() - t;
}
/** Both probes, between two runs. */
function probes(): [number, number] {
  return [alu(), mem()];
}

interface Run { start: number; ms: number; before: [number, number]; after: [number, number] }

await subject.setup();
const warmStart = performance.now();
while (performance.now() - warmStart < 500) { await subject.beforeRun?.(); await scenario.run(subject); probes(); }
const timed: Array<{ runs: Run[]; cpuUs: number }> = [];
let before = probes();
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
    const after = probes();
    runs.push({ start, ms, before, after });
    before = after;
  } while (performance.now() - batchStart < 50);
  timed.push({ runs, cpuUs });
}
await new Promise((r) => setTimeout(r, 20)); // let the observer deliver the last entries
await subject.teardown();

const all = timed.flatMap((t) => t.runs);
const floor = Math.min(...all.map((r) => r.ms));
const aluBest = Math.min(...all.flatMap((r) => [r.before[0], r.after[0]]));
const memAll = all.map((r) => r.before[1]).sort((a, b) => a - b);
const memMedian = memAll[memAll.length >> 1]!;
const perStep = (ms: number, runs: number) => (ms * 1000) / (runs * scenario.steps);
const hasGc = (r: Run) => gcs.some(([s, d]) => s < r.start + r.ms && s + d > r.start);

const rows = timed.map(({ runs, cpuUs }) => {
  const parts = { gc: 0, preempted: 0, slowMem: 0, slowCpu: 0, other: 0 };
  let gcCount = 0;
  for (const r of runs) {
    const excess = r.ms - floor;
    if (hasGc(r)) { parts.gc += excess; gcCount++; } else if (r.ms > 10 * floor) parts.preempted += excess;
    else if (Math.max(r.before[1], r.after[1]) >= 1.5 * memMedian) parts.slowMem += excess;
    else if (Math.max(r.before[0], r.after[0]) >= 1.25 * aluBest) parts.slowCpu += excess;
    else parts.other += excess;
  }
  const n = runs.length;
  const wall = perStep(runs.reduce((a, r) => a + r.ms, 0), n);
  return { wall, cpu: cpuUs / (n * scenario.steps), runs: n, gcCount, gc: perStep(parts.gc, n), preempted: perStep(parts.preempted, n), slowMem: perStep(parts.slowMem, n), slowCpu: perStep(parts.slowCpu, n), other: perStep(parts.other, n) };
});
if (process.argv[4] === 'all') {
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  for (const [i, { runs }] of timed.entries()) {
    console.log(`batch ${i}: wall ${rows[i]!.wall.toFixed(3)}, median run ${perStep(median(runs.map((r) => r.ms)), 1).toFixed(3)} µs/step; chase median ${(median(runs.map((r) => r.before[1])) * 1000).toFixed(1)} µs, ALU median ${(median(runs.map((r) => r.before[0])) * 1000).toFixed(1)} µs; ${rows[i]!.gcCount} runs with a collection`);
  }
}
rows.sort((a, b) => a.wall - b.wall);
const f = (x: number) => x.toFixed(3);
console.log(`${scenario.key}: floor ${f(perStep(floor, 1))} µs/step, ALU loop best ${(aluBest * 1000).toFixed(1)} µs, 200-line chase median ${(memMedian * 1000).toFixed(1)} µs, load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (const [label, r] of [['best', rows[0]!], ['median', rows[rows.length >> 1]!], ['worst', rows[rows.length - 1]!]] as const) {
  console.log(`  ${label.padEnd(6)} batch: wall ${f(r.wall)} cpu ${f(r.cpu)} = floor ${f(perStep(floor, 1))} + in collections ${f(r.gc)} (${r.gcCount} runs) + preempted ${f(r.preempted)} + slow memory ${f(r.slowMem)} + slowed core ${f(r.slowCpu)} + other ${f(r.other)} (${r.runs} runs)`);
}
if (sink === 0.5) console.log(''); // keeps the ALU loop's result live
