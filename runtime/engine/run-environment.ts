// Engine — the `EvaluationEnvironment` of one run: resolves names against the run's folded
// state, its secrets and what the current evaluation binds (`result`, `event`, pending
// assignments). One reusable object per run, so guards allocate nothing.

import type { RefScope } from '../ir/index.js';
import type { EvaluationEnvironment } from '../expressions/evaluate.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import type { Clock } from './clock.js';

/** What the environment asks about frames (`foreach` iterations, `region`s) when evaluating inside one. */
export interface ScopeResolver {
  /** Whether node instance `name` (e.g. `upload[0].put`) exists in the body of its frame. */
  hasNode(name: string): boolean;
  /** The `as` item bound by the iteration at `path`, or undefined when `path` binds no `name`. */
  item(path: string, name: string): { value: unknown } | undefined;
}

export class RunEnvironment implements EvaluationEnvironment {
  /** Bound to `result` (a node's own block). */
  result: unknown = undefined;
  /** Bound to `event` (`where` / `correlate`). */
  event: unknown = undefined;
  /** A node result not yet folded into the state (guards of the completing node). */
  pendingNode: string | undefined = undefined;
  pendingValue: unknown = undefined;
  /** Assignments made earlier in the same `set` block, not yet journaled. */
  pendingVars: Map<string, unknown> | undefined = undefined;
  /**
   * The frame path the evaluation runs in (`upload[0]`), undefined at top level: node names
   * resolve to the innermost frame whose body has them, `local` names to the iteration's item.
   */
  scope: string | undefined = undefined;
  scopes: ScopeResolver | undefined = undefined;

  constructor(
    private readonly state: WorkflowState,
    private readonly secrets: Readonly<Record<string, string>>,
    private readonly clock: Clock,
  ) {}

  lookup(name: string, scope: RefScope): unknown {
    switch (scope) {
      case 'input': return this.state.inputs[name];
      case 'var':
        if (this.pendingVars?.has(name)) return this.pendingVars.get(name);
        return this.state.variables[name];
      case 'output':
        if (this.pendingVars?.has(name)) return this.pendingVars.get(name);
        return this.state.outputs[name];
      case 'secret': return this.secrets[name];
      case 'node': {
        if (this.scope === undefined) return name === this.pendingNode ? this.pendingValue : this.state.results.get(name);
        const key = this.innerName(name);
        if (key === this.pendingNode) return this.pendingValue;
        // A compensation sees its task's frames as they were when the task completed.
        const kept = this.state.compensating ? this.state.compensationScope : undefined;
        if (kept && Object.hasOwn(kept.results, key)) return kept.results[key];
        return this.state.results.get(key);
      }
      case 'local': {
        for (let p = this.scope; p !== undefined; p = parentOf(p)) {
          const bound = this.scopes?.item(p, name);
          if (bound) return bound.value;
        }
        // The iteration of a task being compensated has closed: its item was kept.
        const kept = this.state.compensating ? this.state.compensationScope : undefined;
        if (kept) {
          for (let p = this.scope; p !== undefined; p = parentOf(p)) {
            const bound = kept.items.find((i) => i.path === p && i.as === name);
            if (bound) return bound.item;
          }
        }
        return undefined;
      }
      case 'result': return this.result;
      case 'event': return this.event;
      case 'trigger': {
        const t = this.state.trigger;
        return name === 'trigger' ? { ...t, event: t.kind === 'event' ? t.event : null } : undefined;
      }
      case 'connector': return name;
      default: return undefined;
    }
  }

  /** The instance name `name` denotes from the current scope (innermost frame first). */
  private innerName(name: string): string {
    for (let p = this.scope; p !== undefined; p = parentOf(p)) {
      const key = `${p}.${name}`;
      if (this.scopes?.hasNode(key)) return key;
    }
    return name;
  }

  now(): number {
    return this.clock.now();
  }

  /** Clears every binding after an evaluation. */
  reset(): void {
    this.result = undefined;
    this.event = undefined;
    this.pendingNode = undefined;
    this.pendingValue = undefined;
    this.pendingVars = undefined;
  }
}

function parentOf(path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : path.slice(0, dot);
}
