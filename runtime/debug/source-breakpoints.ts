// Debug adapter — where a line breakpoint can stand in a compiled bundle: a line that starts a
// node stops before that node; a line with edges stops whenever a branch crosses one of them
// into its target. A line inside a node's body moves to the node's first line, other lines to
// the next node line of the same workflow; the rest stay
// unverified with a reason. Nodes and edges inside foreach/region bodies are targets by their
// static names (`upload.put`) and stop every iteration. Pure lookups over the IR; knows nothing of DAP.
import type { EdgeDefinition, NodeDefinition, WorkflowBundle, WorkflowDefinition } from '../ir/workflow-definition.js';
import { staticName } from '../engine/instance-names.js';

export type BreakpointTarget =
  | { kind: 'node'; workflow: string; node: string }
  | { kind: 'edges'; workflow: string; edges: Array<Pick<EdgeDefinition, 'from' | 'to'>> };

export type LineResolution =
  | { verified: true; line: number; target: BreakpointTarget }
  | { verified: false; line: number; message: string };

/** Whether two file URIs or paths name the same file. */
export function sameFile(uri: string, path: string): boolean {
  const a = uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : uri;
  const b = path.startsWith('file://') ? decodeURIComponent(new URL(path).pathname) : path;
  return a === b;
}

/** Nodes a user writes, inner ones by static name (the implicit `start` and `end` stand on edge lines). */
function declaredNodes(workflow: WorkflowDefinition): NodeDefinition[] {
  const out: NodeDefinition[] = [];
  const walk = (nodes: readonly NodeDefinition[], prefix: string) => {
    for (const n of nodes) {
      if (n.kind === 'start' || n.kind === 'end') continue;
      out.push(prefix ? { ...n, id: prefix + n.id } as NodeDefinition : n);
      if (n.kind === 'foreach' || n.kind === 'region') walk(n.body.nodes, `${prefix}${n.id}.`);
    }
  };
  walk(workflow.nodes, '');
  return out;
}

/** Edges of the workflow and of its bodies, with static node names. */
function allEdges(workflow: WorkflowDefinition): Array<Pick<EdgeDefinition, 'from' | 'to' | 'range'>> {
  const out: Array<Pick<EdgeDefinition, 'from' | 'to' | 'range'>> = [...workflow.edges];
  const walk = (nodes: readonly NodeDefinition[], prefix: string) => {
    for (const n of nodes) {
      if (n.kind !== 'foreach' && n.kind !== 'region') continue;
      const p = `${prefix}${n.id}.`;
      for (const e of n.body.edges) out.push({ from: p + e.from, to: p + e.to, range: e.range });
      walk(n.body.nodes, p);
    }
  };
  walk(workflow.nodes, '');
  return out;
}

/** Resolves a 0-based `line` of `file` to a breakpoint target. */
export function resolveLine(bundle: WorkflowBundle, file: string, line: number): LineResolution {
  const workflows = Object.values(bundle.workflows).filter(w => sameFile(w.sourceUri, file));
  if (workflows.length === 0) {
    return { verified: false, line, message: 'No workflow of this debug session is defined in this file' };
  }
  for (const workflow of workflows) {
    const node = declaredNodes(workflow).find(n => n.range.start.line === line);
    if (node) return { verified: true, line, target: { kind: 'node', workflow: workflow.id, node: node.id } };
    const edges = allEdges(workflow).filter(e => e.range.start.line === line);
    if (edges.length) return { verified: true, line, target: { kind: 'edges', workflow: workflow.id, edges: edges.map(e => ({ from: e.from, to: e.to })) } };
  }
  const inside = workflows.find(w => w.range.start.line <= line && line <= w.range.end.line);
  if (!inside) return { verified: false, line, message: 'Not inside a workflow: breakpoints stand on node and edge lines' };
  // The innermost node whose body holds the line (a foreach/region encloses its inner nodes).
  const enclosing = declaredNodes(inside).filter(n => n.range.start.line < line && line <= n.range.end.line).at(-1);
  if (enclosing) return resolveLine(bundle, file, enclosing.range.start.line);
  const next = declaredNodes(inside)
    .map(n => n.range.start.line)
    .filter(l => l > line)
    .sort((a, b) => a - b)[0];
  if (next !== undefined) return resolveLine(bundle, file, next);
  return { verified: false, line, message: 'No node or edge starts on or after this line in the workflow' };
}

/** Whether `target` stops a branch about to run `node` of `workflow`, having come from `from`. */
export function targetMatches(target: BreakpointTarget, workflow: string, node: string, from: string | undefined): boolean {
  if (target.workflow !== workflow) return false;
  const name = staticName(node);
  if (target.kind === 'node') return target.node === name;
  const source = from === undefined ? undefined : staticName(from);
  return target.edges.some(e => e.to === name && e.from === source);
}
