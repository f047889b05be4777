// `weft run`'s report of a run that cannot start (missing, unknown or ill-typed inputs, unset
// secrets): one `file:line:col error code message` line per problem at the declaration it is
// about, as the compiler's diagnostics are printed, then what to do about it.
import { displayUri, formatDiagnostic } from '../language-server/workspace/document-diagnostics.js';
import type { RunStartProblem } from '../runtime/engine/run-start-values.js';

/** Prints `problems` of a run of `workflow` that did not start. */
export function printStartProblems(workflow: string, problems: readonly RunStartProblem[], write: (text: string) => void, cwd: string): void {
    for (const p of problems) {
        // A type mismatch lists one field a line: those lines go under the first, indented.
        const message = p.message.replace(/\n/g, '\n    ');
        if (!p.range) {
            write(`weft run: ${message}\n`);
            continue;
        }
        const r = p.range;
        write(formatDiagnostic({
            file: displayUri(r.uri, cwd), line: r.start.line + 1, column: r.start.character + 1,
            endLine: r.end.line + 1, endColumn: r.end.character + 1, severity: 'error', code: p.code, message,
        }) + '\n');
    }
    const hints: string[] = [];
    if (problems.some((p) => p.code.startsWith('input-'))) hints.push("give its inputs as --input '<json>' or --input @file.json");
    if (problems.some((p) => p.code === 'secret-unset')) hints.push('set the environment variables its secrets read');
    write(`weft run: ${workflow} did not start${hints.length ? `; ${hints.join(', and ')}` : ''}\n`);
}
