// CLI — the `--store` of a follow-up command the CLI prints (`weft approve R n`, `weft resume R`),
// so that it works as printed from the folder the user is in. Such a command finds its store by
// default from `$WEFT_STORE`, else `.weft/runs.db` in the current folder (not next to a workflow
// file, as `weft run` does): the hint names the store whenever that default is not the one used.
import path from 'node:path';
import { postgresTarget, storeFileFor } from './run-store-option.js';

/** Characters a shell word may hold unquoted. */
const PLAIN_WORD = /^[\w./:@%+=,-]+$/;

/** `text` as one shell word: as is when it is plain, else in single quotes. */
export function shellWord(text: string): string {
    return PLAIN_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * ` --store <path>` (with its leading space) for a follow-up command of a command started in
 * `cwd` with `values` (about `workflowFile`, for `weft run`), or '' when that command would find
 * the same store by default, or the runs are in memory. A file inside `cwd` is named relative to
 * it; a PostgreSQL URL is named without its password (never printed: the follow-up reads it from
 * `$PGPASSWORD`, or the user gives it).
 */
export function storeArgument(values: Record<string, unknown>, cwd: string, workflowFile?: string): string {
    if (values.memory) return '';
    const used = storeFileFor(values, cwd, workflowFile);
    if (used === storeFileFor({}, cwd)) return '';
    const given = typeof values.store === 'string' && values.store !== '' ? values.store : process.env.WEFT_STORE;
    if (given !== undefined && postgresTarget(given) !== undefined) {
        const url = new URL(given);
        url.password = '';
        return ` --store ${shellWord(url.toString())}`;
    }
    const relative = path.relative(cwd, used);
    const shown = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : used;
    return ` --store ${shellWord(shown)}`;
}

/** What `carryOn` names a command's store by: its file (who else carries a run) and the follow-up `--store`. */
export function carriedStore(values: Record<string, unknown>, cwd: string, workflowFile?: string): { store: string; storeFile?: string } {
    const store = storeArgument(values, cwd, workflowFile);
    return values.memory ? { store } : { store, storeFile: storeFileFor(values, cwd, workflowFile) };
}
