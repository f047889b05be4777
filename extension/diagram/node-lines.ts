// Diagram panel — maps editor lines onto diagram nodes (for breakpoints set in the gutter):
// a line belongs to the innermost node whose source range covers it. Pure, no `vscode`, so it
// is unit-tested; the panel feeds it the model it shows.

import type { DiagramDocumentModel, DiagramGraph, DiagramNode } from '../../language-server/protocol/diagram-protocol.js';

function visit(graph: DiagramGraph, f: (n: DiagramNode) => void): void {
  for (const n of graph.nodes) {
    f(n);
    if (n.children) visit(n.children, f);
  }
}

/** The innermost node whose source covers `line` (0-based), skipping implicit start/end. */
export function nodeAtLine(model: DiagramDocumentModel, line: number): DiagramNode | undefined {
  let best: DiagramNode | undefined;
  for (const w of model.workflows) {
    visit(w.graph, (n) => {
      if (n.kind === 'start' || n.kind === 'end') return;
      if (line < n.range.start.line || line > n.range.end.line) return;
      const span = n.range.end.line - n.range.start.line;
      if (!best || span < best.range.end.line - best.range.start.line) best = n;
    });
  }
  return best;
}

/** Ids of the nodes holding a breakpoint on any of `lines`. */
export function nodesAtLines(model: DiagramDocumentModel, lines: Iterable<number>): string[] {
  const ids = new Set<string>();
  for (const line of lines) {
    const node = nodeAtLine(model, line);
    if (node) ids.add(node.id);
  }
  return [...ids];
}
