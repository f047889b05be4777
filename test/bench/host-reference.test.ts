// The runtime benchmark's host reference (bench/runtime/host-reference.ts): issue 3's own
// figure for the machine, measured beside the subjects, and the FULL target read against it.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { fullAgainstReference, measureHostReference } from '../../bench/runtime/host-reference.js';

describe('benchmark host reference', () => {
  it('reads the FULL figure in reference rows and scales the target by the host', () => {
    // The issue's own host: 2 µs a row, and a step at exactly the target (10 µs) costs 5 rows.
    assert.match(fullAgainstReference(10, 2), /at 2\.00 µs a row, 1\.0× the issue's ~2: a FULL step costs 5\.00 reference rows \(the target allows 5\), and the target scaled to this host is 100,000 steps\/s$/);
    // A host four times slower: the same 10 µs step is 1.25 rows, the target 25,000 steps/s.
    assert.match(fullAgainstReference(10, 8), /at 8\.00 µs a row, 4\.0× .*costs 1\.25 reference rows .*scaled to this host is 25,000 steps\/s$/);
  });

  it('measures 100-row transactions in a file of its own and leaves nothing behind', async function () {
    this.timeout(30_000);
    const before = new Set(readdirSync(os.tmpdir()).filter((f) => f.startsWith('weft-bench-ref-')));
    const r = await measureHostReference(1, 'batch', 20);
    for (const f of [r.full, r.normal]) {
      assert.ok(Number.isFinite(f.wall) && f.wall > 0, `wall ${f.wall}`);
      assert.ok(Number.isFinite(f.cpu) && f.cpu > 0, `cpu ${f.cpu}`);
    }
    const left = readdirSync(os.tmpdir()).filter((f) => f.startsWith('weft-bench-ref-') && !before.has(f));
    assert.deepEqual(left, []);
  });
});
