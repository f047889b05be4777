// Engine — one emptied array kept for reuse by every run of the process: a run takes its
// pending-event and effect arrays from here when it records something and `RunExecution.commit`
// (store that appends at once) leaves the committed ones, so between commits a run holds only the
// shared `none` array; and how the engine empties an array it reuses (`emptyKeepingStorage`).

export class SpareArray<T> {
  private spare: T[] | undefined = undefined;
  /**
   * The empty array every holder keeps while it has nothing (a run between commits): shared,
   * so it is never written — a holder `take`s an array of its own before its first `push`. Not
   * frozen: a frozen array has another map, and the holders' `length` reads and loops would see
   * two element kinds. Its elements kind is that of a used array (objects) for the same reason.
   */
  readonly none: T[] = usedEmpty<T>();

  /** The spare array (empty, its storage kept), or a new one when there is none. */
  take(): T[] {
    const array = this.spare;
    if (array === undefined) return [];
    this.spare = undefined;
    return array;
  }

  /** Empties `array` and keeps it as the spare (one taken meanwhile by a nested commit is dropped). */
  give(array: T[]): void {
    emptyKeepingStorage(array);
    this.spare = array;
  }
}

/** An empty array whose elements kind is the one an array of objects has after use. */
function usedEmpty<T>(): T[] {
  const array: unknown[] = [];
  array.push({});
  array.pop();
  return array as T[];
}

/**
 * Empties `array` with `pop`: `length = 0` (and `shift` down to empty) free an array's storage,
 * which the next `push` would allocate again.
 */
export function emptyKeepingStorage(array: unknown[]): void {
  while (array.length) array.pop();
}
