// Store — in-process waiters for new journal events, shared by the stores: `waitForEvents`
// registers here and `append` wakes the run's waiters once events are stored. No polling.

type Wake = () => void;

export class EventWaiters {
  private readonly waiters = new Map<string, Set<Wake>>();

  /** Resolves the next time `notify(runId)` is called, or rejects when `signal` aborts. */
  wait(runId: string, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      let set = this.waiters.get(runId);
      if (!set) this.waiters.set(runId, (set = new Set()));
      const wake: Wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        set!.delete(wake);
        reject(signal!.reason ?? new Error('aborted'));
      };
      set.add(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Until the next look of a store that also polls (other processes append to it too): the
   * next `notify(runId)`, or `pollMs` later, whichever is first. Rejects only when `signal`
   * (the caller's) aborts.
   */
  async nextLook(runId: string, pollMs: number, signal?: AbortSignal): Promise<void> {
    const poll = new AbortController();
    const timer = setTimeout(() => poll.abort(), pollMs);
    try {
      await this.wait(runId, signal ? AbortSignal.any([signal, poll.signal]) : poll.signal);
    } catch (err) {
      if (signal?.aborted) throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  notify(runId: string): void {
    const set = this.waiters.get(runId);
    if (!set || set.size === 0) return;
    this.waiters.delete(runId);
    for (const wake of set) wake();
  }

  /** Whether anyone waits (so appends can skip the call cheaply). */
  get size(): number {
    return this.waiters.size;
  }
}
