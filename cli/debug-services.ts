// Composition for the debug adapter — the services the runtime's DAP session needs from the
// compiler: the CLI's compile step and the debug console's expression parser. Imported by the
// standalone adapter entry and, for the inline adapter, by the extension.
import type { DebugServices } from '../runtime/debug/debug-services.js';
import { compileWorkflow } from './compile-workflow.js';
import { parseDebugExpression } from './debug-expression-parser.js';

export const debugServices: DebugServices = {
    async compile(program, workflow) {
        const result = await compileWorkflow(program, workflow);
        if (result.ok) return { ok: true, bundle: result.bundle };
        const errors = result.diagnostics.filter(d => d.severity === 'error');
        return { ok: false, diagnostics: errors.map(d => ({ file: d.file, line: d.line, column: d.column, message: d.message })) };
    },
    parseExpression: parseDebugExpression,
};
