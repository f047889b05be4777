// Engine — a first-in, first-out queue of objects for a module-wide schedule: the runs whose
// pumps are queued as microtasks (`RunExecution.schedulePump`). An array read from a moving
// head; emptied when the head reaches its end, so it never holds what was taken.

export class RunFifo<T> {
  private items: Array<T | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The oldest item, removed; throws when the queue is empty (its callers pair pushes and shifts). */
  shift(): T {
    if (this.head === this.items.length) throw new Error('RunFifo: nothing queued');
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    return item;
  }
}
