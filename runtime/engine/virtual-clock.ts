// Engine — virtual time (`--virtual-time`, tests): timers, timeouts and retry delays fire in
// the order real time would fire them, but the clock jumps to the next one as soon as no work
// is in progress (the engine reports work with busy()/idle()). Work in flight is never skipped.

import type { Clock, TimerHandle } from './clock.js';

interface VirtualTimer extends TimerHandle {
  readonly seq: number;
  fn: (() => void) | undefined;
}

export class VirtualClock implements Clock {
  readonly virtual = true;
  private current: number;
  private timers: VirtualTimer[] = [];
  private seq = 0;
  private activity = 0;
  private advanceScheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(at: number, fn: () => void): TimerHandle {
    const timer: VirtualTimer = { at: Math.max(at, this.current), seq: this.seq++, fn };
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

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Resolves once no work is in progress and no timer is left to fire. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.scheduleAdvance();
    });
  }

  private scheduleAdvance(): void {
    if (this.advanceScheduled || this.activity > 0) return;
    this.advanceScheduled = true;
    // A macrotask: lets promise chains and I/O callbacks that are about to report work run first.
    setImmediate(() => this.advance());
  }

  private advance(): void {
    this.advanceScheduled = false;
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
}
