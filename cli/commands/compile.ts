// `weft compile <file> [--workflow Name]`: loads the file and its imports, stops with the
// diagnostics (exit 1) if any error, else prints the workflow's IR bundle (with its hash) as
// JSON on stdout. Warnings go to stderr and do not stop compilation.
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { compileWorkflow, printDiagnostics } from '../../language-server/workspace/compile-workflow.js';

export const compileCommand: CliCommand = {
    name: 'compile',
    summary: 'print the IR (WorkflowBundle JSON) of a workflow',
    usage: 'weft compile <file.weft> [--workflow Name]',
    options: {
        workflow: { type: 'string', short: 'w' },
    },
    async run({ values, positionals, io }) {
        if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'compile needs a file' : 'compile takes exactly one file');
        const workflow = typeof values.workflow === 'string' ? values.workflow : undefined;
        const result = await compileWorkflow(positionals[0], workflow);
        if (!result.ok) {
            printDiagnostics(result.diagnostics, io.stderr);
            return ExitCode.invalid;
        }
        printDiagnostics(result.warnings, io.stderr);
        io.stdout(JSON.stringify(result.bundle, null, 2) + '\n');
        return ExitCode.ok;
    },
};
