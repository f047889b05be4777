// The registry of `weft` sub-commands. To add one, write cli/commands/<name>.ts exporting a
// CliCommand and add it to the list below (help lists them in this order).
import type { CliCommand } from '../command.js';
import { compileCommand } from './compile.js';
import { formatCommand } from './format.js';
import { validateCommand } from './validate.js';

export const commands: CliCommand[] = [
    compileCommand,
    formatCommand,
    validateCommand,
];
