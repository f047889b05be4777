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

/**
 * Best µs per step over `reps` timed repetitions after one warm-up. A subject whose warm-up
 * alone takes longer than `slowMs` is reported from that one run (the slowest peers would
 * otherwise take minutes per scenario).
 */
export async function measure(subject: Subject, scenario: Scenario, reps: number, slowMs = 3000): Promise<number> {
  const w = process.hrtime.bigint();
  await scenario.run(subject);
  const warmUs = Number(process.hrtime.bigint() - w) / 1000;
  if (warmUs > slowMs * 1000) return warmUs / scenario.steps;
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    await scenario.run(subject);
    const us = Number(process.hrtime.bigint() - t) / 1000;
    best = Math.min(best, us / scenario.steps);
  }
  return best;
}
