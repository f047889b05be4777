// Benchmark runner (`npm run bench`): runs every suite `bench/<area>/index.ts` in turn, each in a
// fresh Node process of its own (one area's heap and JIT state must not slow the next: the
// runtime suite measured up to 1.5x slower after the language suite in one process), each
// printing its own table (figures and ratios to the peers named in the issues). A suite's module
// default-exports `async function run(args: string[]): Promise<void>`. `npm run bench -- language
// runtime` runs only the named areas; a single area runs in this process.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const areas = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(here, d.name, 'index.js')))
  .map((d) => d.name)
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const child = process.env.WEFT_BENCH_CHILD === '1';
const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
if (!child) console.log(`Weft benchmarks — ${cpu}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}`);
let failed = 0;
for (const area of areas) {
  if (!child) console.log(`\n=== ${area} ===`);
  if (areas.length > 1) {
    // Same runner, same flags, one area: the child runs it in process.
    const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
    const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), area, ...flags], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, WEFT_BENCH_CHILD: '1' } });
    if (result.status !== 0) {
      failed++;
      console.error(`bench ${area} failed: exit ${result.status ?? result.signal}`);
    }
    continue;
  }
  try {
    const mod = (await import(pathToFileURL(path.join(here, area, 'index.js')).href)) as { default: (args: string[]) => Promise<void> };
    await mod.default(process.argv.slice(2));
  } catch (err) {
    failed++;
    console.error(`bench ${area} failed:`, err);
  }
}
if (areas.length === 0) console.log('no benchmark suites found under bench/');
process.exitCode = failed ? 1 : 0;
