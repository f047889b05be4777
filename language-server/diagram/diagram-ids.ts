// Diagram model — how diagram ids are spelled, in one place, so whoever feeds run or debug
// state (the debugger, run views) names nodes exactly as the model does: the workflow, then
// the foreach/region nodes it is nested in, then the node (`Order/each/price`).

/** The diagram id of a node: `diagramNodeId('Order', 'each', 'price')` -> `Order/each/price`. */
export function diagramNodeId(workflow: string, ...path: string[]): string {
  return [workflow, ...path].join('/');
}

/** The diagram id of an IR edge inside the graph at `graphId` (a workflow or nested node id). */
export function diagramEdgeId(graphId: string, irEdgeId: string): string {
  return `${graphId}/${irEdgeId}`;
}
