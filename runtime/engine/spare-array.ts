// Engine — one emptied array kept for reuse by every run of the process: `RunExecution.commit`
// (store that appends at once) takes its next pending-event and effect arrays from here and
// leaves the committed ones, so a run holds one array of each instead of a spare pair as well.

export class SpareArray<T> {
  private spare: T[] | undefined = undefined;

  /** The spare array (empty, its storage kept), or a new one when there is none. */
  take(): T[] {
    const array = this.spare;
    if (array === undefined) return [];
    this.spare = undefined;
    return array;
  }

  /**
   * Empties `array` and keeps it as the spare (one taken meanwhile by a nested commit is dropped).
   * Emptied with `pop`: `length = 0` frees an array's storage, which the next `push` would
   * allocate again.
   */
  give(array: T[]): void {
    while (array.length) array.pop();
    this.spare = array;
  }
}
