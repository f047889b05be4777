// The wall clock as the real clock reads it (`runtime/engine/wall-ticker.ts`): `Date.now()` while
// the process reads it rarely; a ticker thread's copy, checked and never going back, while it
// reads it often; a copy that keeps moving while the main thread computes; back to `Date.now()`
// when the thread stalls, parks or is gone; and a process that exits with the thread running.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { CHECK_EVERY, TOLERANCE_MS, resetWallTickerForTest, stallWallTickerForTest, wallNow, wallTickerState } from '../../../runtime/engine/wall-ticker.js';
import type { NodeCompleted, NodeStarted } from '../../../runtime/journal/journal-event.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';

const tickerUrl = new URL('../../../runtime/engine/wall-ticker.js', import.meta.url).href;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // the main thread computing
  }
}

/** Reads the clock often (as 1,000 runs in flight do) until the ticker's copies are in use; false if they never are within `ms`. */
async function readUntilCopying(ms = 10_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (let i = 0; i < 20 * CHECK_EVERY; i++) wallNow();
    if (wallTickerState().copying) return true;
    // Let the thread start (its `online` and errors arrive through the event loop).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return false;
}

/**
 * Reads the clock, never yielding, until a check has kept the ticker's copy and the copy has
 * reached `at`: on a loaded machine the thread may wait milliseconds for a core, and its copies
 * lag meanwhile (a reading cached on this thread would never get there). The last reading.
 */
function readUntilCaughtUp(at: number, ms = 5000): number {
  let t = 0;
  for (const until = Date.now() + ms; Date.now() < until;) {
    t = wallNow();
    if (wallTickerState().copying && t >= at) break;
  }
  return t;
}

describe('the wall clock (wall-ticker.ts)', function () {
  this.timeout(30000);

  beforeEach(() => resetWallTickerForTest());
  after(() => resetWallTickerForTest());

  it('reads Date.now() and starts no thread while the process reads it rarely', async () => {
    for (let i = 0; i < 20; i++) {
      const before = Date.now();
      const t = wallNow();
      assert.ok(t >= before && t <= Date.now(), `${t} outside [${before}, now]`);
      await sleep(1);
    }
    assert.equal(wallTickerState().started, false);
  });

  it('starts the ticker when read often: copies within the tolerance of Date.now(), never going back', async () => {
    assert.ok(await readUntilCopying(), 'the ticker never started copying');
    let previous = 0;
    let copies = 0;
    // Readings further behind than the tolerance (plus the millisecond the two clock reads may
    // straddle). A check keeps a copy only within the tolerance, but between two checks a copy is
    // as old as the thread's last tick: when the OS runs this thread again before the ticker (a
    // loaded machine; a clean-clone CI run read 646 of 400,000 up to 11 ms behind), copies are
    // late until the next check, which reads Date.now() until the thread has caught up. So late
    // readings are copies, and never more in a row than the readings between two checks.
    let late = 0;
    let worst = 0;
    let inRow = 0;
    let mostInRow = 0;
    for (let i = 0; i < 400_000; i++) {
      const before = Date.now();
      const t = wallNow();
      const copying = wallTickerState().copying;
      assert.ok(t >= previous, `went back from ${previous} to ${t}`);
      previous = t;
      if (before - t > TOLERANCE_MS + 1) {
        assert.ok(copying, `a real reading ${before - t} ms behind`);
        late++;
        worst = Math.max(worst, before - t);
        mostInRow = Math.max(mostInRow, ++inRow);
      } else {
        inRow = 0;
      }
      if ((i & 63) === 0) assert.ok(t <= Date.now(), 'ahead of the wall clock');
      if (copying) copies++;
    }
    assert.ok(mostInRow < CHECK_EVERY, `${mostInRow} readings in a row more than ${TOLERANCE_MS + 1} ms behind (${late} in all, the worst ${worst} ms): a check kept a late copy`);
    // Most, not all: on a busy machine the thread lags past the tolerance now and then, and those readings are real.
    assert.ok(copies > 100_000, `only ${copies} of 400,000 readings were copies`);
  });

  it('keeps moving while the main thread computes (a reading is not cached on the main thread)', async () => {
    assert.ok(await readUntilCopying());
    const a = wallNow();
    busyFor(40);
    // The first copy after the work has moved (a reading kept on this thread since a check would
    // not have), if not all the way when the thread waited for a core meanwhile; the thread's
    // copies then reach the end of the work while this thread never yields.
    const first = wallNow();
    assert.ok(first > a, `40 ms of synchronous work read as ${first - a} ms`);
    const b = readUntilCaughtUp(Date.now() - TOLERANCE_MS);
    assert.ok(b - a >= 35, `40 ms of synchronous work read as ${b - a} ms (${first - a} ms at first)`);
  });

  it('gives a task that computes synchronously its duration in the journal while copies are in use', async () => {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock: new RealClock(), environment: {}, executors: {
      connector: {
        // The work, then the ticker's copy caught up with it (a loaded machine may hold the thread
        // back): what is measured is the engine stamping the commit with a fresh reading.
        execute: () => { busyFor(30); readUntilCaughtUp(Date.now() - TOLERANCE_MS); return Promise.resolve(null); },
      },
    } });
    const wf = workflow('Busy', { nodes: [task('a', 'noop'), task('b', 'noop')], edges: ['start -> a -> b -> end'] });
    assert.ok(await readUntilCopying());
    const handle = await engine.start(bundleOf(wf));
    assert.ok(wallTickerState().copying, 'the copies went out of use before the run');
    assert.equal((await handle.outcome).status, 'completed');
    const events = await store.readEvents(handle.runId);
    for (const node of ['a', 'b']) {
      const started = events.find((e): e is NodeStarted => e.type === 'NodeStarted' && e.node === node)!;
      const completed = events.find((e): e is NodeCompleted => e.type === 'NodeCompleted' && e.node === node)!;
      assert.ok(completed.at - started.at >= 25, `${node}: 30 ms of work journalled as ${completed.at - started.at} ms`);
    }
  });

  it('goes back to Date.now() within CHECK_EVERY readings when the thread stalls', async () => {
    assert.ok(await readUntilCopying());
    await stallWallTickerForTest();
    busyFor(2 * TOLERANCE_MS + 10);
    let t = 0;
    for (let i = 0; i <= CHECK_EVERY; i++) t = wallNow();
    const now = Date.now();
    assert.ok(t >= now - TOLERANCE_MS - 1, `a stalled copy ${now - t} ms behind is still read`);
    for (let i = 0; i < 10 * CHECK_EVERY; i++) t = Math.max(t, wallNow());
    assert.ok(t >= Date.now() - 1);
  });

  it('parks the thread once the process stops reading, reads Date.now() meanwhile, and wakes it', async () => {
    assert.ok(await readUntilCopying());
    await sleep(200);
    assert.equal(wallTickerState().running, false, 'still running 200 ms after the last reading');
    const before = Date.now();
    await sleep(20);
    const t = wallNow();
    assert.ok(t >= before + 19, `a parked copy was read (${t - before} ms after a 20 ms sleep)`);
    assert.ok(await readUntilCopying(), 'not woken');
    assert.equal(wallTickerState().running, true);
  });

  it('does not keep a process alive, running or parked', () => {
    for (const end of ['running', 'parked']) {
      const script = `
        const { wallNow, wallTickerState } = await import(${JSON.stringify(tickerUrl)});
        const until = Date.now() + 3000;
        while (!wallTickerState().copying && Date.now() < until) {
          for (let i = 0; i < 10000; i++) wallNow();
          await new Promise((r) => setImmediate(r));
        }
        if (!wallTickerState().copying) process.exit(3);
        ${end === 'parked' ? 'await new Promise((r) => setTimeout(r, 200)); if (wallTickerState().running) process.exit(4);' : ''}
      `;
      const started = Date.now();
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 10000 });
      assert.ok(Date.now() - started < 8000, `${end}: the process took ${Date.now() - started} ms to exit`);
    }
  });
});
