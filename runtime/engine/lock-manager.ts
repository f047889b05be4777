// Engine — named locks and per-node concurrency limits shared by every run of one engine
// (`lock "name"`, `limits { concurrency n }`). FIFO: waiters get the lock in arrival order.
// In-process only; a lock is not journaled (after a crash nobody holds it).

interface Semaphore {
  capacity: number;
  held: number;
  waiters: Array<() => void>;
}

export class LockManager {
  private readonly semaphores = new Map<string, Semaphore>();

  /** Takes one slot of `key` (capacity 1 for a lock); resolves true at once or later. */
  acquire(key: string, capacity = 1): true | Promise<true> {
    let s = this.semaphores.get(key);
    if (!s) this.semaphores.set(key, (s = { capacity, held: 0, waiters: [] }));
    if (s.held < s.capacity) {
      s.held++;
      return true;
    }
    return new Promise<true>((resolve) => s.waiters.push(() => resolve(true)));
  }

  release(key: string): void {
    const s = this.semaphores.get(key);
    if (!s || s.held === 0) return;
    const next = s.waiters.shift();
    if (next) next();
    else if (--s.held === 0) this.semaphores.delete(key);
  }

  /** Slots of `key` in use. */
  held(key: string): number {
    return this.semaphores.get(key)?.held ?? 0;
  }
}
