// Benchmark — one figure in a process of its own: `node out/bench/runtime/measure-alone.js
// <subject> <scenario key> <reps>` makes the subject, measures the scenario with the benchmark's
// loop (`measure`), and prints `{"wall": µs, "cpu": µs}` on its last line. `paired.ts` runs it
// for Weft and for the fastest peer back to back, so that neither figure comes from a process
// the other subjects had run in, nor from a different minute of the host.

import { SCENARIOS, measure } from './scenarios.js';
import { SUBJECTS } from './subjects.js';

process.removeAllListeners('warning'); // node:sqlite's ExperimentalWarning is not news here

const [name, key, repsText] = process.argv.slice(2);
const entry = SUBJECTS.find((s) => s.name === name);
const scenario = SCENARIOS.find((s) => s.key === key);
const reps = Number(repsText ?? 3);
if (!entry || !scenario || !Number.isInteger(reps) || reps < 1) {
  console.error(`usage: measure-alone.js <${SUBJECTS.map((s) => s.name).join(' | ')}> <${SCENARIOS.map((s) => s.key).join(' | ')}> [reps]`);
  process.exit(2);
}
const subject = await entry.make();
if (subject.name !== entry.name) throw new Error(`subject '${entry.name}' made one named '${subject.name}'`);
await subject.setup();
try {
  const figures = await measure(subject, scenario, reps);
  console.log(JSON.stringify(figures));
} finally {
  await subject.teardown();
}
