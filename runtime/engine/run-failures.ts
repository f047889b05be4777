// Engine — what a node's failure does (LANGUAGE.md §4 rule 5): a retry its policy allows, else an
// `on` edge that catches the error, else the run fails, withdrawing its other branches and running
// the `compensate` nodes in reverse completion order. A base class (docs/runtime.md, "Engine structure").

import type { EdgeDefinition, NodeDefinition } from '../ir/index.js';
import { isTaskNode } from '../ir/index.js';
import type { CompensableTask, JournalError, NodeFailed, Route, TokenId } from '../journal/journal-event.js';
import type { SchedulingGraph } from './instance-graph.js';
import { retryDelay, shouldRetry } from './retry-policy.js';
import { catchingEdges } from './routing.js';
import type { Draft } from './run-execution.js';
import type { RunFrames } from './run-frames.js';
import { RunJoins } from './run-joins.js';
import type { Random } from './seeded-random.js';

/**
 * Failures and compensation, as a base class of the scheduler like the others: the executor
 * handling (`RunAttempts`) and every node kind reach `nodeError`, and compensation runs its
 * nodes through the scheduler's own `execute`, so a separate object would only add a per-run
 * object and an indirection to each call. What they read and do of the scheduler is declared
 * abstract below (or in the base classes), and `RunExecution` supplies it.
 */
export abstract class RunFailures extends RunJoins {
  // The scheduler's state failures read, besides what the base classes declare.
  protected abstract readonly frames: RunFrames | undefined;

  // The scheduler's steps failures take, besides those the base classes declare.
  protected abstract afterCommit(fn: () => void): void;
  protected abstract random(): Random;
  protected abstract ownDueRetries(): Set<TokenId>;
  protected abstract toRoutes(id: TokenId, edges: readonly EdgeDefinition[], graph: SchedulingGraph): Route[];
  protected abstract execute(id: TokenId, node: NodeDefinition, attempt: number, compensates?: string): void;
  protected abstract finish(draft: Draft): void;

  /**
   * Node `node` failed for token `id`: retry it if its policy allows, else follow an `on` edge
   * that catches the error, else fail the run (LANGUAGE.md §4 rule 5). `owed`: the task's work
   * was done before its `set` entries or guards threw, so every `NodeFailed` recorded here carries
   * its `compensate` node (owed to a later rollback); such a failure is never retried, which
   * would do the work again.
   */
  protected nodeError(id: TokenId, node: NodeDefinition, error: JournalError, retriable = true, usage?: Record<string, number>, owed?: Omit<CompensableTask, 'node'>): void {
    const token = this.state.tokens.get(id);
    if (!token) return;
    const attempt = token.attempt;
    const names = [error.name, ...(error.aliases ?? [])];
    if (token.compensates) {
      this.record(usage ? { type: 'NodeFailed', node: node.id, token: id, attempt, error, routes: [], usage } : { type: 'NodeFailed', node: node.id, token: id, attempt, error, routes: [] });
      this.nextCompensation();
      return;
    }
    const policy = isTaskNode(node) ? node.options.retry : undefined;
    if (retriable && owed === undefined && shouldRetry(policy, attempt, names)) {
      const delayMs = retryDelay(policy!, attempt, this.random());
      const dueAt = this.host.clock.now() + delayMs;
      this.record(usage ? { type: 'RetryScheduled', node: node.id, token: id, attempt: attempt + 1, delayMs, dueAt, error, usage } : { type: 'RetryScheduled', node: node.id, token: id, attempt: attempt + 1, delayMs, dueAt, error });
      this.afterCommit(() => this.armRetry(id, dueAt));
      return;
    }
    const graph = this.graphFor(node.id);
    const edges = catchingEdges(graph.outEdges(node.id), names);
    if (edges.length) {
      const routes = this.toRoutes(id, edges, graph);
      const caught: Draft<NodeFailed> = { type: 'NodeFailed', node: node.id, token: id, attempt, error, routes };
      if (usage) caught.usage = usage;
      if (owed) owe(caught, owed);
      this.record(caught);
      for (let i = 0; i < routes.length; i++) this.ready.push(routes[i]!.token);
      return;
    }
    const raised: JournalError = { ...error, node: error.node ?? node.id };
    if (token.frame !== undefined) {
      this.frames!.raise(token, node, raised, usage, owed);
      return;
    }
    const failed: Draft<NodeFailed> = { type: 'NodeFailed', node: node.id, token: id, attempt, error: raised };
    if (usage) failed.usage = usage;
    if (owed) owe(failed, owed);
    this.record(failed);
    this.failRun(raised);
  }

  protected armRetry(id: TokenId, dueAt: number): void {
    this.waits.armTimer(id, dueAt, () => {
      const token = this.state.tokens.get(id);
      if (!token || token.phase !== 'retrying') return;
      this.ownDueRetries().add(id);
      this.ready.push(id);
      this.schedulePump();
    });
  }

  /** Fails the run: withdraws the other branches and runs compensations first. */
  protected failRun(error: JournalError): void {
    if (this.ending || this.state.compensating) return;
    const others: TokenId[] = [];
    for (const t of this.state.tokens.values()) if (t.phase !== 'failed') others.push(t.id);
    if (others.length) this.cancelTokens(others, 'failed');
    const tasks = this.state.completedTasks.slice().reverse();
    if (tasks.length) {
      this.record({ type: 'CompensationStarted', tasks, error });
      this.nextCompensation();
    } else {
      this.finish({ type: 'RunFailed', error });
    }
  }

  protected nextCompensation(): void {
    if (this.ending) return;
    const next = this.state.compensationQueue[0];
    if (!next) {
      this.finish({ type: 'RunFailed', error: this.state.error ?? { name: 'Error', message: 'Run failed' } });
      return;
    }
    const node = this.nodeNamed(next.compensate);
    const id = this.newToken();
    if (!node) {
      this.record({ type: 'NodeStarted', node: next.compensate, token: id, attempt: 1, compensates: next.node });
      this.record({ type: 'NodeFailed', node: next.compensate, token: id, attempt: 1, error: { name: 'UnknownNode', message: `No node '${next.compensate}' to compensate '${next.node}'` }, routes: [] });
      this.nextCompensation();
      return;
    }
    this.execute(id, node, 1, next.node);
  }
}

/** Puts the compensation a failed task still owes on its `NodeFailed` (the fold remembers it). */
export function owe(failed: { compensate?: string; scope?: CompensableTask['scope'] }, owed: Omit<CompensableTask, 'node'>): void {
  failed.compensate = owed.compensate;
  if (owed.scope !== undefined) failed.scope = owed.scope;
}
