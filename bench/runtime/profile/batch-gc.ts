// Profiling aid — what the collector does to each timed batch of the 1,000-concurrent-run
// scenario: CPU µs per step of every batch and the scavenges inside it (the process reruns itself
// under `--trace-gc`; batch markers and trace lines interleave on stdout). The benchmark reports
// the best batch, so this tells whether that figure is a batch without a collection.
//   node out/bench/runtime/profile/batch-gc.js [batches]

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { weftSubjects } from '../weft-subjects.js';

const batches = Number(process.argv[2] ?? 150);

if (process.env.WEFT_BATCH_GC_CHILD === '1') {
  const subject = weftSubjects[0]!;
  await subject.setup();
  for (let i = 0; i < batches; i++) {
    await subject.beforeRun?.();
    const c = process.cpuUsage();
    console.log('BATCH-START');
    await subject.concurrent(1000);
    const used = process.cpuUsage(c);
    console.log(`BATCH-END ${(used.user + used.system) / 10_000}`);
  }
  await subject.teardown();
} else {
  const child = spawnSync(process.execPath, ['--trace-gc', fileURLToPath(import.meta.url), String(batches)], {
    encoding: 'utf8', env: { ...process.env, WEFT_BATCH_GC_CHILD: '1' }, maxBuffer: 64 * 1024 * 1024,
  });
  const rows: Array<{ cpu: number; scavenges: number; scavengeMs: number; fullGcs: number }> = [];
  let row = { cpu: 0, scavenges: 0, scavengeMs: 0, fullGcs: 0 };
  let inBatch = false;
  for (const line of child.stdout.split('\n')) {
    if (line.startsWith('BATCH-START')) { row = { cpu: 0, scavenges: 0, scavengeMs: 0, fullGcs: 0 }; inBatch = true; continue; }
    if (line.startsWith('BATCH-END')) { row.cpu = Number(line.split(' ')[1]); rows.push(row); inBatch = false; continue; }
    if (!inBatch) continue;
    const scavenge = /Scavenge .*?, ([\d.]+) \/ [\d.]+ ms/.exec(line);
    if (scavenge) { row.scavenges++; row.scavengeMs += Number(scavenge[1]); }
    if (line.includes('Mark-Compact')) row.fullGcs++;
  }
  // The first 40 % warm the JIT up (the benchmark's warm-up is 500 ms).
  const timed = rows.slice(Math.floor(rows.length * 0.4));
  const sorted = [...timed].sort((a, b) => a.cpu - b.cpu);
  const show = (r: (typeof rows)[number]) => `${r.cpu.toFixed(2)} µs/step (${r.scavenges} scavenges, ${r.scavengeMs.toFixed(1)} ms; ${r.fullGcs} full)`;
  const mean = (f: (r: (typeof rows)[number]) => number) => timed.reduce((s, r) => s + f(r), 0) / timed.length;
  console.log(`best: ${sorted.slice(0, 3).map(show).join(' | ')}`);
  console.log(`median: ${show(sorted[sorted.length >> 1]!)}`);
  console.log(`mean ${mean((r) => r.cpu).toFixed(2)} µs/step; ${mean((r) => r.scavenges).toFixed(2)} scavenges and ${mean((r) => r.scavengeMs).toFixed(1)} ms of them per batch; ${timed.filter((r) => r.scavenges === 0).length} of ${timed.length} batches without a scavenge`);
}
