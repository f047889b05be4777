// Diagram model — the one-line description drawn under a node's name (what the node does),
// and the text drawn on an edge. Derived from the IR only; long text is kept whole here (the
// webview truncates for drawing and shows the full text as a tooltip).

import type { EdgeDefinition, NodeDefinition } from '../../runtime/ir/workflow-definition.js';
import { printDuration, printExpression } from './expression-printer.js';

/** What the node does, in the words of its source form. */
export function nodeLabel(node: NodeDefinition): string {
  switch (node.kind) {
    case 'start': return 'start';
    case 'end': return 'end';
    case 'script':
      return 'path' in node.script ? `script ${baseName(node.script.path)}` : 'script (inline)';
    case 'http': return `${node.method} ${printExpression(node.url)}`;
    case 'connector': return `${node.connector}.${node.action}(${node.args.map(printExpression).join(', ')})`;
    case 'subworkflow': return `workflow ${node.workflow}`;
    case 'ai': return `ai ${printExpression(node.model)}`;
    case 'approval': return node.assignee ? `approval by ${printExpression(node.assignee)}` : 'approval';
    case 'timer': return `wait ${node.mode} ${printExpression(node.value)}`;
    case 'event-wait':
      return `wait for event "${node.eventType}"${node.timeoutMs !== undefined ? ` timeout ${printDuration(node.timeoutMs)}` : ''}`;
    case 'listen': return `listen ${node.alternatives.map((a) => `"${a.eventType}"`).join(' | ')}`;
    case 'emit': return `emit "${node.eventType}"`;
    case 'set': return node.assignments.length ? `set ${node.assignments.map((a) => a.target).join(', ')}` : 'set (no-op)';
    case 'join': return `join ${node.policy === 'count' ? String(node.n ?? '') : node.policy}${node.cancel ? ' cancel' : ''}`;
    case 'fork': return 'fork';
    case 'fail': return `fail ${printExpression(node.message)}${node.code ? ` code ${node.code}` : ''}`;
    case 'terminate': return 'terminate';
    case 'foreach':
      return `foreach ${printExpression(node.items)} as ${node.as}${node.concurrency !== undefined ? ` concurrency ${node.concurrency}` : ''}`;
    case 'region': return node.exclusive ? 'region exclusive' : 'region';
  }
}

/** The text on an edge, or undefined for a plain `A -> B`. */
export function edgeLabel(edge: EdgeDefinition): string | undefined {
  switch (edge.kind) {
    case 'always': return undefined;
    case 'when': return edge.condition ? printExpression(edge.condition) : 'when';
    case 'otherwise': return 'otherwise';
    case 'error': return !edge.error || edge.error === '*' ? 'on error' : `on ${edge.error}`;
    case 'timeout': return 'on timeout';
    case 'event': return `on "${edge.event ?? ''}"`;
  }
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}
