// Engine — one emptied array kept for reuse by every run of the process: `RunExecution.commit`
// (store that appends at once) takes its next pending-event and effect arrays from here and
// leaves the committed ones, so a run holds one array of each instead of a spare pair as well;
// and how the engine empties an array it reuses (`emptyKeepingStorage`, also `token-queue.ts`).

export class SpareArray<T> {
  private spare: T[] | undefined = undefined;

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

/**
 * Empties `array` with `pop`: `length = 0` (and `shift` down to empty) free an array's storage,
 * which the next `push` would allocate again.
 */
export function emptyKeepingStorage(array: unknown[]): void {
  while (array.length) array.pop();
}
