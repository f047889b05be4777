// Debugger — reads diagram node ids out of the DAP stack frames the Weft session sends
// (`Workflow.node`, `Workflow.node (recorded)` while stepping back). Pure, no vscode.
import { diagramNodeId } from '../../language-server/diagram/diagram-ids.js';

/** The diagram id of the node a stack frame stands on, or undefined for a foreign name. */
export function frameNodeId(frameName: string): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)(?: \(recorded\))?$/.exec(frameName);
  return match ? diagramNodeId(match[1], match[2]) : undefined;
}
