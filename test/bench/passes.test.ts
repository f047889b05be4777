// The benchmark's passes (bench/runtime/passes.ts): how many, and each figure its best pass.
import assert from 'node:assert/strict';
import { benchPasses, bestOfPasses, type FigureOf } from '../../bench/runtime/passes.js';

describe('benchmark passes', () => {
  const saved = process.env.WEFT_BENCH_PASSES;
  afterEach(() => {
    if (saved === undefined) delete process.env.WEFT_BENCH_PASSES;
    else process.env.WEFT_BENCH_PASSES = saved;
  });

  it('runs two passes unless told, one for a quick run, and refuses a count that is not a whole number ≥ 1', () => {
    delete process.env.WEFT_BENCH_PASSES;
    assert.equal(benchPasses([]), 2);
    assert.equal(benchPasses(['--quick']), 1);
    assert.equal(benchPasses(['--passes=3']), 3);
    assert.equal(benchPasses(['--quick', '--passes=2']), 2);
    process.env.WEFT_BENCH_PASSES = '4';
    assert.equal(benchPasses([]), 4);
    assert.equal(benchPasses(['--passes=1']), 1);
    for (const bad of ['0', '1.5', 'two', '-1', '']) assert.throws(() => benchPasses([`--passes=${bad}`]), /--passes must be a whole number/);
  });

  it('takes each figure, wall and CPU on their own, from the pass where it was lowest, skipping passes that did not measure it', () => {
    const pass = (table: Record<string, { wall: number; cpu: number }>): FigureOf => (subject, key, kind) => table[`${subject}/${key}`]?.[kind];
    const best = bestOfPasses([
      pass({ 'a/sequence': { wall: 2, cpu: 1.5 }, 'b/sequence': { wall: 7, cpu: 7 } }),
      pass({ 'a/sequence': { wall: 1, cpu: 1.8 } }),
    ]);
    assert.equal(best('a', 'sequence', 'wall'), 1);
    assert.equal(best('a', 'sequence', 'cpu'), 1.5);
    assert.equal(best('b', 'sequence', 'wall'), 7);
    assert.equal(best('c', 'sequence', 'wall'), undefined);
  });
});
