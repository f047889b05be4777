// Engine — static lookups of nodes inside `foreach`/`region` bodies by name, for readers that
// have a workflow definition but no running engine (the debugger, `weft show`): a node instance
// `upload[0].put` resolves to the body node `put` of `upload`, with its id set to the instance name.

import type { NodeDefinition, WorkflowDefinition } from '../ir/index.js';
import { staticName } from './instance-names.js';

/** Every node of `nodes` by static name, inner ones too (`upload.put`), outermost first. */
export function nodesByStaticName(nodes: readonly NodeDefinition[], prefix = '', into = new Map<string, NodeDefinition>()): Map<string, NodeDefinition> {
  for (const n of nodes) {
    into.set(prefix + n.id, n);
    if (n.kind === 'foreach' || n.kind === 'region') nodesByStaticName(n.body.nodes, `${prefix}${n.id}.`, into);
  }
  return into;
}

const indexes = new WeakMap<WorkflowDefinition, Map<string, NodeDefinition>>();

/** The definition of node instance `name` in `workflow` (id = `name`), or undefined. */
export function instanceNode(workflow: WorkflowDefinition, name: string): NodeDefinition | undefined {
  let index = indexes.get(workflow);
  if (!index) indexes.set(workflow, (index = nodesByStaticName(workflow.nodes)));
  const node = index.get(staticName(name));
  if (!node || node.id === name) return node;
  return { ...node, id: name } as NodeDefinition;
}
