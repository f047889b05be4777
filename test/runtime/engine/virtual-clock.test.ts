// Virtual time: timers fire in time order as soon as no work is reported, never while work
// is in progress; the clock jumps to each timer's time.

import assert from 'node:assert/strict';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';

describe('virtual clock', () => {
  it('fires timers in time order, jumping the clock to each', async () => {
    const clock = new VirtualClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimer(4000, () => fired.push(['c', clock.now()]));
    clock.setTimer(2000, () => fired.push(['a', clock.now()]));
    clock.setTimer(2000, () => fired.push(['b', clock.now()]));
    await clock.whenIdle();
    assert.deepEqual(fired, [['a', 2000], ['b', 2000], ['c', 4000]]);
  });

  it('does not advance while work is in progress', async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    clock.busy();
    clock.setTimer(10, () => { fired = true; });
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.equal(fired, false);
    assert.equal(clock.now(), 0);
    clock.idle();
    await clock.whenIdle();
    assert.equal(fired, true);
    assert.equal(clock.now(), 10);
  });

  it('drops cleared timers and fires a past-due timer at the current time', async () => {
    const clock = new VirtualClock(500);
    const fired: number[] = [];
    const h = clock.setTimer(600, () => fired.push(600));
    clock.setTimer(100, () => fired.push(clock.now()));
    clock.clearTimer(h);
    await clock.whenIdle();
    assert.deepEqual(fired, [500]);
    assert.equal(clock.pendingTimers, 0);
  });
});
