// CLI — reads a JSON option value: inline text (`'{"a":1}'`) or `@file.json` relative to the
// current folder. Bad JSON or an unreadable file is a usage error naming the option.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './command.js';

export function readJsonArgument(option: string, text: string, cwd: string): unknown {
    let source = text;
    let where = option;
    if (text.startsWith('@')) {
        const file = path.resolve(cwd, text.slice(1));
        where = `${option} file ${text.slice(1)}`;
        try {
            source = readFileSync(file, 'utf8');
        } catch (error) {
            throw new UsageError(`cannot read ${where}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
        }
    }
    try {
        return JSON.parse(source);
    } catch (error) {
        throw new UsageError(`${where} is not valid JSON: ${(error as Error).message}`);
    }
}

/** A value as JSON on one line, cut to `max` characters (`…` at the cut) for a confirmation line. */
export function briefJson(value: unknown, max = 80): string {
    const text = JSON.stringify(value) ?? 'null';
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
