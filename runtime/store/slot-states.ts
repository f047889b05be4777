// Store — what a run's tasks hold or wait for in a store's shared slots (`SharedSlots.ofRun`),
// from the live tickets of the keys the run has tickets for, in ticket order: the one reading
// shared by the SQLite and PostgreSQL stores.
import type { SlotState } from './run-store.js';

/** A live ticket as a store reads it (`by`: the process that holds it, as the store can name it). */
export interface LiveTicket {
  key: string;
  capacity: number;
  runId: string;
  node: string;
  by: string;
}

/** The states of `runId`'s tickets among `live` (every live ticket of their keys, in ticket order). */
export function slotStates(live: readonly LiveTicket[], runId: string): SlotState[] {
  const byKey = new Map<string, LiveTicket[]>();
  for (const t of live) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  const states: SlotState[] = [];
  for (const [key, tickets] of byKey) {
    // A ticket holds while fewer than its capacity are before it (`SharedSlots.holds`).
    const holding = tickets.filter((t, rank) => rank < t.capacity);
    const holders = holding.map((t) => ({ runId: t.runId, node: t.node, by: t.by }));
    tickets.forEach((t, rank) => {
      if (t.runId === runId) states.push({ key, node: t.node, capacity: t.capacity, holds: rank < t.capacity, holders });
    });
  }
  return states;
}
