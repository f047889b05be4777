// The locks and concurrency slots a run's tasks hold or wait for, in a store that processes share
// (`SharedSlots.ofRun`): read by `weft show` and `weft serve`'s `GET /runs/<id>`.
import type { RunStore, SlotState } from '../runtime/store/run-store.js';

/** The locks and concurrency slots the run's tasks hold or wait for, in a store several processes share (none where it keeps none, or cannot say). */
export async function slotsOf(store: RunStore, runId: string): Promise<SlotState[]> {
    try {
        return await store.sharedSlots?.()?.ofRun(runId) ?? [];
    } catch {
        return []; // a store file from before the shared slots (read as it is), or a store that went away
    }
}

/** A slot as `weft show --json` and the API give it: `{node, lock | concurrency, holds, heldBy}`. */
export function slotJson(slot: SlotState): Record<string, unknown> {
    return {
        node: slot.node, ...(slot.key.startsWith('lock:') ? { lock: slot.key.slice('lock:'.length) } : { concurrency: slot.capacity }),
        holds: slot.holds, heldBy: slot.holders,
    };
}

