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
 * Best µs per step, in wall-clock time and in process CPU time (user + system: less inflated
 * than wall time when other processes compete for the cores). The scenario first runs
 * repeatedly for at least `warmMs` (a 1,000-step run takes milliseconds: one run leaves the
 * JIT mid-way, which cost Weft's sequence about 5× in CPU time), then at least `reps` timed
 * runs and at least `timedMs` of them. A subject whose first run alone takes longer than
 * `slowMs` is reported from that run (the slowest peers would otherwise take minutes).
 */
export async function measure(subject: Subject, scenario: Scenario, reps: number, slowMs = 3000, warmMs = 500, timedMs = 500): Promise<Figures> {
  const timed = async (): Promise<Figures> => {
    await subject.beforeRun?.();
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await scenario.run(subject);
    const wall = Number(process.hrtime.bigint() - t) / 1000;
    const cpu = process.cpuUsage(c);
    return { wall: wall / scenario.steps, cpu: (cpu.user + cpu.system) / scenario.steps };
  };
  const first = await timed();
  if (first.wall * scenario.steps > slowMs * 1000) return first;
  const maxRuns = 200;
  const warmStart = performance.now();
  for (let i = 0; i < maxRuns && performance.now() - warmStart < warmMs; i++) await timed();
  const best: Figures = { wall: Infinity, cpu: Infinity };
  const timedStart = performance.now();
  for (let i = 0; i < maxRuns && (i < reps || performance.now() - timedStart < timedMs); i++) {
    const f = await timed();
    best.wall = Math.min(best.wall, f.wall);
    best.cpu = Math.min(best.cpu, f.cpu);
  }
  return best;
}
