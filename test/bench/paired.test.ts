// The lead over the fastest peer in back-to-back pairs (bench/runtime/paired.ts).
import assert from 'node:assert/strict';
import { benchPairs, measurePairedLead, median, weftFirst } from '../../bench/runtime/paired.js';
import { aloneInChild, measureInChild, type MeasureOne } from '../../bench/runtime/child-figures.js';
import { SCENARIOS, type Scenario } from '../../bench/runtime/scenarios.js';

describe('benchmark pairs', () => {
  const saved = process.env.WEFT_BENCH_PAIRS;
  afterEach(() => {
    if (saved === undefined) delete process.env.WEFT_BENCH_PAIRS;
    else process.env.WEFT_BENCH_PAIRS = saved;
  });

  it('takes five pairs unless told, one for a quick run, and refuses a count that is not a whole number ≥ 1', () => {
    delete process.env.WEFT_BENCH_PAIRS;
    assert.equal(benchPairs([]), 5);
    assert.equal(benchPairs(['--quick']), 1);
    assert.equal(benchPairs(['--pairs=5']), 5);
    process.env.WEFT_BENCH_PAIRS = '2';
    assert.equal(benchPairs([]), 2);
    for (const bad of ['0', '2.5', 'x', '']) assert.throws(() => benchPairs([`--pairs=${bad}`]), /--pairs must be a whole number/);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('measures each scenario for Weft and its fastest peer back to back, alternating which goes first, and takes each side\'s best figure (and the median pair beside it)', async () => {
    const asked: string[] = [];
    let n = 0;
    // Weft reads 1, 2, 3 µs and the peer 10 µs: ratios 10, 5, 3.33.
    const measureOne: MeasureOne = async (subject, scenario) => {
      asked.push(`${subject} ${scenario.key}`);
      return subject === 'weft' ? ++n : 10;
    };
    const scenario: Scenario = { key: 'sequence', title: 'one step', steps: 1, run: (s) => s.sequence() };
    const none: Scenario = { key: 'parallel', title: 'no peer', steps: 1, run: (s) => s.parallel() };
    const leads = await measurePairedLead([scenario, none], 'weft', (sc) => (sc.key === 'sequence' ? 'peer' : undefined), 3, measureOne);
    assert.equal(leads.length, 1);
    assert.equal(leads[0]!.peer, 'peer');
    assert.deepEqual(leads[0]!.pairs.map((p) => [p.weft, p.peer]), [[1, 10], [2, 10], [3, 10]]);
    // The peer's best (10) over Weft's best (1); the median pair's ratio beside it.
    assert.equal(leads[0]!.lead, 10);
    assert.equal(leads[0]!.medianRatio, 5);
    assert.deepEqual(asked, ['weft sequence', 'peer sequence', 'peer sequence', 'weft sequence', 'weft sequence', 'peer sequence']);
    assert.equal(weftFirst(0), true);
    assert.equal(weftFirst(1), false);
  });

  it('takes figures in a process of its own, and says which subject failed when the process does', async function () {
    this.timeout(60_000);
    const split = SCENARIOS.find((s) => s.key === 'parallel')!;
    const seq = SCENARIOS.find((s) => s.key === 'sequence')!;
    const timed = process.env.WEFT_BENCH_TIMED_MS;
    process.env.WEFT_BENCH_TIMED_MS = '50';
    try {
      const both = await aloneInChild('weft (memory)', [seq, split], 1);
      assert.equal(both.skipped, undefined);
      assert.deepEqual(Object.keys(both.figures ?? {}), ['sequence', 'parallel']);
      for (const f of Object.values(both.figures ?? {})) assert.ok('wall' in f && f.wall > 0 && f.cpu > 0, JSON.stringify(f));
      const us = await measureInChild(1)('weft (memory)', split);
      assert.ok(us > 0 && us < 1000, `${us} µs per step`);
      await assert.rejects(measureInChild(1)('no such subject', split), /no such subject in a process of its own: exit 2: usage: measure-alone/);
    } finally {
      if (timed === undefined) delete process.env.WEFT_BENCH_TIMED_MS;
      else process.env.WEFT_BENCH_TIMED_MS = timed;
    }
  });
});
