// Engine — the queue of tokens ready to advance in one run (`RunExecution`'s scheduler loop).
// One token queued alone (a sequence never has more) is kept in a field; more go to an array
// read from a moving head and emptied keeping its storage (`shift` down to empty freed it, so the
// next `push` allocated it again every step). An emptied array goes back to the process's one
// spare and the queue holds the shared empty one: every run in flight holds its queue, and 1,000
// runs started at once each queued their first token before their first turn. A new array has
// room for four tokens rather than the 16 slots a first `push` on `[]` reserves.

import type { TokenId } from '../journal/journal-event.js';
import { emptyKeepingStorage } from './spare-array.js';

/** `solo` when it holds no token (token ids start at 1). */
const NO_TOKEN = -1;
/** What a queue without an array of its own holds: shared by every queue, never written. */
const NO_ITEMS: TokenId[] = [];
/** The emptied array of the queue that emptied last, for the next queue that needs one. */
let spareItems: TokenId[] | undefined;

export class TokenQueue {
  /** The queued token while it is the only one (the array is then empty). */
  private solo: TokenId = NO_TOKEN;
  private items: TokenId[] = NO_ITEMS;
  private head = 0;

  get length(): number {
    return this.solo !== NO_TOKEN ? 1 : this.items.length - this.head;
  }

  push(id: TokenId): void {
    if (this.solo !== NO_TOKEN) {
      this.ownItems().push(this.solo, id);
      this.solo = NO_TOKEN;
    } else if (this.head === this.items.length) {
      this.solo = id;
    } else {
      this.items.push(id);
    }
  }

  /** Puts `id` first (a token the debugging hook let through goes before the others). */
  unshift(id: TokenId): void {
    if (this.solo !== NO_TOKEN) {
      this.ownItems().push(id, this.solo);
      this.solo = NO_TOKEN;
    } else if (this.head === this.items.length) {
      this.solo = id;
    } else if (this.head > 0) {
      this.items[--this.head] = id;
    } else {
      this.items.unshift(id);
    }
  }

  /** The first token, left in the queue; undefined when the queue is empty. */
  first(): TokenId | undefined {
    if (this.solo !== NO_TOKEN) return this.solo;
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  /** The first token, removed; undefined when the queue is empty. */
  shift(): TokenId | undefined {
    const solo = this.solo;
    if (solo !== NO_TOKEN) {
      this.solo = NO_TOKEN;
      return solo;
    }
    if (this.head === this.items.length) return undefined;
    const id = this.items[this.head++]!;
    if (this.head === this.items.length) this.clear();
    return id;
  }

  clear(): void {
    this.solo = NO_TOKEN;
    const items = this.items;
    this.head = 0;
    if (items === NO_ITEMS) return;
    this.items = NO_ITEMS;
    emptyKeepingStorage(items);
    spareItems = items;
  }

  /** The queue's own array (empty when it has none: the spare, or a new one). */
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
