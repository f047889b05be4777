// Engine — the wall clock as the real clock (`clock.ts`) reads it: `Date.now()`, or, while the
// process reads it tens of thousands of times a second, a copy of it that a ticker thread
// refreshes in shared memory every half millisecond (docs/runtime.md "Performance": the clock).
//
// Why: a `Date.now()` costs ~50–65 ns on this VM (the system call is ~29 of them), a sixth of a
// task step of 1,000 concurrent runs. Every commit keeps its own reading: a reading cached on
// the main thread for a stretch of work would give a task doing synchronous work a duration of
// 0. The ticker runs on its own thread, so its copy keeps moving while the main thread computes,
// and reading it costs a load. What a user can rely on:
// - Readings are the wall clock in whole milliseconds, at most `TOLERANCE_MS` behind it at each
//   check: every `CHECK_EVERY`-th reading is a real `Date.now()`, and a copy further off than that
//   (a thread not scheduled, a clock step) is not used again until the ticker has caught up.
//   Between checks a copy is as old as the last tick: when a busy machine runs the main thread
//   again before the ticker, the readings up to the next check lag by the ticker's wait for a
//   core (only a clock reading could tell, and saving those is the point).
// - Readings never go back when their source changes (copy → `Date.now()` → copy); as before,
//   they follow the wall clock if it is set back.
// - A process that reads the clock rarely (the CLI running one workflow, an idle server) never
//   starts the thread and reads `Date.now()`. The thread starts once the process has read the
//   clock `CHECK_EVERY` times within `HOT_WINDOW_MS`; it parks (blocked, no CPU) once the main
//   thread's event loop has gone `PARK_AFTER_MS` without a reading, and is woken the same way.
//   It never keeps the process alive. If it cannot start or dies, readings are `Date.now()`.

import { Worker } from 'node:worker_threads';

/** The ticker's period. */
const TICK_MS = 0.5;
/** A real reading after this many copies (to check the copy). */
export const CHECK_EVERY = 256;
/** How far a copy may be from the real clock and still be used. */
export const TOLERANCE_MS = 2;
/** The ticker starts (or wakes) when `CHECK_EVERY` real readings took at most this long. */
const HOT_WINDOW_MS = 10;
/** The ticker parks when the main thread has not read the clock for about this long (an unref'd timer looks). */
const PARK_AFTER_MS = 50;

// The shared memory: the copy (a float64, epoch ms; 0 while the ticker has not written one),
// then two int32 slots.
const BYTES = 16;
/** Int32 index: `RUNNING` or `PARKED` (the ticker waits on this slot while parked). */
const STATE = 2;
/** Int32 index never written: the ticker sleeps on it for `TICK_MS`. */
const SLEEP = 3;
const RUNNING = 1;
const PARKED = 0;

/**
 * The ticker thread (CommonJS by `eval`: nothing to locate or bundle). It writes the copy with
 * a plain float64 store: V8 makes an aligned 8-byte store (and `wallNow`'s load) one machine
 * access on the 64-bit platforms Node supports, so a reading never sees half of one.
 */
const TICKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const copy = new Float64Array(workerData, 0, 1);
const slots = new Int32Array(workerData);
for (;;) {
  if (Atomics.load(slots, ${STATE}) === ${PARKED}) {
    Atomics.wait(slots, ${STATE}, ${PARKED});
    continue;
  }
  copy[0] = Date.now();
  Atomics.wait(slots, ${SLEEP}, 0, ${TICK_MS});
}
`;

const NO_COPY = new Float64Array(1);

// `var`, not `let`, for what `wallNow` reads: a `let` read from a function is checked for its
// temporal dead zone each time, bytes that would take `wallNow` over V8's small-function size.
/** The ticker's copy (`NO_COPY`, always 0, when there is no ticker). */
// eslint-disable-next-line no-var
var copies: Float64Array<ArrayBufferLike> = NO_COPY;
/** Readings until the next real one: `CHECK_EVERY` after a check that kept the copy, 1 while readings are real. */
// eslint-disable-next-line no-var
var left = 1;

/** Whether the last check kept the copy (`left` alone cannot tell: it is 1 both before a check and while readings are real). */
let usingCopies = false;
let slots: Int32Array<ArrayBufferLike> | undefined;
let ticker: Worker | undefined;
/** The ticker could not start or died: readings stay real. */
let tickerFailed = false;
/** The last real reading handed out (a copy is used again only once it has reached it). */
let lastReal = 0;
/** Real readings so far, and in the current `HOT_WINDOW_MS` window (which began at `windowStart`). */
let realReads = 0;
let windowReads = 0;
let windowStart = 0;
/** While the ticker runs: the timer that parks it, and what it saw last time. */
let parkTimer: ReturnType<typeof setInterval> | undefined;
let seenLeft = 0;
let seenReads = 0;

/**
 * The wall clock, epoch milliseconds (see the header). 24 bytes of bytecode, the slow path a call:
 * small enough for its callers to inline (the engine reads it for its fast paths in
 * `settleAttempt`, whose caller has inlining budget to spare; the chain step's is used up).
 */
export function wallNow(): number {
  return --left ? copies[0]! : realNow();
}

/** A real reading: the check after `CHECK_EVERY` copies, and every reading while copies are not in use. */
function realNow(): number {
  const real = Date.now();
  realReads++;
  const copy = copies[0]!;
  // A running ticker's copy, close enough and not taking the readings back: copies again. (Only
  // the main thread parks the ticker, in `watch`, so it cannot park between here and the next check.)
  if (copy !== 0 && real - copy <= TOLERANCE_MS && copy - real <= TOLERANCE_MS && copy >= lastReal && Atomics.load(slots!, STATE) === RUNNING) {
    left = CHECK_EVERY;
    usingCopies = true;
    return copy;
  }
  left = 1;
  usingCopies = false;
  if (real > lastReal) lastReal = real;
  if (++windowReads >= CHECK_EVERY) {
    if (real - windowStart <= HOT_WINDOW_MS) hot();
    windowReads = 0;
    windowStart = real;
  }
  return lastReal;
}

/** The process reads the clock often: start the ticker, or wake it. */
function hot(): void {
  if (ticker === undefined) {
    if (!tickerFailed) start();
    return;
  }
  if (Atomics.compareExchange(slots!, STATE, PARKED, RUNNING) === PARKED) {
    Atomics.notify(slots!, STATE);
    watch();
  }
}

function start(): void {
  try {
    const shared = new SharedArrayBuffer(BYTES);
    const s = new Int32Array(shared);
    s[STATE] = RUNNING;
    // No inherited flags (`--input-type=module` would make the source ESM; profilers, inspector).
    const worker = new Worker(TICKER_SOURCE, { eval: true, workerData: shared, execArgv: [] });
    worker.unref();
    const failed = (): void => {
      if (ticker === worker) forget(true);
    };
    worker.on('error', failed);
    worker.on('exit', failed);
    ticker = worker;
    slots = s;
    copies = new Float64Array(shared, 0, 1);
    watch();
  } catch {
    tickerFailed = true;
  }
}

/** Parks the ticker once the main thread stops reading (checked by an unref'd timer: it runs only when the event loop is free). */
function watch(): void {
  if (parkTimer !== undefined) return;
  seenLeft = left;
  seenReads = realReads;
  parkTimer = setInterval(() => {
    if (left !== seenLeft || realReads !== seenReads) {
      // Read since the last look: the next reading is a real one too (a check every
      // `PARK_AFTER_MS` however slowly the copies are read).
      left = 1;
      seenLeft = left;
      seenReads = realReads;
      return;
    }
    // Nothing read since the last look: real readings from now on, and the ticker parked.
    left = 1;
    usingCopies = false;
    Atomics.store(slots!, STATE, PARKED);
    stopWatching();
  }, PARK_AFTER_MS);
  parkTimer.unref();
}

function stopWatching(): void {
  if (parkTimer !== undefined) clearInterval(parkTimer);
  parkTimer = undefined;
}

/** For tests: the ticker's state. */
export function wallTickerState(): { started: boolean; running: boolean; copying: boolean; failed: boolean } {
  return {
    started: ticker !== undefined,
    running: slots !== undefined && Atomics.load(slots, STATE) === RUNNING,
    copying: usingCopies,
    failed: tickerFailed,
  };
}

/** For tests: stops the ticker thread without telling the clock, its last copy left in place (a stalled thread). */
export async function stallWallTickerForTest(): Promise<void> {
  if (ticker !== undefined) await terminateQuietly(ticker);
}

/** No ticker from now on (`failed`: none will start again); readings are real. */
function forget(failed: boolean): void {
  stopWatching();
  ticker = undefined;
  slots = undefined;
  tickerFailed = failed;
  copies = NO_COPY;
  left = 1;
  usingCopies = false;
}

/** For tests: forgets the ticker (terminating it) so that the next hot window starts a fresh one. */
export async function resetWallTickerForTest(): Promise<void> {
  const worker = ticker;
  forget(false);
  windowReads = 0;
  if (worker !== undefined) await terminateQuietly(worker);
}

/** Ends a ticker thread without its exit counting as a failure (for tests). */
async function terminateQuietly(worker: Worker): Promise<void> {
  worker.removeAllListeners('exit');
  worker.removeAllListeners('error');
  await worker.terminate();
}
