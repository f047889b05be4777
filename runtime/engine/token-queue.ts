// Engine — the queue of tokens ready to advance in one run (`RunExecution`'s scheduler loop).
// An array read from a moving head and emptied keeping its storage (`shift` down to empty freed
// it, so the next `push` allocated it again every step). It starts with room for four tokens
// rather than the 16 slots a first `push` on `[]` reserves: most runs never have more ready at
// once, and every run in flight holds its queue.

import type { TokenId } from '../journal/journal-event.js';
import { emptyKeepingStorage } from './spare-array.js';

export class TokenQueue {
  private readonly items: TokenId[] = withRoomForFour();
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(id: TokenId): void {
    this.items.push(id);
  }

  /** Puts `id` first (a token the debugging hook let through goes before the others). */
  unshift(id: TokenId): void {
    if (this.head > 0) this.items[--this.head] = id;
    else this.items.unshift(id);
  }

  /** The first token, removed; undefined when the queue is empty. */
  shift(): TokenId | undefined {
    if (this.head === this.items.length) return undefined;
    const id = this.items[this.head++]!;
    if (this.head === this.items.length) this.clear();
    return id;
  }

  clear(): void {
    emptyKeepingStorage(this.items);
    this.head = 0;
  }
}

/** An empty array of token ids whose storage has four slots (it grows as any array when full). */
function withRoomForFour(): TokenId[] {
  const items = [0, 0, 0, 0];
  emptyKeepingStorage(items);
  return items;
}
