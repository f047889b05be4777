// Diagram ids of node instances from a run or the debugger: `each[2].record.append` (inside a
// foreach iteration and a region) is drawn once, as `Workflow/each/record/append`, so every
// instance's state shows on that one node. Pure, no vscode.
import { diagramNodeId } from '../../language-server/diagram/diagram-ids.js';
import { staticName } from '../../runtime/engine/instance-names.js';

/** The diagram id of node instance `name` of `workflow`. */
export function instanceDiagramId(workflow: string, name: string): string {
  return diagramNodeId(workflow, ...staticName(name).split('.'));
}
