// Engine — a small seeded random source (mulberry32) for retry jitter, so a run's delays are
// reproducible from its seed. Not for anything security-related.

export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 32-bit seed derived from a string (FNV-1a), e.g. from a run id. `from` continues the hash
 * of a prefix: `seedFrom(b, seedFrom(a))` is `seedFrom(a + b)`.
 */
export function seedFrom(text: string, from = 0x811c9dc5): number {
  let h = from;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
