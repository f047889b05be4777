// Engine — the frames of one run (docs/runtime.md "foreach and region"): starts `foreach`
// iterations in item order under the concurrency cap and `until`, opens `region` activations
// (exclusive ones as a run-scoped critical section), closes frames whose tokens are all gone and
// raises inner errors at their owner. It acts only through `FrameOps`, the scheduler's own steps.

import type { Expr, ForeachNode, NodeDefinition, RegionNode } from '../ir/index.js';
import type {
  CompensableTask, CompensationScope, ForeachStarted, ForeachStopped, FrameEntered, FrameExited, FrameId, JournalError, NodeFailed, TokenId,
} from '../journal/journal-event.js';
import type { FrameState, TokenState, WorkflowState } from '../journal/workflow-state.js';
import { activationPath, staticName } from './instance-names.js';
import { owe } from './run-failures.js';

type Unplaced<E> = Omit<E, 'seq' | 'at'>;
/** The journal events frames record (`seq` and `at` are placed by the run). */
export type FrameEvent = Unplaced<ForeachStarted> | Unplaced<ForeachStopped> | Unplaced<FrameEntered> | Unplaced<FrameExited> | Unplaced<NodeFailed>;

/** What frames need of the run's scheduler (`RunExecution` supplies it). */
export interface FrameOps {
  readonly state: WorkflowState;
  readonly runId: string;
  /** The run is ending or done: nothing new starts. */
  stopping(): boolean;
  record(event: FrameEvent): void;
  newToken(): TokenId;
  makeReady(id: TokenId): void;
  schedulePump(): void;
  nodeNamed(name: string): NodeDefinition | undefined;
  /** Evaluates `expr` in the scope around node instance `name`. */
  evaluate(expr: Expr, name: string): unknown;
  toError(err: unknown): JournalError;
  mask(value: unknown): unknown;
  started(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void;
  complete(id: TokenId, node: NodeDefinition, result: unknown): void;
  nodeError(id: TokenId, node: NodeDefinition, error: JournalError, retriable: boolean): void;
  failRun(error: JournalError): void;
  cancelTokens(ids: TokenId[], reason: 'failed', node?: string): void;
  /** Takes lock `key` for token `id` (held until `unlock`); true at once or a promise. */
  lock(id: TokenId, key: string): true | Promise<true>;
  hasLock(id: TokenId): boolean;
  unlock(id: TokenId): void;
  /** A token waiting outside the pump (for a lock). */
  hold(id: TokenId, held: boolean): void;
  forgetGraph(path: string): void;
  /** The instance names of the nodes of frame path `path`'s body. */
  bodyNames(path: string): readonly string[];
}

export class RunFrames {
  private readonly paths = new Map<string, FrameId>();
  /** Open region activations by path (checked against the state before use). */
  private readonly regions = new Map<string, FrameId>();

  constructor(private readonly run: FrameOps) {}

  private get state(): WorkflowState {
    return this.run.state;
  }

  startForeach(id: TokenId, node: ForeachNode): void {
    const run = this.run;
    let items: unknown;
    try {
      items = run.evaluate(node.items, node.id);
    } catch (err) {
      run.nodeError(id, node, run.toError(err), false);
      return;
    }
    if (!Array.isArray(items)) {
      const got = items === null ? 'null' : typeof items;
      run.nodeError(id, node, { name: 'TypeError', message: `foreach '${node.id}' needs a list to iterate over, got ${got}` }, false);
      return;
    }
    if (items.length === 0) {
      run.complete(id, node, []);
      return;
    }
    run.record({ type: 'ForeachStarted', node: node.id, token: id, items: run.mask(items) as unknown[] });
    this.nextIterations(id, node);
  }

  /** Starts iterations in item order up to the concurrency cap; completes the node when all ran. */
  private nextIterations(owner: TokenId, node: ForeachNode): void {
    const run = this.run;
    const loop = this.state.loops.get(owner);
    if (!loop) return;
    const cap = node.concurrency ?? Infinity;
    while (!loop.stopped && loop.running < cap && loop.next < loop.items.length) {
      if (node.until) {
        let met: unknown;
        try {
          met = run.evaluate(node.until, node.id);
        } catch (err) {
          this.failFrames(owner, undefined, { ...run.toError(err), node: node.id });
          return;
        }
        if (met !== null && met !== false && met !== undefined) {
          run.record({ type: 'ForeachStopped', node: node.id, token: owner });
          break;
        }
      }
      const index = loop.next;
      const frame = run.newToken();
      run.record({ type: 'FrameEntered', node: node.id, token: owner, frame, path: `${node.id}[${index}]`, kind: 'iteration', index, as: node.as, item: loop.items[index] ?? null });
      run.makeReady(frame);
    }
    if (loop.running === 0 && (loop.stopped || loop.next >= loop.items.length)) {
      run.complete(owner, node, loop.results.slice(0, loop.next));
    }
  }

  startRegion(id: TokenId, node: RegionNode, attempt: number, compensates?: string): void {
    const run = this.run;
    if (node.exclusive && !run.hasLock(id)) {
      // A critical section of the run: the lock manager's FIFO queue, keyed by run and region.
      const acquired = run.lock(id, regionKey(run.runId, node));
      if (acquired !== true) {
        run.hold(id, true);
        acquired.then(() => {
          run.hold(id, false);
          if (run.stopping() || !this.state.tokens.has(id)) {
            run.unlock(id);
            return;
          }
          this.startRegion(id, node, attempt, compensates);
          run.schedulePump();
        });
        return;
      }
    }
    run.started(id, node, attempt, compensates);
    const frame = run.newToken();
    // Activations open at the same time (parallel branches reaching a non-exclusive region) get
    // their own instance names, so their results and inner joins stay apart.
    let path = node.id;
    for (let n = 2; this.regionOpen(path); n++) path = activationPath(node.id, n);
    run.record({ type: 'FrameEntered', node: node.id, token: id, frame, path, kind: 'region' });
    this.regions.set(path, frame);
    run.makeReady(frame);
  }

  private regionOpen(path: string): boolean {
    const id = this.regions.get(path);
    if (id === undefined) return false;
    if (this.state.frames.get(id)?.path === path) return true;
    this.regions.delete(path);
    return false;
  }

  /** Closes every frame with no live token left; true when one closed (its owner may move on). */
  settle(): boolean {
    if (this.state.idleFrames.size === 0) return false;
    let closed = false;
    for (const id of [...this.state.idleFrames]) {
      if (this.run.stopping() || this.state.compensating) return closed;
      const frame = this.state.frames.get(id);
      if (!frame || frame.live !== 0) continue;
      const result = frame.lastFrom !== undefined ? this.state.results.get(frame.lastFrom) ?? null : null;
      this.exit(frame, 'completed', result);
      closed = true;
      const owner = this.state.tokens.get(frame.owner);
      const node = owner && this.run.nodeNamed(owner.node);
      if (!owner || !node) continue;
      if (node.kind === 'foreach') this.nextIterations(owner.id, node);
      else this.run.complete(owner.id, node, result);
    }
    return closed;
  }

  exit(frame: FrameState, status: FrameExited['status'], result?: unknown): void {
    if (!this.state.frames.has(frame.id)) return;
    this.run.record(status === 'completed' ? { type: 'FrameExited', frame: frame.id, status, result } : { type: 'FrameExited', frame: frame.id, status });
    if (frame.kind === 'region') {
      this.run.unlock(frame.owner);
      if (this.regions.get(frame.path) === frame.id) this.regions.delete(frame.path);
    } else this.run.forgetGraph(frame.path);
  }

  /** An inner error no `on` edge caught: it ends the frame (and its siblings) and is raised at the owner. */
  raise(token: TokenState, node: NodeDefinition, error: JournalError, usage?: Record<string, number>, owed?: Omit<CompensableTask, 'node'>): void {
    const failed: Unplaced<NodeFailed> = { type: 'NodeFailed', node: node.id, token: token.id, attempt: token.attempt, error, routes: [] };
    if (usage) failed.usage = usage;
    if (owed) owe(failed, owed);
    const frame = this.state.frames.get(token.frame!);
    this.run.record(failed);
    if (!frame) {
      this.run.failRun(error);
      return;
    }
    this.failFrames(frame.owner, frame.id, error);
  }

  /**
   * Withdraws every frame of `owner` (all in-flight iterations, or the region's activation) with
   * what runs inside them, then lets `owner`'s node fail with `error` (its `on` edges route it).
   */
  private failFrames(owner: TokenId, failedFrame: FrameId | undefined, error: JournalError): void {
    const own: FrameState[] = [];
    for (const f of this.state.frames.values()) if (f.owner === owner) own.push(f);
    const inner: TokenId[] = [];
    for (const t of this.state.tokens.values()) if (t.frame !== undefined && own.some((f) => f.id === t.frame)) inner.push(t.id);
    if (inner.length) this.run.cancelTokens(inner, 'failed', this.state.tokens.get(owner)?.node);
    for (const f of own) this.exit(f, f.id === failedFrame ? 'failed' : 'cancelled');
    const token = this.state.tokens.get(owner);
    const node = token && this.run.nodeNamed(token.node);
    if (!token || !node) {
      this.run.failRun(error);
      return;
    }
    this.run.nodeError(owner, node, error, false);
  }

  /** `ids` plus every token inside frames they own (recursively), and those frames innermost first. */
  withInnerTokens(ids: TokenId[]): { ids: TokenId[]; frames: FrameState[] } {
    const owners = new Set(ids);
    const frames: FrameState[] = [];
    const seen = new Set<FrameId>();
    for (let grew = true; grew;) {
      grew = false;
      for (const f of this.state.frames.values()) {
        if (seen.has(f.id) || !owners.has(f.owner)) continue;
        seen.add(f.id);
        frames.push(f);
        grew = true;
        for (const t of this.state.tokens.values()) if (t.frame === f.id) owners.add(t.id);
      }
    }
    if (frames.length === 0) return { ids, frames };
    return { ids: [...owners].filter((id) => this.state.tokens.has(id)), frames: frames.reverse() };
  }

  /** The open iteration at `path` (`upload[3]`), found by a path index kept in step with the state. */
  byPath(path: string): FrameState | undefined {
    const id = this.paths.get(path);
    const hit = id === undefined ? undefined : this.state.frames.get(id);
    if (hit && hit.path === path) return hit;
    this.paths.clear();
    let found: FrameState | undefined;
    for (const f of this.state.frames.values()) {
      this.paths.set(f.path, f.id);
      if (f.path === path) found = f;
    }
    return found;
  }

  /**
   * What the compensation of task `name` (completing with `result` in frame `frameId`) will see:
   * the `as` items of its enclosing iterations and their nodes' results as they are now.
   */
  keptScope(frameId: FrameId, name: string, result: unknown): CompensationScope {
    const scope: CompensationScope = { items: [], results: {} };
    const results = this.state.results;
    for (let f = this.state.frames.get(frameId); f; f = f.parent === undefined ? undefined : this.state.frames.get(f.parent)) {
      if (f.kind === 'iteration' && f.as !== undefined) scope.items.push({ path: f.path, as: f.as, item: f.item ?? null });
      for (const n of this.run.bodyNames(f.path)) if (results.has(n)) scope.results[n] = results.get(n);
    }
    scope.results[name] = result;
    return scope;
  }

  /** After a restart: re-take the locks of open exclusive regions and let loops go on. */
  recover(): void {
    for (const f of this.state.frames.values()) {
      if (f.kind !== 'region') continue;
      this.regions.set(f.path, f.id);
      const owner = this.state.tokens.get(f.owner);
      const node = owner && this.run.nodeNamed(owner.node);
      if (node?.kind === 'region' && node.exclusive && !this.run.hasLock(f.owner)) this.run.lock(f.owner, regionKey(this.run.runId, node));
    }
    for (const [owner] of [...this.state.loops]) {
      const token = this.state.tokens.get(owner);
      const node = token && this.run.nodeNamed(token.node);
      if (token?.wait === 'body' && node?.kind === 'foreach') this.nextIterations(owner, node);
    }
  }

  /** The cancel control: open exclusive regions give their lock back. */
  releaseAll(): void {
    for (const f of this.state.frames.values()) if (f.kind === 'region') this.run.unlock(f.owner);
  }
}

function regionKey(runId: string, node: RegionNode): string {
  return `region:${runId}/${staticName(node.id)}`;
}
