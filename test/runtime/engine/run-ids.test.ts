// Run ids (`newRunId` in `runtime/engine/engine.ts`): `run_<ms in base 36>_<8 hex digits>`,
// ordered by time, and never the same twice in one process, however many runs start in the
// same millisecond (the concurrent-run benchmark starts 1,000 in one or two).

import assert from 'node:assert/strict';
import { newRunId } from '../../../runtime/engine/engine.js';

describe('newRunId', () => {
  it('spells the millisecond in base 36 and a 32-bit suffix in hex', () => {
    const before = Date.now();
    const id = newRunId();
    const after = Date.now();
    const m = /^run_([0-9a-z]+)_([0-9a-f]{8})$/.exec(id);
    assert.ok(m, id);
    const ms = parseInt(m[1]!, 36);
    assert.ok(ms >= before && ms <= after);
  });

  it('never repeats an id, also for many ids made in the same millisecond', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(newRunId());
    assert.equal(ids.size, 200_000);
  });
});
