// Webview interaction — moving between nodes with the keyboard: an arrow key goes to the
// nearest node in that direction (by centre, within a 45° cone, falling back to the nearest
// one on that side). Pure geometry over the laid-out boxes; focus handling is the app's.

import type { Box } from '../layout/diagram-layout.js';

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

const DIRECTIONS: Record<ArrowKey, { x: number; y: number }> = {
  ArrowUp: { x: 0, y: -1 }, ArrowDown: { x: 0, y: 1 }, ArrowLeft: { x: -1, y: 0 }, ArrowRight: { x: 1, y: 0 },
};

export function isArrowKey(key: string): key is ArrowKey {
  return Object.hasOwn(DIRECTIONS, key);
}

/** The id of the box to move to from `from` when `key` is pressed, or undefined. */
export function neighbourInDirection<T extends Box & { id: string }>(boxes: readonly T[], from: T, key: ArrowKey): string | undefined {
  const dir = DIRECTIONS[key];
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  let best: { id: string; score: number; inCone: boolean } | undefined;
  for (const b of boxes) {
    if (b.id === from.id) continue;
    const dx = b.x + b.width / 2 - cx;
    const dy = b.y + b.height / 2 - cy;
    const along = dx * dir.x + dy * dir.y;
    if (along <= 0) continue;
    const across = Math.abs(dx * dir.y - dy * dir.x);
    const inCone = across <= along;
    const score = along + across * 2;
    if (!best || (inCone && !best.inCone) || (inCone === best.inCone && score < best.score)) best = { id: b.id, score, inCone };
  }
  return best?.id;
}
