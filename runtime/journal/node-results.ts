// Journal — a run's node results (`WorkflowState.results`): the events that gave nodes their
// results (`NodeCompleted`, `NodeSkipped`), kept in fold order by the fold, read as a map from
// node name to its latest result through a name index built when someone first asks.

/** What a result comes from: a `NodeCompleted` or `NodeSkipped` event (its node and result). */
export interface ResultSource {
  readonly node: string;
  readonly result: unknown;
}

/**
 * The latest result of every node that completed (or was skipped), by node name, in the order
 * the names first got one — what a plain object `results[node] = result` held, read as a
 * `ReadonlyMap`. A step's write is one push of its event, which the journal keeps anyway: a
 * plain object turned into a dictionary past ~128 names (an add cost 45–90 ns per step), a Map's
 * add ~30–40 ns at any size. The index (a Map) catches up with the events on the first read
 * after a write, so each event is indexed once, by whoever reads first (an expression, a join,
 * the debugger). Only the fold calls `add`. `JSON.stringify` gives the plain object it used to.
 */
export class NodeResults implements ReadonlyMap<string, unknown> {
  /** The result events in fold order (a node that runs again appears again). */
  readonly events: ResultSource[] = [];
  /** Name → latest result over `events[0 .. #indexed)`; made on the first read. */
  #index: Map<string, unknown> | undefined = undefined;
  #indexed = 0;

  /** Records `e`'s result as its node's latest (the fold's `results[e.node] = e.result`). */
  add(e: ResultSource): void {
    this.events.push(e);
  }

  #sync(): Map<string, unknown> {
    const index = (this.#index ??= new Map());
    const events = this.events;
    for (let i = this.#indexed; i < events.length; i++) index.set(events[i]!.node, events[i]!.result);
    this.#indexed = events.length;
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
