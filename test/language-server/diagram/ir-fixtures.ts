// Test support for the diagram model — tiny builders of hand-written IR (ranges, nodes, edges,
// workflows) so the specifications below stay short and readable. Test code only.

import type { SourceRange } from '../../../runtime/ir/source-range.js';
import type { EdgeDefinition, NodeDefinition, WorkflowDefinition } from '../../../runtime/ir/workflow-definition.js';

export const URI = 'file:///w/order.weft';

/** A range on one line, or from line to line. */
export function at(line: number, from = 0, to = 40, endLine = line): SourceRange {
  return { uri: URI, start: { line, character: from }, end: { line: endLine, character: to } };
}

type NodeWithoutRanges<N> = N extends NodeDefinition ? Omit<N, 'range' | 'nameRange'> : never;

export function node<N extends NodeDefinition = NodeDefinition>(partial: NodeWithoutRanges<N>, line: number): N {
  return { range: at(line), nameRange: at(line, 2, 10), ...partial } as unknown as N;
}

export function edge(from: string, to: string, line: number, extra: Partial<EdgeDefinition> = {}): EdgeDefinition {
  return { id: `${from}->${to}#0`, from, to, kind: 'always', order: 0, range: at(line), ...extra };
}

export function workflow(id: string, nodes: NodeDefinition[], edges: EdgeDefinition[]): WorkflowDefinition {
  return {
    id, version: '0.0.0', sourceUri: URI, range: at(0, 0, 1, 99), nodes, edges,
    variables: [], triggers: [], connectors: [], errorHandlers: [], options: { stepBudget: 10_000, timeZone: 'UTC' },
  };
}

export const noOptions = { sets: [], idempotent: false };
