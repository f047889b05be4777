// Performance: yields to cancellation only every so many items of a per-node loop. Langium's
// own loops await `interruptAndCheck` once per AST node, which costs a promise per node; callers
// await only what this returns (`await undefined` would still cost a microtask turn per item).
import type { Cancellation } from 'langium';
import { interruptAndCheck } from 'langium';

/** How many nodes a loop handles between two cancellation checks. */
export const NODES_PER_CHECK = 128;

/**
 * `interruptAndCheck` when `index` is a multiple of NODES_PER_CHECK, otherwise undefined: use as
 * `const pause = checkEvery(i, token); if (pause) await pause;`.
 */
export function checkEvery(index: number, cancelToken: Cancellation.CancellationToken): Promise<void> | undefined {
    return index % NODES_PER_CHECK === 0 ? interruptAndCheck(cancelToken) : undefined;
}
