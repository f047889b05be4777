// Journal — a state's live tokens (`WorkflowState.tokens`): a `Map` by token id, without a hash
// table while the run has one token. Most runs have one live token at a time (a chain of tasks),
// and a `Map` made for it cost two objects (the map and its 4-bucket table, ~230 bytes) held by
// every run in flight, and a hashed lookup in every step (docs/runtime.md "Performance").

import type { TokenId } from './journal-event.js';
import type { TokenState } from './workflow-state.js';
import { SHARED_EMPTY_WRITTEN } from './sealed-empty.js';

const NO_IDS: readonly TokenId[] = Object.freeze([]);
const NO_STATES: readonly TokenState[] = Object.freeze([]);
const NO_ENTRIES: ReadonlyArray<[TokenId, TokenState]> = Object.freeze([]);

/**
 * The `Map` interface over the tokens, in insertion order as a `Map` keeps it. While it holds at
 * most one token, the token is kept in two fields; a second token moves both into a real `Map`,
 * which holds every token until one or none is left. Token ids are positive (0 is no token).
 * `sealed` makes the shared empty table of a fresh or ended state (`NO_TOKENS`): `set` throws.
 */
export class TokenTable implements Map<TokenId, TokenState> {
  /** The one token's id (0: none) and state, while `many` is undefined. */
  private soleId: TokenId = 0;
  private sole: TokenState | undefined = undefined;
  /** Every token, while there are two or more. */
  private many: Map<TokenId, TokenState> | undefined = undefined;
  /** `size`, kept rather than derived from the fields above: its getter is then 5 bytes of bytecode (see below). */
  private count = 0;

  constructor(private readonly sealed = false) {}

  get size(): number {
    return this.count;
  }

  // `size` (the chain step's `chainable`), `soleToken` (the chain and end steps), `get` and `has`
  // (every other task step and start) are kept to a few bytes of bytecode, for V8 to inline them
  // within its budget (`inline-sizes.test.ts`). `sole` is undefined whenever `soleId` is 0, and
  // ids are positive, so `get(0)` and a table in `many` mode fall through.
  get(id: TokenId): TokenState | undefined {
    return this.soleId === id ? this.sole : this.many?.get(id);
  }

  /**
   * The token `id` when it is the table's only one, else undefined: `get` for the chain step,
   * which runs only while a run has one token, in fewer bytes of bytecode than `get` (the step
   * inlines it). A table of one token keeps it in its fields (`delete` sees to that).
   */
  soleToken(id: TokenId): TokenState | undefined {
    return this.soleId === id ? this.sole : undefined;
  }

  has(id: TokenId): boolean {
    return this.soleId === id ? id !== 0 : this.many !== undefined && this.many.has(id);
  }

  set(id: TokenId, token: TokenState): this {
    if (this.sealed) throw new TypeError(SHARED_EMPTY_WRITTEN);
    if (!(id > 0)) throw new RangeError(`A token id is a positive number, not ${id}`);
    const many = this.many;
    if (many !== undefined) {
      many.set(id, token);
      this.count = many.size;
    } else if (this.soleId === id) this.sole = token;
    else if (this.soleId === 0) {
      this.soleId = id;
      this.sole = token;
      this.count = 1;
    } else {
      this.many = new Map<TokenId, TokenState>([[this.soleId, this.sole!], [id, token]]);
      this.soleId = 0;
      this.sole = undefined;
      this.count = 2;
    }
    return this;
  }

  delete(id: TokenId): boolean {
    const many = this.many;
    if (many !== undefined) {
      const had = many.delete(id);
      const n = many.size;
      this.count = n;
      if (n <= 1) {
        // One token or none: back to the fields (a chain of tasks after a join takes the chain step again).
        this.many = undefined;
        for (const [k, v] of many) {
          this.soleId = k;
          this.sole = v;
        }
      }
      return had;
    }
    if (this.soleId !== id || id === 0) return false;
    this.soleId = 0;
    this.sole = undefined;
    this.count = 0;
    return true;
  }

  clear(): void {
    this.soleId = 0;
    this.sole = undefined;
    this.many = undefined;
    this.count = 0;
  }

  values(): MapIterator<TokenState> {
    const many = this.many;
    if (many !== undefined) return many.values();
    return (this.soleId === 0 ? NO_STATES : [this.sole!]).values();
  }

  keys(): MapIterator<TokenId> {
    const many = this.many;
    if (many !== undefined) return many.keys();
    return (this.soleId === 0 ? NO_IDS : [this.soleId]).values();
  }

  entries(): MapIterator<[TokenId, TokenState]> {
    const many = this.many;
    if (many !== undefined) return many.entries();
    return (this.soleId === 0 ? NO_ENTRIES : [[this.soleId, this.sole!] as [TokenId, TokenState]]).values();
  }

  [Symbol.iterator](): MapIterator<[TokenId, TokenState]> {
    return this.entries();
  }

  forEach(callback: (token: TokenState, id: TokenId, map: Map<TokenId, TokenState>) => void, thisArg?: unknown): void {
    for (const [id, token] of this.entries()) callback.call(thisArg, token, id, this);
  }

  get [Symbol.toStringTag](): string {
    return 'TokenTable';
  }

  /** As a `Map` serialises: `{}` (the state's JSON never listed its tokens). */
  toJSON(): Record<string, never> {
    return {};
  }
}
