// Debugger — reads diagram node ids out of the DAP stack frames the Weft session sends
// (`Workflow.node`, `Workflow.node (recorded)` while stepping back, `Workflow.each[2].classify`
// inside a foreach iteration, `Workflow.record#2.append` in a second concurrent region activation).
// Pure, no vscode.
import { instanceDiagramId } from '../diagram/instance-node-id.js';

/** The diagram id of the node a stack frame stands on, or undefined for a foreign name. */
export function frameNodeId(frameName: string): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|#\d+)?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|#\d+)?)*)(?: \(recorded\))?$/.exec(frameName);
  return match ? instanceDiagramId(match[1]!, match[2]!) : undefined;
}
