// Benchmark probe — what one chain step costs with K runs in flight: batches of K concurrent
// runs of 1 and 10 no-op steps (one engine, a fresh memory store per batch, so no store retention
// grows with K), wall µs per chain step ((10-step − 1-step) ÷ 9) with and without the time in
// scavenges (`v8.GCProfiler`). K = 1 with 1,000 steps is the sequence's step, for comparison.
// Each figure comes from its own child process: a process that has run other workflows first
// reads slower (its inline caches have seen more shapes).
//   node out/bench/runtime/profile/width-steps.js [K,K,...]   (default 1000,100,10)

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { FreshMemoryStore, sequenceBundle } from '../weft-subjects.js';

process.removeAllListeners('warning');
const widths = (process.argv[2] === '--child' ? '' : process.argv[2] ?? '1000,100,10').split(',').map(Number);
const executors = { connector: { execute: () => Promise.resolve(null) } };

// The engine is made once (as in the benchmark); its store starts empty again at every batch.
const store = new FreshMemoryStore();
const engine = new Engine({ store, clock: new RealClock(), executors, environment: {} });

/** Median over 20 windows of ~100,000 steps (after 300 batches' warm-up): [wall, wall − scavenges] µs per run. */
async function perRun(k: number, steps: number): Promise<[number, number]> {
  const bundle = sequenceBundle(steps);
  const batches = Math.max(1, Math.round(10_000 / (k * steps)));
  const batch = async (): Promise<void> => {
    store.renew();
    const handles = await Promise.all(Array.from({ length: k }, () => engine.start(bundle)));
    await Promise.all(handles.map((h) => h.outcome));
  };
  for (let i = 0; i < 300 * batches; i++) await batch();
  const wall: number[] = [];
  const mutator: number[] = [];
  for (let w = 0; w < 20; w++) {
    const gc = new v8.GCProfiler();
    gc.start();
    const t = performance.now();
    for (let i = 0; i < 10 * batches; i++) await batch();
    const ms = performance.now() - t;
    let scavengeMs = 0;
    for (const s of gc.stop().statistics) if (s.gcType === 'Scavenge') scavengeMs += s.cost / 1000;
    const runs = 10 * batches * k;
    wall.push((ms * 1000) / runs);
    mutator.push(((ms - scavengeMs) * 1000) / runs);
  }
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return [median(wall), median(mutator)];
}

/** [wall, wall − scavenges] µs per run of `k` concurrent `steps`-step runs, measured in a child process. */
function measured(k: number, steps: number): [number, number] {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(k), String(steps)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as [number, number];
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await perRun(Number(process.argv[3]), Number(process.argv[4]))));
} else {
  const [seqWall, seqMutator] = measured(1, 1000);
  console.log(`sequence (1 run × 1,000 steps): ${(seqWall / 1000).toFixed(3)} µs/step wall, ${(seqMutator / 1000).toFixed(3)} without scavenges`);
  for (const k of widths) {
    const [w1, m1] = measured(k, 1);
    const [w10, m10] = measured(k, 10);
    console.log(`${k} runs in flight: 1-step run ${w1.toFixed(2)} µs, 10-step ${w10.toFixed(2)}; chain step ${((w10 - w1) / 9).toFixed(3)} µs wall, ${((m10 - m1) / 9).toFixed(3)} without scavenges`);
  }
}
