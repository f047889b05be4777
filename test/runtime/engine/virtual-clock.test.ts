// Virtual time: timers fire in time order as soon as no work is reported, never while engine
// work is in progress; the clock jumps to each timer's time. While a task executor is in flight
// the clock runs at real speed instead: a timer due meanwhile fires after its real delay, and
// a task's timeout fires (real timers, real elapsed time).

import assert from 'node:assert/strict';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import { harness, trace } from '../support/engine-harness.js';
import { bundleOf, ms, task, timer, workflow } from '../support/ir-builder.js';

const sleep = (delay: number) => new Promise((r) => setTimeout(r, delay));

/** Resolves with the clock's reading and the real milliseconds since `realStart` when the timer at `at` fires. */
function firing(clock: VirtualClock, at: number, realStart: number): Promise<{ now: number; real: number }> {
  return new Promise((resolve) => clock.setTimer(at, () => resolve({ now: clock.now(), real: performance.now() - realStart })));
}

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

  it('runs at real speed while a task is in flight: a timer due during the task fires after its real delay', async () => {
    const clock = new VirtualClock(0);
    const realStart = performance.now();
    clock.taskStarted();
    const fired = await firing(clock, 60, realStart);
    // setTimeout may round a millisecond early; the timer still fires at its time or later.
    assert.ok(fired.real >= 58, `fired after ${fired.real} real ms`);
    assert.ok(fired.now >= 60 && fired.now < 60 + 5_000, `fired at ${fired.now}`);
    clock.taskEnded();
    // Nothing in flight: the next timer is jumped to at once.
    const later = firing(clock, 3_600_000, performance.now());
    await clock.whenIdle();
    const jumped = await later;
    assert.equal(jumped.now, 3_600_000);
    assert.ok(jumped.real < 1_000, `the jump took ${jumped.real} real ms`);
  });

  it('does not jump while a task is in flight, even when a jump was already scheduled', async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    clock.setTimer(3_600_000, () => { fired = true; });
    clock.taskStarted(); // before the scheduled jump's macrotask
    await new Promise((r) => setImmediate(r));
    await sleep(30);
    assert.equal(fired, false);
    assert.ok(clock.now() >= 25 && clock.now() < 3_600_000, `now ${clock.now()}`);
    clock.taskEnded();
    await clock.whenIdle();
    assert.equal(fired, true);
    assert.equal(clock.now(), 3_600_000);
  });

  it('keeps real speed until the last of several tasks in flight ends', async () => {
    const clock = new VirtualClock(0);
    clock.taskStarted();
    clock.taskStarted();
    let farFired = false;
    clock.setTimer(10_000_000, () => { farFired = true; });
    clock.taskEnded();
    assert.equal(clock.tasksInFlight, 1);
    const near = await firing(clock, 40, performance.now());
    assert.ok(near.real >= 38, `fired after ${near.real} real ms`);
    assert.equal(farFired, false);
    clock.taskEnded();
    await clock.whenIdle();
    assert.equal(farFired, true);
    assert.equal(clock.now(), 10_000_000);
  });

  it('stops at its last reading when the last task ends, and ignores an unmatched end', async () => {
    const clock = new VirtualClock(1_000);
    clock.taskStarted();
    await sleep(30);
    const read = clock.now(); // as the engine reads it when the task settles
    assert.ok(read >= 1_025, `now ${read}`);
    await sleep(5);
    clock.taskEnded();
    const stopped = clock.now();
    assert.equal(stopped, read);
    clock.taskEnded();
    await sleep(20);
    assert.equal(clock.now(), stopped);
    assert.equal(clock.tasksInFlight, 0);
  });

  it('gives one reading per event loop turn at real speed, so the times one turn records agree', async () => {
    const clock = new VirtualClock(0);
    clock.taskStarted();
    await sleep(20);
    const first = clock.now();
    const until = performance.now() + 5;
    while (performance.now() < until) { /* a turn that takes 5 ms */ }
    assert.equal(clock.now(), first);
    await new Promise((r) => setImmediate(r));
    assert.ok(clock.now() >= first + 4, `next turn: ${clock.now()} after ${first}`);
    clock.taskEnded();
  });

  it('does not hold back a timer due while a task is in flight for engine work in progress', async () => {
    const clock = new VirtualClock(0);
    clock.taskStarted();
    clock.busy();
    const fired = await firing(clock, 30, performance.now());
    assert.ok(fired.now >= 30);
    clock.idle();
    clock.taskEnded();
    await clock.whenIdle();
  });

  it('times out a task that never returns, on the engine with a virtual clock', async () => {
    const { engine, clock } = harness();
    const wf = workflow('Stuck', { nodes: [task('stuck', 'hang', [], { timeoutMs: 50 })], edges: ['start -> stuck'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'Timeout');
    const took = o.state.endedAt! - o.state.startedAt;
    assert.ok(took >= 50 && took < 5_000, `the run took ${took} ms on its clock`);
    assert.equal(clock.tasksInFlight, 0);
  });

  it('fires a timer due while a task is in flight before the task ends, as the real clock would', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Race', { nodes: [task('slow', 'gate'), timer('quick', 'for', ms(30))], edges: ['start -> [slow, quick]'] });
    const run = await engine.start(bundleOf(wf));
    // The gate stays closed well past the timer's 30 ms; a wait of an hour after it would still jump.
    await sleep(150);
    assert.deepEqual(trace(engine.peek(run.runId)!), ['quick']);
    connector.gate('slow').open('done');
    const o = await run.outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['quick', 'slow']);
  });
});
