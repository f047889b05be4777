// Journal — a run's node results (`WorkflowState.results`): the `NodeCompleted` and
// `NodeSkipped` events of the run's event log, read as a map from node name to its latest result
// through a name index that catches up with the log when someone reads it.

import type { JournalEvent } from './journal-event.js';

/**
 * The latest result of every node that completed (or was skipped), by node name, in the order
 * the names first got one — what a plain object `results[node] = result` held, read as a
 * `ReadonlyMap`. A step writes nothing here: the fold appends its events to the run's log
 * (`WorkflowState.log`), which this reads. A plain object turned into a dictionary past ~128
 * names (an add cost 45–90 ns per step), a Map's add ~30–40 ns at any size. The index (a Map)
 * catches up with the log on the first read after a fold, so each event is read once, by
 * whoever reads first (an expression, a join, the debugger). `JSON.stringify` gives the plain
 * object it used to.
 */
export class NodeResults implements ReadonlyMap<string, unknown> {
  /** Name → latest result over `log[0 .. #indexed)`. */
  readonly #index = new Map<string, unknown>();
  #indexed = 0;

  /** `log`: the run's events in fold order (only appended to). */
  constructor(private readonly log: readonly JournalEvent[]) {}

  #sync(): Map<string, unknown> {
    const index = this.#index;
    const log = this.log;
    for (let i = this.#indexed; i < log.length; i++) {
      const e = log[i]!;
      if (e.type === 'NodeCompleted' || e.type === 'NodeSkipped') index.set(e.node, e.result);
    }
    this.#indexed = log.length;
    return index;
  }

  get size(): number {
    return this.#sync().size;
  }

  get(name: string): unknown {
    return this.#sync().get(name);
  }

  has(name: string): boolean {
    return this.#sync().has(name);
  }

  forEach(fn: (value: unknown, key: string, map: ReadonlyMap<string, unknown>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.#sync()) fn.call(thisArg, v, k, this);
  }

  entries(): MapIterator<[string, unknown]> {
    return this.#sync().entries();
  }

  keys(): MapIterator<string> {
    return this.#sync().keys();
  }

  values(): MapIterator<unknown> {
    return this.#sync().values();
  }

  [Symbol.iterator](): MapIterator<[string, unknown]> {
    return this.#sync().entries();
  }

  /** The results as a plain object (what leaves the process: JSON, the debugger's scope). */
  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.#sync());
  }
}
