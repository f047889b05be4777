// The registry of `weft` sub-commands. To add one, write cli/commands/<name>.ts exporting a
// CliCommand and add it to the list below (help lists them in this order).
import type { CliCommand } from '../command.js';
import { compileCommand } from './compile.js';
import { formatCommand } from './format.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { approveCommand } from './approve.js';
import { cancelCommand } from './cancel.js';
import { emitCommand } from './emit.js';
import { pauseCommand } from './pause.js';
import { resumeCommand } from './resume.js';
import { runsCommand } from './runs.js';
import { showCommand } from './show.js';
import { statsCommand } from './stats.js';
import { serveCommand } from './serve.js';
import { retryCommand } from './retry.js';
import { skipCommand } from './skip.js';
import { setCommand } from './set.js';
import { watchCommand } from './watch.js';
import { pruneCommand } from './prune.js';

export const commands: CliCommand[] = [
    compileCommand,
    formatCommand,
    runCommand,
    validateCommand,
    runsCommand,
    showCommand,
    watchCommand,
    resumeCommand,
    pauseCommand,
    cancelCommand,
    approveCommand,
    retryCommand,
    skipCommand,
    setCommand,
    emitCommand,
    statsCommand,
    pruneCommand,
    serveCommand,
];
