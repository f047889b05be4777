// Runs view — the vscode-free model of the "Weft Runs" tree: how a stored run is shown (label,
// description, icon, context value for the menus) and the per-node status of a run for the
// diagram overlay. Pure functions of store summaries and folded state.
import { instanceDiagramId } from '../diagram/instance-node-id.js';
import type { RunSummary } from '../../runtime/store/run-store.js';
import type { RunStatus, WorkflowState } from '../../runtime/journal/workflow-state.js';
import type { NodeRunStatus } from '../../webview/protocol.js';
import { formatDuration } from '../run/run-format.js';
import type { VariableDefinition } from '../../runtime/ir/index.js';
import { describeType } from '../../runtime/types/check-value.js';

export interface RunItemModel {
  runId: string;
  label: string;
  description: string;
  tooltip: string;
  /** A codicon id. */
  icon: string;
  /** `run.<status>`: menus show the controls that apply to the status. */
  contextValue: string;
  status: RunStatus;
}

const ICONS: Record<RunStatus, string> = {
  running: 'sync~spin', paused: 'debug-pause', waiting: 'watch', completed: 'pass', failed: 'error', cancelled: 'circle-slash',
};

/** `2026-11-25 21:14:03` in local time. */
export function formatStart(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function runItemModel(run: RunSummary): RunItemModel {
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled';
  const duration = ended ? formatDuration(run.updatedAt - run.createdAt) : '';
  return {
    runId: run.runId,
    label: run.workflow,
    description: [run.status, formatStart(run.createdAt), duration].filter(Boolean).join(' · '),
    tooltip: `Run ${run.runId}\n${run.workflow} ${run.version}\nstatus: ${run.status}\nstarted: ${formatStart(run.createdAt)}${duration ? `\nduration: ${duration}` : ''}${run.key !== undefined ? `\nkey: ${run.key}` : ''}`,
    icon: ICONS[run.status],
    contextValue: `run.${run.status}`,
    status: run.status,
  };
}

/** Top-level runs (sub-workflow runs are shown with their parent's history), newest first. */
export function topLevelRuns(runs: readonly RunSummary[]): RunSummary[] {
  return runs.filter((r) => !r.parentRunId).sort((a, b) => b.createdAt - a.createdAt);
}

/** What a live token says of its node: running (or due to retry) before waiting before pending. */
const LIVE_RANK: Partial<Record<NodeRunStatus, number>> = { pending: 1, waiting: 2, running: 3 };

/**
 * Each node's latest status in `state`, keyed by diagram node id (instances inside foreach/region
 * count for their one diagram node: the latest started wins). A node a live token stands at shows
 * that token instead: running, waiting, or pending for a token that is ready but has not started
 * (it queues for a lock or a concurrency slot, a debugger holds it, or the run is paused); of
 * several tokens at one node, the most active wins.
 */
export function nodeStatuses(state: WorkflowState): Record<string, NodeRunStatus> {
  const statuses: Record<string, NodeRunStatus> = {};
  for (const execution of state.history) statuses[instanceDiagramId(state.workflowId, execution.node)] = execution.status;
  const live = new Map<string, NodeRunStatus>();
  for (const token of state.tokens.values()) {
    const status: NodeRunStatus | undefined = token.phase === 'waiting' ? 'waiting'
      : token.phase === 'running' || token.phase === 'retrying' ? 'running'
      : token.phase === 'ready' ? 'pending' : undefined;
    if (status === undefined) continue;
    const id = instanceDiagramId(state.workflowId, token.node);
    const seen = live.get(id);
    if (seen === undefined || LIVE_RANK[status]! > LIVE_RANK[seen]!) live.set(id, status);
  }
  for (const [id, status] of live) statuses[id] = status;
  return statuses;
}

/** Nodes of a run that can be retried (their latest execution failed). */
export function failedNodes(state: WorkflowState): string[] {
  const latest = new Map<string, string>();
  for (const execution of state.history) latest.set(execution.node, execution.status);
  return [...latest].filter(([, status]) => status === 'failed').map(([node]) => node);
}

/** Approvals the run waits for: nodes whose branch waits on an approval. */
export function pendingApprovals(state: WorkflowState): string[] {
  return [...state.tokens.values()].filter((t) => t.phase === 'waiting' && t.wait === 'approval').map((t) => t.node);
}

/** One value "Set variable" offers: a declared `var` or `output`, with its type and what it holds now. */
export interface SettableValue {
  name: string;
  role: 'var' | 'output';
  /** `var · number · 3` / `output · Order · null`: the pick's description. */
  description: string;
  /** What it holds now, as JSON (the input box starts from it): `null` before anything sets it. */
  currentJson: string;
}

/**
 * The values a control may set on a run (`setVariable` takes a declared `var` or `output`), in
 * declaration order, each with its declared type and current value (inputs and secrets are not
 * settable; a secret's value never reaches the editor).
 */
export function settableValues(declarations: readonly VariableDefinition[], state: WorkflowState): SettableValue[] {
  const out: SettableValue[] = [];
  for (const d of declarations) {
    if (d.role !== 'var' && d.role !== 'output') continue;
    const held = d.role === 'var' ? state.variables : state.outputs;
    // Null before anything sets it (an output is not in the state until then).
    const value = Object.prototype.hasOwnProperty.call(held, d.name) ? held[d.name] : undefined;
    const currentJson = JSON.stringify(value === undefined ? null : value);
    const shown = currentJson.length <= 60 ? currentJson : `${currentJson.slice(0, 59)}…`;
    out.push({ name: d.name, role: d.role, description: `${d.role} · ${describeType(d.type)} · ${shown}`, currentJson });
  }
  return out;
}
