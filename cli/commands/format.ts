// `weft format <files|dirs…> [--check]`: rewrites .weft files in the canonical layout, or with
// --check lists the files that are not formatted (exit 1). Never writes a file that has syntax
// errors (they are reported, exit 1); unreadable paths are usage errors (exit 2).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import type { WeftFormatter } from '../../language-server/lsp/weft-formatter.js';
import type { CliCommand } from '../command.js';
import { ExitCode, UsageError } from '../command.js';
import { weftServices } from '../../language-server/workspace/node-services.js';
import { weftFilesOf } from '../weft-files.js';

function syntaxErrors(document: LangiumDocument, file: string): string[] {
    const { lexerErrors, parserErrors } = document.parseResult;
    const end = document.textDocument.positionAt(document.textDocument.getText().length);
    // Errors at the end of input carry no position (NaN or -1): they are reported at the end.
    const at = (line: number | undefined, column: number | undefined) =>
        line !== undefined && line >= 1 && column !== undefined && column >= 1 ? `${line}:${column}` : `${end.line + 1}:${end.character + 1}`;
    return [
        ...lexerErrors.map(e => `${file}:${at(e.line, e.column)} error syntax ${e.message}`),
        ...parserErrors.map(e => `${file}:${at(e.token.startLine, e.token.startColumn)} error syntax ${e.message}`),
    ];
}

export const formatCommand: CliCommand = {
    name: 'format',
    summary: 'format .weft files in place (--check: list unformatted files, exit 1)',
    usage: 'weft format <files or folders…> [--check]',
    options: {
        check: { type: 'boolean' },
    },
    async run({ values, positionals, io, cwd }) {
        if (positionals.length === 0) throw new UsageError('format needs at least one file or folder');
        const check = values.check === true;
        const files: string[] = [];
        for (const target of positionals) files.push(...await weftFilesOf(target, cwd));
        const services = weftServices();
        const formatter = services.lsp.Formatter as WeftFormatter;
        const factory = services.shared.workspace.LangiumDocumentFactory;
        let failed = false;
        let changed = 0;
        for (const file of files) {
            const shown = path.relative(cwd, file) || file;
            let text: string;
            try {
                text = await fs.readFile(file, 'utf8');
            } catch (error) {
                io.stderr(`weft format: cannot read ${shown}: ${(error as Error).message}\n`);
                return ExitCode.usage;
            }
            const document = factory.fromString(text, URI.file(file));
            const errors = syntaxErrors(document, shown);
            const layout = errors.length === 0 ? formatter.layout(document) : undefined;
            if (!layout) {
                for (const line of errors.length > 0 ? errors : [`${shown}:1:1 error format the layout would change the program; file left as is`]) {
                    io.stderr(line + '\n');
                }
                failed = true;
                continue;
            }
            if (layout.text === text) continue;
            changed++;
            if (check) {
                io.stdout(`${shown}\n`);
            } else {
                await fs.writeFile(file, layout.text);
                io.stdout(`formatted ${shown}\n`);
            }
        }
        if (check && changed > 0) {
            io.stderr(`${changed} file${changed === 1 ? '' : 's'} not formatted (run weft format to fix)\n`);
        }
        return failed || (check && changed > 0) ? ExitCode.invalid : ExitCode.ok;
    },
};
