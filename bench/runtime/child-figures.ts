// Benchmark — figures measured in a process of their own (`measure-alone.js`), so that none
// comes from a process where other subjects had run: their heaps, and their code in the JIT's
// caches (docs/benchmarks.md "Session 26").

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Figures, Scenario } from './scenarios.js';

/** What `measure-alone.js` prints last: the subject could not be made (`skipped`), or each scenario's figures or failure. */
export interface AloneResult {
  skipped?: string;
  figures?: Record<string, Figures | { failed: string }>;
}

/** One subject's wall µs per step for one scenario, measured on its own. */
export type MeasureOne = (subject: string, scenario: Scenario) => Promise<number>;

/** A figure measured by `measure-alone.js` in a process of its own (`aloneInChild`). */
export const measureInChild = (reps: number): MeasureOne => async (subject, scenario) => {
  const result = await aloneInChild(subject, [scenario], reps);
  const f = result.figures?.[scenario.key];
  if (f === undefined || 'failed' in f) throw new Error(`${subject} / ${scenario.title}: ${result.skipped ?? (f && 'failed' in f ? f.failed : 'no figure')}`);
  return f.wall;
};

/**
 * `subject`'s figures for `scenarios`, measured by `measure-alone.js` (`reps` batches at least)
 * in a Node process of its own with this one's flags and environment, this process waiting
 * meanwhile. Rejects with the child's last lines of output when it fails.
 */
export function aloneInChild(subject: string, scenarios: readonly Scenario[], reps: number): Promise<AloneResult> {
  return new Promise((resolve, reject) => {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'measure-alone.js');
    const child = spawn(process.execPath, [...process.execArgv, script, subject, scenarios.map((s) => s.key).join(','), String(reps)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code ?? signal}`);
        resolve(JSON.parse(last) as AloneResult);
      } catch (err) {
        reject(new Error(`${subject} in a process of its own: ${(err as Error).message}: ${out.trim().split('\n').slice(-3).join(' | ')}`));
      }
    });
  });
}

