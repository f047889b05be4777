// Benchmark — the three scenarios every subject runs (a 1,000-step sequence, a 100-way
// parallel split and join, 1,000 concurrent 10-step runs) and the timing loop: one warm-up,
// then the best of several repetitions, reported as microseconds per step.

export interface Subject {
  name: string;
  setup(): Promise<void>;
  sequence(): Promise<void>;
  parallel(): Promise<void>;
  concurrent(runs: number): Promise<void>;
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
 * Best µs per step over `reps` timed repetitions after one warm-up, in wall-clock time and in
 * process CPU time (user + system: less inflated than wall time when other processes compete
 * for the cores). A subject whose warm-up alone takes longer than `slowMs` is reported from
 * that one run (the slowest peers would otherwise take minutes per scenario).
 */
export async function measure(subject: Subject, scenario: Scenario, reps: number, slowMs = 3000): Promise<Figures> {
  const timed = async (): Promise<Figures> => {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    await scenario.run(subject);
    const wall = Number(process.hrtime.bigint() - t) / 1000;
    const cpu = process.cpuUsage(c);
    return { wall: wall / scenario.steps, cpu: (cpu.user + cpu.system) / scenario.steps };
  };
  const warm = await timed();
  if (warm.wall * scenario.steps > slowMs * 1000) return warm;
  const best: Figures = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < reps; i++) {
    const f = await timed();
    best.wall = Math.min(best.wall, f.wall);
    best.cpu = Math.min(best.cpu, f.cpu);
  }
  return best;
}
