// Engine — named locks and per-node concurrency limits (`lock "name"`, `limits { concurrency n }`):
// a FIFO queue per key for the runs of one engine (waiters get the slot in arrival order). On a
// store that several processes share (`RunStore.sharedSlots`: a SQLite file, PostgreSQL) a slot
// this queue gives is then asked of the store's table as well, so that processes exclude each
// other too; the task starts once the store says it holds it. Not journaled (after a crash
// nobody holds it: a resumed run takes its in-flight tasks' locks again, docs/runtime.md "Locks
// and concurrency limits").
import type { SharedSlots, SlotHolder, SlotTicket } from '../store/run-store.js';

interface Semaphore {
  capacity: number;
  held: number;
  /** Who holds its slots (`<runId>#<token>`, the deadlock check's question) and how many each. */
  holders: Map<string, number>;
  waiters: Array<{ holder: string; grant: () => void }>;
}

/** A slot given here and asked of the store's shared table: its ticket once known, and whether it was given back meanwhile. */
interface SharedAsk {
  ticket: number | undefined;
  released: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether it waits for another process (the observer was told so). */
  waiting: boolean;
}

/** While a slot waits for the store's table: told when the wait begins and ends (the clock, so that virtual time runs at real speed meanwhile). */
export interface SharedWaitObserver {
  taskStarted(): void;
  taskEnded(): void;
}

/** The lock a slot's key names (`lock:<name>`), or undefined for a concurrency limit's (`concurrency:<workflow>/<node>`). */
export function lockNameOf(key: string): string | undefined {
  return key.startsWith('lock:') ? key.slice('lock:'.length) : undefined;
}

/** How a slot's key reads to a person: `lock "desk"`, or `a slot of its limits { concurrency 2 }`. */
export function slotText(key: string, capacity: number): string {
  const lock = lockNameOf(key);
  return lock !== undefined ? `lock "${lock}"` : `a slot of its limits { concurrency ${capacity} }`;
}

/** Told when a taker starts to wait: for another run of this engine, or (`elsewhere`) for another process's. */
export type WaitNotice = (elsewhere: boolean) => void;

/** How long a slot waiting for another process first waits before it looks at the table again, and at most (ms). */
export const SHARED_LOOK_FIRST_MS = 10;
export const SHARED_LOOK_MS = 100;

export class LockManager {
  private readonly semaphores = new Map<string, Semaphore>();
  /** The asks to the store's table, by `<key>\n<holder>` (a holder takes one slot of a key at a time). */
  private readonly asks = new Map<string, SharedAsk>();

  constructor(private readonly shared?: SharedSlots, private readonly waits?: SharedWaitObserver) {}

  /**
   * Takes one slot of `key` (capacity 1 for a lock) for `holder`; resolves true at once or later.
   * With `node` (the task that asks) on a store with shared slots, the store's table is asked
   * too; without, the key is this engine's alone (an exclusive region's, within one run).
   */
  acquire(key: string, capacity = 1, holder = '', node?: string, onWait?: WaitNotice): true | Promise<true> {
    let s = this.semaphores.get(key);
    if (!s) this.semaphores.set(key, (s = { capacity, held: 0, holders: new Map(), waiters: [] }));
    if (s.held < s.capacity) {
      s.held++;
      s.holders.set(holder, (s.holders.get(holder) ?? 0) + 1);
      return this.shared && node !== undefined ? this.askShared(key, capacity, holder, node, onWait) : true;
    }
    onWait?.(false);
    const sem = s;
    return new Promise<true>((resolve) => sem.waiters.push({
      holder,
      grant: () => {
        if (!this.shared || node === undefined) return resolve(true);
        const shared = this.askShared(key, capacity, holder, node, onWait);
        if (shared === true) resolve(true);
        else void shared.then(resolve);
      },
    }));
  }

  /**
   * Gives back `holder`'s slot of `key`; one still queued for it leaves the queue instead (a
   * branch withdrawn while it waited: its promise never settles, and nobody else's slot goes).
   */
  release(key: string, holder = ''): void {
    const s = this.semaphores.get(key);
    if (!s) return;
    const had = s.holders.get(holder);
    if (!had) {
      const at = s.waiters.findIndex((w) => w.holder === holder);
      if (at >= 0) s.waiters.splice(at, 1);
      return;
    }
    if (this.shared) this.releaseShared(key, holder);
    if (had === 1) s.holders.delete(holder);
    else s.holders.set(holder, had - 1);
    const next = s.waiters.shift();
    if (next) {
      s.holders.set(next.holder, (s.holders.get(next.holder) ?? 0) + 1);
      next.grant();
    } else if (--s.held === 0) {
      this.semaphores.delete(key);
    }
  }

  /** Slots of `key` in use. */
  held(key: string): number {
    return this.semaphores.get(key)?.held ?? 0;
  }

  /**
   * Whether a new taker of `key` would wait (every slot in use) for holders that all answer
   * `stuck`: nobody else is there to give a slot back.
   */
  fullOf(key: string, stuck: (holder: string) => boolean): boolean {
    const s = this.semaphores.get(key);
    if (!s || s.held < s.capacity) return false;
    for (const h of s.holders.keys()) if (!stuck(h)) return false;
    return true;
  }

  /**
   * Asks the store's table for the slot this queue has just given `holder`: true when it holds it
   * at once, else a promise that resolves once it does (looking again after `SHARED_LOOK_FIRST_MS`,
   * doubling to `SHARED_LOOK_MS`) and never if the slot is given back first. A store that fails
   * (busy past its timeout) is asked again at the next look.
   */
  private askShared(key: string, capacity: number, holder: string, node: string, onWait: WaitNotice | undefined): true | Promise<true> {
    const shared = this.shared!;
    const ask: SharedAsk = { ticket: undefined, released: false, timer: undefined, waiting: false };
    this.asks.set(`${key}\n${holder}`, ask);
    const who: SlotHolder = { runId: runOf(holder), node };
    let first: SlotTicket | Promise<SlotTicket> | undefined;
    try {
      first = shared.ask(key, capacity, who);
    } catch {
      first = undefined;
    }
    // Told once, when the store first says another process holds the slot.
    let told = false;
    if (first !== undefined && !(first instanceof Promise)) {
      ask.ticket = first.ticket;
      if (first.holds) return true;
      told = true;
      onWait?.(true);
    }
    ask.waiting = true;
    this.waits?.taskStarted();
    return new Promise<true>((resolve) => {
      let delay = SHARED_LOOK_FIRST_MS;
      const again = (): void => {
        if (ask.released) return;
        // The store closed under a waiting slot: its engine is done with it; nothing is left to look at.
        if (shared.closed()) return this.endWait(ask);
        ask.timer = setTimeout(look, delay);
        delay = Math.min(delay * 2, SHARED_LOOK_MS);
      };
      const settle = (answer: boolean | SlotTicket): void => {
        if (typeof answer !== 'boolean') {
          ask.ticket = answer.ticket;
          // Given back while its ticket was being taken: the ticket goes at once.
          if (ask.released) return shared.release(answer.ticket);
        }
        if (ask.released) return;
        if (!(typeof answer === 'boolean' ? answer : answer.holds)) {
          if (!told) {
            told = true;
            onWait?.(true);
          }
          return again();
        }
        this.endWait(ask);
        resolve(true);
      };
      const look = (): void => {
        ask.timer = undefined;
        if (ask.released) return;
        let answer: boolean | Promise<boolean> | SlotTicket | Promise<SlotTicket>;
        try {
          answer = ask.ticket === undefined ? shared.ask(key, capacity, who) : shared.holds(key, capacity, ask.ticket);
        } catch {
          return again();
        }
        if (answer instanceof Promise) answer.then(settle, again);
        else settle(answer);
      };
      if (first instanceof Promise) first.then(settle, again);
      else again();
    });
  }

  private endWait(ask: SharedAsk): void {
    if (ask.timer !== undefined) clearTimeout(ask.timer);
    ask.timer = undefined;
    if (!ask.waiting) return;
    ask.waiting = false;
    this.waits?.taskEnded();
  }

  private releaseShared(key: string, holder: string): void {
    const id = `${key}\n${holder}`;
    const ask = this.asks.get(id);
    if (!ask) return;
    this.asks.delete(id);
    ask.released = true;
    this.endWait(ask);
    if (ask.ticket !== undefined) this.shared!.release(ask.ticket);
  }
}

/** The run a holder (`<runId>#<token>`) names. */
function runOf(holder: string): string {
  const at = holder.lastIndexOf('#');
  return at < 0 ? holder : holder.slice(0, at);
}
