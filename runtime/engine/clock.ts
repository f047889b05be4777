// Engine — the clock a run reads time from and schedules timers on. The real clock uses the
// wall clock and `setTimeout`; the virtual clock (`virtual-clock.ts`) jumps to the next timer
// whenever no work is in progress, and runs at real speed while a task executor is in flight.
// The engine never reads `Date.now()` or sets timers itself.
// While the engine reads the real clock tens of thousands of times a second, a ticker thread
// (`wall-ticker.ts`) keeps the wall clock in shared memory and a reading costs a memory load.

import { wallNow } from './wall-ticker.js';

export interface TimerHandle {
  readonly at: number;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fn` once the clock reaches `at` (at once, asynchronously, if it already has). */
  setTimer(at: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** Engine work started that virtual time must not jump past (no-op on the real clock). */
  busy(): void;
  /** That work ended. */
  idle(): void;
  /** A task executor started: virtual time runs at real speed while any is in flight (no-op on the real clock). */
  taskStarted(): void;
  /** That executor settled, was aborted or withdrawn (once per `taskStarted`). */
  taskEnded(): void;
  /** Whether timers jump instead of waiting. */
  readonly virtual: boolean;
}

/** Longest delay `setTimeout` accepts; longer timers are re-armed in steps. */
const MAX_TIMEOUT = 2 ** 31 - 1;

interface RealTimer extends TimerHandle {
  timeout?: ReturnType<typeof setTimeout>;
  cleared: boolean;
}

export class RealClock implements Clock {
  readonly virtual = false;

  /** The wall clock (`Date.now()`, or the ticker's copy of it: `wall-ticker.ts`). */
  now(): number {
    return wallNow();
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const timer: RealTimer = { at, cleared: false };
    const arm = (): void => {
      const delay = Math.max(0, at - Date.now());
      timer.timeout = setTimeout(() => {
        if (timer.cleared) return;
        if (Date.now() < at) arm();
        else fn();
      }, Math.min(delay, MAX_TIMEOUT));
    };
    arm();
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    const timer = handle as RealTimer;
    timer.cleared = true;
    if (timer.timeout) clearTimeout(timer.timeout);
  }

  busy(): void {}
  idle(): void {}
  taskStarted(): void {}
  taskEnded(): void {}
}
