// Profiling aid — the scavenges of the 1,000-concurrent-run scenario as the benchmark runs it:
// the weft (memory) row in benchmark order (sequence, split, then concurrent, one engine, the
// benchmark's own `measure`), rerun under `--trace-gc-nvp`; reports what each scavenge during the
// concurrent scenario copied and promoted. Promotion there means dead runs were kept alive (see
// docs/benchmarks.md, "Session 6b: gcconc"); `batch-gc.js`'s plain loop may not reproduce it.
//   node out/bench/runtime/profile/scenario-gc.js [sequence,parallel,concurrent]

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SCENARIOS, measure } from '../scenarios.js';
import { weftSubjects } from '../weft-subjects.js';

const only = (process.argv[2] ?? 'sequence,parallel,concurrent').split(',');

if (process.env.WEFT_SCENARIO_GC_CHILD === '1') {
  const subject = weftSubjects[0]!;
  await subject.setup();
  for (const scenario of SCENARIOS) {
    if (!only.includes(scenario.key)) continue;
    // The trace's times are ms since the isolate started, as `performance.now()` is (near enough).
    if (scenario.key === 'concurrent') console.log(`CONCURRENT-FROM ${performance.now().toFixed(0)}`);
    const f = await measure(subject, scenario, 3);
    console.log(`FIGURE ${scenario.key} wall ${f.wall.toFixed(2)} cpu ${f.cpu.toFixed(2)} µs/step`);
  }
  await subject.teardown();
} else {
  const child = spawnSync(process.execPath, ['--trace-gc-nvp', fileURLToPath(import.meta.url), only.join(',')], {
    encoding: 'utf8', env: { ...process.env, WEFT_SCENARIO_GC_CHILD: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  const text = child.stdout;
  const from = Number(/CONCURRENT-FROM (\d+)/.exec(text)?.[1] ?? Infinity);
  const t = { scavenges: 0, pause: 0, helpers: 0, survived: 0, promoted: 0, allocated: 0, full: 0 };
  for (const line of text.split('\n')) {
    if (line.startsWith('FIGURE ')) console.log(line.slice(7));
    const at = /\]\s+(\d+) ms: /.exec(line);
    if (!at || Number(at[1]) < from) continue;
    const kv = new Map(line.trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
    if (kv.get('gc') === 's') {
      t.scavenges++;
      t.pause += Number(kv.get('pause'));
      t.helpers += Number(kv.get('background.scavenge.parallel') ?? 0);
      t.survived += Number(kv.get('new_space_survived'));
      t.promoted += Number(kv.get('promoted'));
      t.allocated += Number(kv.get('allocated'));
    } else if (kv.has('gc')) t.full++;
  }
  const per = (x: number, scale = 1) => (x / Math.max(1, t.scavenges) / scale).toFixed(2);
  console.log(`concurrent: ${t.scavenges} scavenges, per scavenge ${per(t.pause)} ms pause + ${per(t.helpers)} ms on helper threads, `
    + `${per(t.survived, 1e6)} MB copied, ${per(t.promoted, 1e6)} MB promoted, ${per(t.allocated, 1e6)} MB allocated since the last; ${t.full} full collections`);
}
