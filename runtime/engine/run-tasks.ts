// Engine — starting a task (LANGUAGE.md §4; docs/runtime.md "Performance"): its locks and
// concurrency limit, its input, its cached result, and the `TaskAttempt` its executor runs once
// the start is durable. A base class of the scheduler (docs/runtime.md, "Engine structure").

import type { Expr, NodeDefinition, SubworkflowNode, TaskNode, TaskOptions } from '../ir/index.js';
import type { JournalError, TokenId } from '../journal/journal-event.js';
import { staticName } from './instance-names.js';
import { slotText, type WaitNotice } from './lock-manager.js';
import { NO_INPUT } from './run-empties.js';
import { RunFastPaths } from './run-fast-paths.js';
import { TaskAttempt, cacheExtras } from './task-attempt.js';

const NO_KEYS: string[] = [];
/** Who holds a lock or slot in the lock manager: a run's branch (the deadlock check asks by it). */
function lockHolder(runId: string, token: TokenId): string {
  return `${runId}#${token}`;
}

/** What a withdrawn taker's next lock resolves to: nothing, ever. */
const NEVER = new Promise<true>(() => undefined);

/**
 * Task start and locks, as a base class of the scheduler rather than an object per run (each of
 * the 1,000 runs in flight would hold one, and every task of the general path starts here): what
 * they read and do of the scheduler is declared abstract below (or in `RunFastPaths`,
 * `RunAttempts`), and `RunExecution` supplies it. The path that waits for a lock is a method of
 * its own (`startTaskWhenLocked`): closures capturing `startTask`'s parameters would cost every start.
 */
export abstract class RunTasks extends RunFastPaths {
  // The scheduler's state task starts read and write, besides what the base classes declare.
  protected abstract override readonly held: Set<TokenId>;
  /** The locks each token holds (the shared empty map until a lock is taken: `ownLockKeys`). */
  protected abstract readonly lockKeys: Map<TokenId, string[]>;

  // The scheduler's steps task starts take, besides those the base classes declare.
  protected abstract ownHeld(): Set<TokenId>;
  protected abstract ownLockKeys(): Map<TokenId, string[]>;
  protected abstract bind(name: string): void;
  protected abstract eval(expr: Expr): unknown;
  protected abstract started(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void;
  protected abstract startChild(id: TokenId, node: SubworkflowNode, inputs: Record<string, unknown>, cacheKey: string | undefined, cacheTtlMs: number | undefined): void;

  /** Starts the task once `acquired` (its locks) settles, unless the branch is gone by then. */
  private startTaskWhenLocked(id: TokenId, node: TaskNode, attempt: number, compensates: string | undefined, acquired: Promise<true>): void {
    this.ownHeld().add(id);
    acquired.then(() => {
      this.held.delete(id);
      if (this.done || this.ending || !this.state.tokens.has(id) && !compensates) {
        this.releaseLocks(id);
        return;
      }
      this.startTask(id, node, attempt, compensates);
      this.schedulePump();
    });
  }

  protected startTask(id: TokenId, node: TaskNode, attempt: number, compensates?: string): void {
    this.bind(node.id);
    const keys = this.lockKeysOf(node);
    if (keys.length && !this.lockKeys.has(id)) {
      const deadlock = this.deadlockOf(node, keys);
      if (deadlock) {
        this.started(id, node, attempt, compensates);
        this.nodeError(id, node, deadlock, false);
        return;
      }
      const acquired = this.acquireAll(id, keys, node.options.limits?.concurrency ?? 1, node.id);
      if (acquired !== true) {
        this.startTaskWhenLocked(id, node, attempt, compensates, acquired);
        return;
      }
    }
    this.started(id, node, attempt, compensates);
    let input: Record<string, unknown>;
    try {
      input = this.taskInput(node.options);
    } catch (err) {
      this.failBeforeExecutor(id, node, err);
      return;
    }
    const cache = node.options.cache;
    let cacheKey: string | undefined;
    if (cache) {
      try {
        cacheKey = `${this.workflow.id}/${this.nested ? staticName(node.id) : node.id}/${JSON.stringify(cache.key ? this.eval(cache.key) : input)}`;
      } catch (err) {
        this.failBeforeExecutor(id, node, err);
        return;
      }
      const hit = this.host.cache.get(cacheKey, this.host.clock.now());
      if (hit) {
        this.releaseLocks(id);
        this.complete(id, node, hit.value, undefined, { cached: true });
        return;
      }
    }
    if (node.kind === 'subworkflow') {
      this.startChild(id, node, input, cacheKey, cache?.ttlMs);
      return;
    }
    if (node.kind === 'approval') return; // not reached
    // The attempt itself is the effect (no closure per task): `afterAppend` runs it.
    this.ownEffects().push(new TaskAttempt(this, node, id, attempt, input, this.nested ? undefined : this.graph.taskLink(node.id), cacheExtras(cacheKey, cache?.ttlMs)));
  }

  protected lockKeysOf(node: TaskNode): string[] {
    if (!node.options.lock && !node.options.limits?.concurrency) return NO_KEYS;
    const keys: string[] = [];
    if (node.options.lock) keys.push(`lock:${node.options.lock}`);
    if (node.options.limits?.concurrency) keys.push(`concurrency:${this.workflow.id}/${this.nested ? staticName(node.id) : node.id}`);
    return keys;
  }

  /**
   * The error of a task that would wait for ever for one of `keys`: every slot (or the lock) is
   * held by the calls this run's callers wait in (the sub-workflow tasks waiting, directly or
   * through other runs, for this one), so none can come back. Checked when the task asks, not
   * again while it waits (docs/runtime.md "Locks and concurrency limits").
   */
  private deadlockOf(node: TaskNode, keys: string[]): JournalError | undefined {
    let chain: Array<{ runId: string; node: string; token: TokenId }> | undefined;
    let links: Set<string> | undefined;
    for (const key of keys) {
      if (this.host.locks.held(key) === 0) continue;
      if (!chain) {
        chain = this.callers();
        if (chain.length === 0) return undefined;
        links = new Set(chain.map((c) => lockHolder(c.runId, c.token)));
      }
      if (!this.host.locks.fullOf(key, (holder) => links!.has(holder))) continue;
      const calls = [...chain].reverse().map((c) => `run ${c.runId} task '${c.node}'`).join(' → ');
      const path = `${calls} → run ${this.runId} task '${node.id}'`;
      if (key.startsWith('lock:')) {
        return { name: 'LockDeadlock', aliases: ['Deadlock'], message: `Task '${node.id}' of run ${this.runId} would wait for ever for lock "${node.options.lock}": its callers hold it while they wait for this run (${path})` };
      }
      const n = node.options.limits!.concurrency!;
      return { name: 'ConcurrencyDeadlock', aliases: ['Deadlock'], message: `Task '${node.id}' of run ${this.runId} would wait for ever for a slot of its \`limits { concurrency ${n} }\`: ${n === 1 ? 'the slot is' : `all ${n} slots are`} held by its callers while they wait for this run (${path})` };
    }
    return undefined;
  }

  /** The sub-workflow calls this run is the end of, nearest first: its parent's, then the grandparent's, … (those live in this engine). */
  private callers(): Array<{ runId: string; node: string; token: TokenId }> {
    const chain: Array<{ runId: string; node: string; token: TokenId }> = [];
    let parent = this.state.parent;
    while (parent && chain.length < 10_000) {
      chain.push(parent);
      parent = this.host.peek(parent.runId)?.parent;
    }
    return chain;
  }

  /** Takes `keys` in order for token `id`; `node`: the task that asks, for a store's shared table (none for a key of this run's own). */
  protected acquireAll(id: TokenId, keys: string[], capacity: number, node?: string): true | Promise<true> {
    let chain: true | Promise<true> = true;
    const holder = lockHolder(this.runId, id);
    for (const key of keys) {
      const cap = key.startsWith('concurrency:') ? capacity : 1;
      const onWait = node !== undefined ? this.slotWaitNotice(id, node, key, cap) : undefined;
      if (chain === true) {
        chain = this.host.locks.acquire(key, cap, holder, node, onWait);
      } else {
        // Not asked for once the branch is gone (its locks released while the first was coming).
        chain = chain.then(() => this.lockKeys.get(id) === keys ? this.host.locks.acquire(key, cap, holder, node, onWait) : NEVER);
      }
    }
    this.ownLockKeys().set(id, keys);
    return chain;
  }

  /** Tells the engine's observers that task `node` waits for `key` (`weft run`'s progress), when it has any. */
  private slotWaitNotice(id: TokenId, node: string, key: string, capacity: number): WaitNotice | undefined {
    if (!this.host.hasListeners) return undefined;
    const slot = slotText(key, capacity);
    return (elsewhere) => {
      if (this.done || !this.host.hasListeners) return;
      this.host.emit({ kind: 'slot-wait', runId: this.runId, workflow: this.workflow.id, node, token: id, slot, elsewhere });
    };
  }

  /** Small enough to inline into every settlement (most runs hold no lock); the release is `releaseHeld`'s. */
  protected releaseLocks(id: TokenId): void {
    if (this.lockKeys.size !== 0) this.releaseHeld(id);
  }

  private releaseHeld(id: TokenId): void {
    const keys = this.lockKeys.get(id);
    if (!keys) return;
    this.lockKeys.delete(id);
    const holder = lockHolder(this.runId, id);
    for (const key of keys) this.host.locks.release(key, holder);
  }

  protected taskInput(options: TaskOptions): Record<string, unknown> {
    if (!options.with) return NO_INPUT;
    const v = this.eval(options.with);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  }
}
