// Engine — a few emptied arrays kept for reuse: `RunExecution.commit` (store that appends at
// once) takes the next pending-event and effect arrays from here and gives the committed ones
// back, so a run holds one of each instead of its own spare pair (1,000 live runs, 2,000 arrays).

export class ArrayPool<T> {
  private readonly free: T[][] = [];

  constructor(private readonly max: number) {}

  /** An empty array (one given back earlier, its storage kept, or a new one). */
  take(): T[] {
    return this.free.pop() ?? [];
  }

  /**
   * Empties `array` and keeps it if fewer than `max` are kept. Emptied with `pop`: setting
   * `length = 0` frees an array's storage, which the next `push` would allocate again.
   */
  give(array: T[]): void {
    while (array.length) array.pop();
    if (this.free.length < this.max) this.free.push(array);
  }
}
