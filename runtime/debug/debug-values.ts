// Debug adapter — the values a stopped frame shows and evaluates: an evaluation environment over
// a (live or replayed) run state in which every secret reads as `•••`, the node's `with`
// inputs, and the names the debug console completes. Reads state; never changes a run.
import type { EvaluationEnvironment } from '../expressions/evaluate.js';
import { evaluate } from '../expressions/evaluate.js';
import { STDLIB } from '../expressions/stdlib/index.js';
import type { NodeDefinition, WorkflowDefinition } from '../ir/workflow-definition.js';
import { isTaskNode } from '../ir/workflow-definition.js';
import type { WorkflowState } from '../journal/workflow-state.js';
import { RunEnvironment } from '../engine/run-environment.js';
import { instanceNode } from '../engine/body-nodes.js';
import { scopeOf } from '../engine/instance-names.js';
import type { Clock } from '../engine/clock.js';
import { SECRET_MASK } from '../secrets/secret-masker.js';

/** An environment over `state` for node `node`: `result` is the node's latest result. */
export function frameEnvironment(workflow: WorkflowDefinition, state: WorkflowState, node: NodeDefinition, clock: Clock): EvaluationEnvironment {
  const secrets: Record<string, string> = {};
  for (const v of workflow.variables) if (v.role === 'secret') secrets[v.name] = SECRET_MASK;
  const env = new RunEnvironment(state, secrets, clock);
  env.result = state.results.get(node.id);
  const scope = scopeOf(node.id);
  if (scope !== undefined) {
    // Inside a foreach iteration or region: inner names and the `as` item resolve as the engine resolves them.
    env.scope = scope;
    env.scopes = {
      hasNode: (name) => instanceNode(workflow, name) !== undefined,
      item: (path, name) => {
        for (const f of state.frames.values()) if (f.path === path && f.as === name) return { value: f.item };
        return undefined;
      },
    };
  }
  return env;
}

/**
 * What the frame of an inner node shows (`upload[0].put`): the `as` items of the iterations it
 * runs in, then the results of the nodes of its own frame by their inner names. Empty at top level.
 */
export function frameValues(state: WorkflowState, node: NodeDefinition): Record<string, unknown> {
  const scope = scopeOf(node.id);
  if (scope === undefined) return {};
  const out: Record<string, unknown> = {};
  for (const f of state.frames.values()) {
    if (f.as !== undefined && (scope === f.path || scope.startsWith(`${f.path}.`))) out[f.as] = f.item;
  }
  // A compensation running after its task's iteration closed: the items kept for it.
  const kept = state.compensating ? state.compensationScope : undefined;
  if (kept) for (const i of kept.items) if (!(i.as in out) && (scope === i.path || scope.startsWith(`${i.path}.`))) out[i.as] = i.item;
  const prefix = `${scope}.`;
  for (const [name, value] of state.results) {
    const inner = name.startsWith(prefix) ? name.slice(prefix.length) : undefined;
    if (inner !== undefined && !inner.includes('.') && !inner.includes('[') && inner !== 'start' && inner !== 'end') out[inner] = value;
  }
  return out;
}

/** The node's `with` inputs evaluated in the frame (an error message when they cannot be). */
export function nodeInputs(node: NodeDefinition, env: EvaluationEnvironment): { value?: unknown; error?: string } {
  if (!isTaskNode(node) || !node.options.with) return {};
  try {
    return { value: evaluate(node.options.with, env) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Secret names of a workflow: their values are never shown. */
export function secretNames(workflow: WorkflowDefinition): string[] {
  return workflow.variables.filter(v => v.role === 'secret').map(v => v.name);
}

export interface CompletionCandidate {
  label: string;
  type: 'variable' | 'property' | 'function' | 'keyword' | 'module';
  detail?: string;
}

/** Names the debug console offers in `workflow`: declarations, nodes, context words, stdlib. */
export function completionCandidates(workflow: WorkflowDefinition, node?: NodeDefinition): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  for (const v of workflow.variables) out.push({ label: v.name, type: 'variable', detail: v.role });
  for (const n of workflow.nodes) if (n.kind !== 'start' && n.kind !== 'end') out.push({ label: n.id, type: 'module', detail: `${n.kind} node` });
  if (node && scopeOf(node.id) !== undefined) {
    // Inside a body: its sibling nodes too.
    const owner = instanceNode(workflow, scopeOf(node.id)!);
    if (owner && (owner.kind === 'foreach' || owner.kind === 'region')) {
      if (owner.kind === 'foreach') out.push({ label: owner.as, type: 'variable', detail: 'foreach item' });
      for (const n of owner.body.nodes) if (n.kind !== 'start' && n.kind !== 'end') out.push({ label: n.id, type: 'module', detail: `${n.kind} node` });
    }
  }
  for (const k of ['result', 'trigger', 'true', 'false', 'null']) out.push({ label: k, type: 'keyword' });
  for (const f of STDLIB) out.push({ label: f.name, type: 'function', detail: f.signature });
  return out;
}

/** One-line text of a value for the Variables view and the console. */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  const text = JSON.stringify(value);
  return text.length > 200 ? text.slice(0, 197) + '...' : text;
}

/** Whether the Variables view can expand `value`. */
export function isStructured(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object' && Object.keys(value).length > 0;
}
