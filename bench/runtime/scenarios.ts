// Benchmark — the three scenarios every subject runs (a 1,000-step sequence, a 100-way
// parallel split and join, 1,000 concurrent 10-step runs) and the timing loop: a timed
// warm-up, then the best of several repetitions, reported as microseconds per step.

export interface Subject {
  name: string;
  setup(): Promise<void>;
  sequence(): Promise<void>;
  parallel(): Promise<void>;
  concurrent(runs: number): Promise<void>;
  /** Untimed, before each run of a scenario (e.g. a fresh in-memory store). */
  beforeRun?(): Promise<void>;
  teardown(): Promise<void>;
}

export interface Scenario {
  key: 'sequence' | 'parallel' | 'concurrent';
  title: string;
  steps: number;
  run(subject: Subject): Promise<void>;
}

export const SCENARIOS: Scenario[] = [
  { key: 'sequence', title: '1,000-step sequence', steps: 1000, run: (s) => s.sequence() },
  { key: 'parallel', title: '100-way split + join', steps: 100, run: (s) => s.parallel() },
  { key: 'concurrent', title: '1,000 runs × 10 steps', steps: 10_000, run: (s) => s.concurrent(1000) },
];

/** One scenario's figures for one subject: wall-clock and process CPU µs per step. */
export interface Figures {
  wall: number;
  cpu: number;
}

/**
 * How a scenario's figure is taken (`WEFT_BENCH_METHOD`, the same for every subject of a run):
 * - `batch` (the default): after the warm-up, at least `reps` batches and at least `timedMs` of
 *   them (2 s unless `WEFT_BENCH_TIMED_MS` says otherwise: this VM has stretches of a few hundred
 *   ms in which memory-heavy code runs 1.7–2× slower, docs/benchmarks.md "Session 6b: gcvar"), each batch the runs that fill at least `batchMs` (one run when a run is longer); the
 *   figure is the best batch's mean per step. A batch's mean counts the garbage collections and
 *   slow runs in it at their share, and a brief disturbance (another process, the JIT) spoils
 *   one batch, not the figure.
 * - `run` (sessions 3–5): the best single run of at most 200 warm-up and 200 timed runs. Kept to
 *   compare with earlier figures: a subject whose 200 runs take a few milliseconds (Weft's split:
 *   200 runs are ~17 ms) was measured in one short window, and read 0.8 or 1.4 µs per step from
 *   one process to the next; the best single run also skips the collections other runs paid for.
 */
export type Method = 'batch' | 'run';

export function benchMethod(): Method {
  const m = process.env.WEFT_BENCH_METHOD ?? 'batch';
  if (m !== 'batch' && m !== 'run') throw new Error(`WEFT_BENCH_METHOD must be 'batch' or 'run', not '${m}'`);
  return m;
}

/**
 * µs per step of one scenario, in wall-clock time and in process CPU time (user + system: less
 * inflated than wall time when other processes compete for the cores), by `method` (see `Method`),
 * after a timed warm-up of at least `warmMs` (a 1,000-step run takes milliseconds: one run leaves
 * the JIT mid-way, which cost Weft's sequence about 5× in CPU time). A subject whose first run
 * alone takes longer than `slowMs` is reported from that run (the slowest peers would otherwise
 * take minutes).
 */
export async function measure(subject: Subject, scenario: Scenario, reps: number, method: Method = benchMethod(), slowMs = 3000, warmMs = 500, timedMs = Number(process.env.WEFT_BENCH_TIMED_MS ?? 2000), batchMs = 50): Promise<Figures> {
  /** One run, its untimed set-up first: its wall and CPU µs in total. */
  const once = async (): Promise<Figures> => {
    await subject.beforeRun?.();
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await scenario.run(subject);
    const wall = Number(process.hrtime.bigint() - t) / 1000;
    const cpu = process.cpuUsage(c);
    return { wall, cpu: cpu.user + cpu.system };
  };
  const first = await once();
  if (first.wall > slowMs * 1000) return { wall: first.wall / scenario.steps, cpu: first.cpu / scenario.steps };
  const maxRuns = method === 'run' ? 200 : Infinity;
  const warmStart = performance.now();
  for (let i = 0; i < maxRuns && performance.now() - warmStart < warmMs; i++) await once();
  const best: Figures = { wall: Infinity, cpu: Infinity };
  const timedStart = performance.now();
  for (let b = 0; b < maxRuns && (b < reps || performance.now() - timedStart < timedMs); b++) {
    const batchStart = performance.now();
    const sum: Figures = { wall: 0, cpu: 0 };
    let steps = 0;
    do {
      const f = await once();
      sum.wall += f.wall;
      sum.cpu += f.cpu;
      steps += scenario.steps;
    } while (method === 'batch' && performance.now() - batchStart < batchMs);
    best.wall = Math.min(best.wall, sum.wall / steps);
    best.cpu = Math.min(best.cpu, sum.cpu / steps);
  }
  return best;
}
