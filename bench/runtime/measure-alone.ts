// Benchmark — one subject's figures in a process of its own: `node out/bench/runtime/measure-alone.js
// <subject> <scenario key,...> <reps>` makes the subject, measures each scenario in turn with the
// benchmark's loop (`measure`), and prints one JSON line last (`AloneResult`). `index.ts` measures
// every subject of a pass this way, and `paired.ts` Weft and the fastest peer back to back: a
// figure never comes from a process where other subjects had run (their heaps, their code in the
// JIT's caches: the second pass, measured in one process after the peers, read Weft's split at
// 1.20 µs where the first read 0.84–0.87, docs/benchmarks.md "Session 26").

import { SCENARIOS, measure } from './scenarios.js';
import { SUBJECTS } from './subjects.js';
import type { AloneResult } from './child-figures.js';

process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning is not news here

const [name, keysText, repsText] = process.argv.slice(2);
const entry = SUBJECTS.find((s) => s.name === name);
const keys = (keysText ?? '').split(',');
const scenarios = SCENARIOS.filter((s) => keys.includes(s.key));
const reps = Number(repsText ?? 3);
if (!entry || scenarios.length !== keys.length || !Number.isInteger(reps) || reps < 1) {
  console.error(`usage: measure-alone.js <${SUBJECTS.map((s) => s.name).join(' | ')}> <${SCENARIOS.map((s) => s.key).join(',')}> [reps]`);
  process.exit(2);
}
let subject;
try {
  subject = await entry.make();
} catch (err) {
  console.log(JSON.stringify({ skipped: (err as Error).message } satisfies AloneResult));
  process.exit(0);
}
if (subject.name !== entry.name) throw new Error(`subject '${entry.name}' made one named '${subject.name}'`);
const figures: NonNullable<AloneResult['figures']> = {};
await subject.setup();
try {
  for (const scenario of scenarios) {
    try {
      figures[scenario.key] = await measure(subject, scenario, reps);
    } catch (err) {
      figures[scenario.key] = { failed: (err as Error).message };
    }
  }
} finally {
  await subject.teardown();
}
console.log(JSON.stringify({ figures } satisfies AloneResult));
