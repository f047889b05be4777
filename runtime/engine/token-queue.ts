// Engine — the queue of tokens ready to advance in one run (`RunExecution`'s scheduler loop).
// An array read from a moving head and emptied keeping its storage (`shift` down to empty freed
// it, so the next `push` allocated it again every step). An empty queue holds no array of its
// own: it gives its array back to the process's one spare and holds the shared empty one until
// its next push (a run spends most of its life with nothing ready, and every run in flight holds
// its queue). A new array has room for four tokens rather than the 16 slots a first `push` on
// `[]` reserves: most runs never have more ready at once.

import type { TokenId } from '../journal/journal-event.js';
import { emptyKeepingStorage } from './spare-array.js';

/** What an empty queue holds: shared by every queue of the process, never written. */
const NO_ITEMS: TokenId[] = [];
/** The emptied array of the queue that emptied last, for the next queue that needs one. */
let spareItems: TokenId[] | undefined;

export class TokenQueue {
  private items: TokenId[] = NO_ITEMS;
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(id: TokenId): void {
    this.ownItems().push(id);
  }

  /** Puts `id` first (a token the debugging hook let through goes before the others). */
  unshift(id: TokenId): void {
    if (this.head > 0) this.items[--this.head] = id;
    else this.ownItems().unshift(id);
  }

  /** The first token, left in the queue; undefined when the queue is empty. */
  first(): TokenId | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** The first token, removed; undefined when the queue is empty. */
  shift(): TokenId | undefined {
    if (this.head === this.items.length) return undefined;
    const id = this.items[this.head++]!;
    if (this.head === this.items.length) this.clear();
    return id;
  }

  clear(): void {
    const items = this.items;
    this.head = 0;
    if (items === NO_ITEMS) return;
    this.items = NO_ITEMS;
    emptyKeepingStorage(items);
    spareItems = items;
  }

  private ownItems(): TokenId[] {
    if (this.items !== NO_ITEMS) return this.items;
    const items = spareItems ?? withRoomForFour();
    spareItems = undefined;
    return (this.items = items);
  }
}

/** An empty array of token ids whose storage has four slots (it grows as any array when full). */
function withRoomForFour(): TokenId[] {
  const items = [0, 0, 0, 0];
  emptyKeepingStorage(items);
  return items;
}
