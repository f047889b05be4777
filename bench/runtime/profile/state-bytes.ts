// Profiling aid — bytes per step of a 1,000-step in-memory sequence: allocated (heap growth of
// one run with a young generation large enough that no collection runs during it) and retained
// (heap kept by a finished run's engine, state and journal, after a full collection).
//   node --expose-gc --max-semi-space-size=64 out/bench/runtime/profile/state-bytes.js [runs]

import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { sequenceBundle } from '../weft-subjects.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const runs = 2 * Math.round(Number(process.argv[2] ?? 30) / 2);
const steps = 1000;
const bundle = sequenceBundle(steps);
const executors = { connector: { execute: () => Promise.resolve(null) } };
let collections = 0;
// Scavenges only (the forced full collections below are not what the run did).
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (((e as { detail?: { kind?: number } }).detail)?.kind === constants.NODE_PERFORMANCE_GC_MINOR) collections++;
}).observe({ entryTypes: ['gc'] });

let allocated = Infinity;
// Every run's engine, store and outcome stay reachable: the heap after a full collection grows
// by what a run keeps (its state and its journal in the memory store).
const kept: unknown[] = [];
let heapAtHalf = 0;
for (let i = 0; i < runs; i++) {
  const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), executors, environment: {} });
  gc();
  await new Promise((r) => setImmediate(r));
  if (i === runs / 2) heapAtHalf = process.memoryUsage().heapUsed;
  const before = process.memoryUsage().heapUsed;
  const seen = collections;
  const outcome = await (await engine.start(bundle)).outcome;
  const after = process.memoryUsage().heapUsed;
  await new Promise((r) => setImmediate(r));
  if (collections === seen) allocated = Math.min(allocated, (after - before) / steps);
  if (outcome.state.steps < steps) throw new Error('short run');
  kept.push(engine, outcome);
}
gc();
await new Promise((r) => setImmediate(r));
gc();
const retained = (process.memoryUsage().heapUsed - heapAtHalf) / (runs / 2) / steps;
console.log(`sequence of ${steps}: ${allocated === Infinity ? '? (a collection ran)' : allocated.toFixed(0)} B allocated per step, ${retained.toFixed(0)} B retained per step`);
