// The locks and concurrency slots a run's tasks hold or wait for, in a store that processes share
// (`SharedSlots.ofRun`): read by `weft show`, `weft watch` and `weft serve`'s `GET /runs/<id>`.
import { lockNameOf, slotText } from '../runtime/engine/lock-manager.js';
import type { RunStore, SlotState } from '../runtime/store/run-store.js';

/** The locks and concurrency slots the run's tasks hold or wait for, in a store several processes share (none where it keeps none, or cannot say). */
export async function slotsOf(store: RunStore, runId: string): Promise<SlotState[]> {
    try {
        return await store.sharedSlots?.()?.ofRun(runId) ?? [];
    } catch {
        return []; // a store file from before the shared slots (read as it is), or a store that went away
    }
}

/** `lock "desk"`, or `a slot of its limits { concurrency 2 }`. */
export function slotName(slot: SlotState): string {
    return slotText(slot.key, slot.capacity);
}

/** Who holds the slot a task of `runId` waits for: `run R2 (task 'hit', pid 4711)`, each holder. */
export function heldByText(slot: SlotState, runId: string): string {
    const holders = slot.holders.map((h) => `${h.runId === runId ? 'this run' : `run ${h.runId}`} (task '${h.node}', ${h.by})`);
    return holders.length ? holders.join(', ') : 'nobody now (it is about to take it)';
}

/** A slot as `weft show --json` and the API give it: `{node, lock | concurrency, holds, heldBy}`. */
export function slotJson(slot: SlotState): Record<string, unknown> {
    const lock = lockNameOf(slot.key);
    return {
        node: slot.node, ...(lock !== undefined ? { lock } : { concurrency: slot.capacity }),
        holds: slot.holds, heldBy: slot.holders,
    };
}

