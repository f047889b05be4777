// Engine — virtual time (`--virtual-time`, tests): timers, timeouts and retry delays fire in
// the order real time would fire them. While no task executor is in flight the clock jumps to
// the next timer as soon as no engine work is in progress (the engine reports work with
// busy()/idle()); while one is (taskStarted()/taskEnded()) the clock runs at real speed, so a
// timer due during the task fires after the real delay it would have on the real clock and a
// task's timeout fires. A task's real duration is never skipped past, nor does it hold time.

import type { Clock, TimerHandle } from './clock.js';

interface VirtualTimer extends TimerHandle {
  readonly seq: number;
  fn: (() => void) | undefined;
}

/** Longest delay `setTimeout` accepts; a longer wait at real speed is re-armed in steps. */
const MAX_TIMEOUT = 2 ** 31 - 1;

export class VirtualClock implements Clock {
  readonly virtual = true;
  /** The time; while tasks are in flight, the time when the first of them started. */
  private current: number;
  private timers: VirtualTimer[] = [];
  private seq = 0;
  private activity = 0;
  /** Task executors in flight; while any is, now() is `current` plus the real time since `anchor`. */
  private tasks = 0;
  private anchor = 0;
  /** At real speed: the latest reading given, where the clock stops when the last task ends. */
  private lastReading = 0;
  /** At real speed: `lastReading` holds for the rest of the event loop's turn it was taken in. */
  private held = false;
  private readonly release = (): void => { this.held = false; };
  /** At real speed: the real timeout that wakes the clock when the next timer falls due. */
  private wake: ReturnType<typeof setTimeout> | undefined;
  private advanceScheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    if (this.tasks === 0) return this.current;
    // One reading per turn: the times one turn records agree (a wait's start and its due time,
    // as with no task in flight) instead of straddling a millisecond. Whole milliseconds, as the
    // real clock's readings; performance.now() never goes back.
    if (!this.held) {
      this.held = true;
      this.lastReading = this.current + Math.floor(performance.now() - this.anchor);
      setImmediate(this.release);
    }
    return this.lastReading;
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const timer: VirtualTimer = { at: Math.max(at, this.now()), seq: this.seq++, fn };
    // Keep `timers` sorted by (at, seq): insertion from the back is cheap for the common case.
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1]!.at > timer.at) i--;
    this.timers.splice(i, 0, timer);
    this.scheduleAdvance();
    return timer;
  }

  clearTimer(handle: TimerHandle): void {
    const timer = handle as VirtualTimer;
    if (!timer.fn) return;
    timer.fn = undefined;
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
    this.scheduleAdvance();
  }

  busy(): void {
    this.activity++;
  }

  idle(): void {
    if (--this.activity <= 0) {
      this.activity = 0;
      this.scheduleAdvance();
    }
  }

  taskStarted(): void {
    if (this.tasks++ === 0) {
      this.anchor = performance.now();
      this.lastReading = this.current;
      this.held = false;
    }
    // A jump already scheduled finds the task in flight and waits at real speed instead.
    this.scheduleAdvance();
  }

  taskEnded(): void {
    if (this.tasks === 0) return;
    if (this.tasks === 1) {
      // The clock stops at its last reading (the engine reads it as the task settles), not at a
      // fresh one: what the settling turn records next (a wait's due time from its start) then
      // agrees with the times it already recorded. Jumps resume from there.
      this.current = this.lastReading;
      this.stopWake();
    }
    this.tasks--;
    this.scheduleAdvance();
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Task executors in flight (the clock runs at real speed while there are any). */
  get tasksInFlight(): number {
    return this.tasks;
  }

  /** Resolves once no work is in progress, no task is in flight and no timer is left to fire. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.scheduleAdvance();
    });
  }

  private scheduleAdvance(): void {
    // At real speed engine work does not hold a due timer back (it would not on the real clock).
    if (this.advanceScheduled || (this.activity > 0 && this.tasks === 0)) return;
    this.advanceScheduled = true;
    // A macrotask: lets promise chains and I/O callbacks that are about to report work run first.
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.advanceScheduled = false;
    if (this.tasks > 0) {
      this.atRealSpeed();
      return;
    }
    if (this.activity > 0) return;
    const timer = this.timers.shift();
    if (!timer) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    if (timer.at > this.current) this.current = timer.at;
    const fn = timer.fn;
    timer.fn = undefined;
    fn?.();
    this.scheduleAdvance();
  }

  /** With a task in flight: fires the next timer if it is due, else waits for it in real time. */
  private atRealSpeed(): void {
    this.stopWake();
    const timer = this.timers[0];
    if (!timer) return;
    const wait = timer.at - this.now();
    if (wait > 0) {
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.scheduleAdvance();
      }, Math.min(wait, MAX_TIMEOUT));
      return;
    }
    this.timers.shift();
    const fn = timer.fn;
    timer.fn = undefined;
    fn?.();
    this.scheduleAdvance();
  }

  private stopWake(): void {
    if (this.wake === undefined) return;
    clearTimeout(this.wake);
    this.wake = undefined;
  }
}
