// Benchmark — passes: the whole list of subjects measured more than once, minutes apart, each
// figure its best pass. This VM's memory path and system calls slow down for seconds to minutes
// at a time, from outside it (docs/benchmarks.md "Session 6b: gcvar", "Session 23: passes").

import type { Figures } from './scenarios.js';

export type FigureOf = (subject: string, key: string, kind: keyof Figures) => number | undefined;

/**
 * How many passes (`--passes=N`, else `WEFT_BENCH_PASSES`, else 2; 1 with `--quick`). This VM's
 * memory path and system calls slow down for seconds at a time, from outside it (docs/benchmarks.md
 * "Session 6b: gcvar", "Session 23: passes"): a figure taken in one window of ~2 s said which
 * phase the host was in as much as what the code costs.
 */
export function benchPasses(args: readonly string[]): number {
  return benchCount(args, 'passes', 'WEFT_BENCH_PASSES', 2);
}

/**
 * A count the benchmark takes from `--<option>=N`, else the environment variable `env`, else
 * `normal` (1 with `--quick`); anything but a whole number ≥ 1 is refused.
 */
export function benchCount(args: readonly string[], option: string, env: string, normal: number): number {
  const flag = `--${option}=`;
  const given = args.find((a) => a.startsWith(flag))?.slice(flag.length) ?? process.env[env] ?? String(args.includes('--quick') ? 1 : normal);
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${option} must be a whole number ≥ 1, not '${given}'`);
  return n;
}

/** Each figure its lowest over the passes that measured it (wall and CPU each on its own, as `measure` takes them). */
export function bestOfPasses(passes: readonly FigureOf[]): FigureOf {
  return (subject, key, kind) => {
    let best: number | undefined;
    for (const f of passes) {
      const v = f(subject, key, kind);
      if (v !== undefined && (best === undefined || v < best)) best = v;
    }
    return best;
  };
}

