// Composition for the standalone debug adapter — the services the runtime's DAP session needs
// from the compiler: the compile step and the expression-text parser of language-server/.
import { debugServicesFrom } from '../runtime/debug/debug-services.js';
import { compileWorkflow } from '../language-server/workspace/compile-workflow.js';
import { parseDebugExpression } from '../language-server/workspace/parse-expression-text.js';

export const debugServices = debugServicesFrom(compileWorkflow, parseDebugExpression);
