// Webview layout — skips elkjs when an edit changed no geometry: if the nodes (ids, kinds,
// collapsed state), the edges (ids, ends, label text) and the direction are the same as last
// time, the previous positions are reused with the new model's nodes and edges (new labels,
// diagnostics). Most keystrokes (inside a prompt, a URL, a script path) take this path.

import type { DiagramGraph } from '../protocol.js';
import type { DiagramLayout, LayoutRequest } from './diagram-layout.js';

/** A string that is equal for two requests exactly when their layouts are the same. */
export function layoutSignature(request: LayoutRequest): string {
  const parts: string[] = [request.direction];
  const walk = (g: DiagramGraph) => {
    for (const n of g.nodes) {
      const open = !!n.children && !request.collapsed.has(n.id);
      parts.push(`n${n.id}\u0000${n.kind}\u0000${open ? 'open' : n.children ? 'closed' : ''}`);
      if (open) walk(n.children!);
      parts.push('/');
    }
    for (const e of g.edges) parts.push(`e${e.id}\u0000${e.source}\u0000${e.target}\u0000${e.label ?? ''}`);
  };
  for (const w of request.model.workflows) {
    parts.push(`w${w.id}`);
    walk(w.graph);
  }
  return parts.join('\u0001');
}

/** `previous` with the nodes and edges of `request.model` (same ids, same geometry). */
export function rebindLayout(previous: DiagramLayout, request: LayoutRequest): DiagramLayout {
  const nodes = new Map<string, DiagramGraph['nodes'][number]>();
  const edges = new Map<string, DiagramGraph['edges'][number]>();
  const walk = (g: DiagramGraph) => {
    for (const n of g.nodes) { nodes.set(n.id, n); if (n.children) walk(n.children); }
    for (const e of g.edges) edges.set(e.id, e);
  };
  const workflows = new Map(request.model.workflows.map((w) => { walk(w.graph); return [w.id, w]; }));
  return {
    ...previous,
    workflows: previous.workflows.map((w) => ({ ...w, workflow: workflows.get(w.workflow.id) ?? w.workflow })),
    nodes: previous.nodes.map((n) => ({ ...n, node: nodes.get(n.id) ?? n.node })),
    edges: previous.edges.map((e) => ({ ...e, edge: edges.get(e.id) ?? e.edge })),
  };
}
