// Engine — named locks and per-node concurrency limits shared by every run of one engine
// (`lock "name"`, `limits { concurrency n }`). FIFO: waiters get the lock in arrival order.
// In-process only; a lock is not journaled (after a crash nobody holds it: a resumed run takes
// its in-flight tasks' locks again, docs/runtime.md "Locks and concurrency limits").

interface Semaphore {
  capacity: number;
  held: number;
  /** Who holds its slots (`<runId>#<token>`, the deadlock check's question) and how many each. */
  holders: Map<string, number>;
  waiters: Array<{ holder: string; grant: () => void }>;
}

export class LockManager {
  private readonly semaphores = new Map<string, Semaphore>();

  /** Takes one slot of `key` (capacity 1 for a lock) for `holder`; resolves true at once or later. */
  acquire(key: string, capacity = 1, holder = ''): true | Promise<true> {
    let s = this.semaphores.get(key);
    if (!s) this.semaphores.set(key, (s = { capacity, held: 0, holders: new Map(), waiters: [] }));
    if (s.held < s.capacity) {
      s.held++;
      s.holders.set(holder, (s.holders.get(holder) ?? 0) + 1);
      return true;
    }
    const sem = s;
    return new Promise<true>((resolve) => sem.waiters.push({ holder, grant: () => resolve(true) }));
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
}
