// Benchmark — the lead over the fastest peer, measured in pairs. The passes measure every
// subject one after another, so Weft's in-memory figure and the fastest peer's are taken a
// minute or more apart; on this VM, whose memory path slows ~1.8× for
// minutes at a time (docs/benchmarks.md "Session 6b: gcvar", "Session 25"), a ratio of two such
// figures said which phase each fell in as much as how much faster Weft is. Here each scenario is
// measured for Weft and for its fastest peer back to back, each in a fresh process of its own, a
// few times, alternating which goes first: both get the same number of figures from the same
// minutes. As every other figure of the benchmark is a subject's best (best batch, best pass),
// the lead is the peer's best figure over Weft's best; the median pair's ratio is printed beside
// it (docs/benchmarks.md "Session 26").

import type { Scenario } from './scenarios.js';
import { measureInChild, type MeasureOne } from './child-figures.js';
import { benchCount } from './passes.js';

/** How many pairs per scenario (`--pairs=N`, else `WEFT_BENCH_PAIRS`, else 5; 1 with `--quick`). */
export function benchPairs(args: readonly string[]): number {
  return benchCount(args, 'pairs', 'WEFT_BENCH_PAIRS', 5);
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Which of the pair goes first in round `round` (from 0): Weft, then the peer, then Weft, ... */
export function weftFirst(round: number): boolean {
  return round % 2 === 0;
}

export interface PairedLead {
  scenario: Scenario;
  peer: string;
  /** Weft's and the peer's wall µs per step, pair by pair, and the peer's over Weft's. */
  pairs: Array<{ weft: number; peer: number; ratio: number }>;
  /** Weft's and the peer's lowest figures of the pairs, and the peer's over Weft's. */
  bestWeft: number;
  bestPeer: number;
  lead: number;
  /** The median pair's ratio. */
  medianRatio: number;
}

/**
 * For each scenario, `pairs` back-to-back figures of `weft` and of `fastestPeer(scenario)`,
 * alternating which goes first, each taken by `measureOne` (by default in a process of its own).
 * A scenario without a peer is left out.
 */
export async function measurePairedLead(scenarios: readonly Scenario[], weft: string, fastestPeer: (scenario: Scenario) => string | undefined,
  pairs: number, measureOne: MeasureOne = measureInChild(3)): Promise<PairedLead[]> {
  const leads: PairedLead[] = [];
  for (const scenario of scenarios) {
    const peer = fastestPeer(scenario);
    if (peer === undefined) continue;
    const measured: PairedLead['pairs'] = [];
    for (let round = 0; round < pairs; round++) {
      let w: number;
      let p: number;
      if (weftFirst(round)) {
        w = await measureOne(weft, scenario);
        p = await measureOne(peer, scenario);
      } else {
        p = await measureOne(peer, scenario);
        w = await measureOne(weft, scenario);
      }
      measured.push({ weft: w, peer: p, ratio: p / w });
    }
    const bestWeft = Math.min(...measured.map((m) => m.weft));
    const bestPeer = Math.min(...measured.map((m) => m.peer));
    leads.push({ scenario, peer, pairs: measured, bestWeft, bestPeer, lead: bestPeer / bestWeft, medianRatio: median(measured.map((m) => m.ratio)) });
  }
  return leads;
}
