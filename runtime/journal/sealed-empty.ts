// Journal — the shared empty Map and Set that a fresh `WorkflowState` (and a run's rarely used
// collections) start with until their first write (the shared empty token table, `NO_TOKENS`,
// throws the same error: `token-table.ts`). Adding to one throws: a write that bypassed
// the owner's "make my own first" helper would otherwise reach every state sharing it.

/** The error a write to a shared empty collection throws. */
export const SHARED_EMPTY_WRITTEN = 'A shared empty collection was written to: take the state\'s own copy first (the fold\'s own* helpers)';

/** A Map that is always empty: `set` throws (`delete` and `clear` have nothing to remove). */
export class SealedEmptyMap<K, V> extends Map<K, V> {
  override set(): this {
    throw new TypeError(SHARED_EMPTY_WRITTEN);
  }
}

/** A Set that is always empty: `add` throws. */
export class SealedEmptySet<T> extends Set<T> {
  override add(): this {
    throw new TypeError(SHARED_EMPTY_WRITTEN);
  }
}
