// Engine — random 32-bit values drawn from a cryptographic source in blocks (`newRunId`'s random
// start per millisecond): one call to the source cost ~2 µs whatever its size (docs/runtime.md,
// "Performance", session 7). Every value is used once; the source is the caller's.

export class RandomPool {
  private readonly values: Uint32Array;
  private next: number;
  /** How many values were handed out (tests). */
  drawn = 0;

  constructor(private readonly fill: (into: Uint32Array) => unknown, size: number) {
    this.values = new Uint32Array(size);
    this.next = size;
  }

  /** The next unused value, refilling the block from the source when it is used up. */
  draw(): number {
    if (this.next === this.values.length) {
      this.fill(this.values);
      this.next = 0;
    }
    this.drawn++;
    return this.values[this.next++]!;
  }
}
