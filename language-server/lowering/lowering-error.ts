// The error lowering raises when the AST is not what a checked workflow guarantees (an
// unresolved name, a secret not read from env(…)). Carries the source range for file:line:col.
import type { SourceRange } from '../../runtime/ir/source-range.js';

export class LoweringError extends Error {
    constructor(message: string, readonly range: SourceRange) {
        super(message);
        this.name = 'LoweringError';
    }
}
