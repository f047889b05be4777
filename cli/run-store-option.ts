// CLI — the run store a command works on: `--memory`, `--store <path>`, `$WEFT_STORE`, or the
// embedded default `.weft/runs.db` next to the workflow file (or in the current folder for
// commands that name no file). Opening a store is all it does; it runs nothing.
import path from 'node:path';
import type { RunStore } from '../runtime/store/run-store.js';
import { MemoryRunStore } from '../runtime/store/memory-run-store.js';
import { DEFAULT_STORE_FILE, SqliteRunStore } from '../runtime/store/sqlite-run-store.js';
import type { OptionSpecs } from './command.js';
import { UsageError } from './command.js';
import { quietSqliteWarning } from './quiet-warnings.js';
import { crashHookStore } from './crash-hook.js';

export const storeOptions: OptionSpecs = {
    store: { type: 'string' },
};

/** Where the SQLite store is, for a command started in `cwd` about `workflowFile` (if any). */
export function storeFileFor(values: Record<string, unknown>, cwd: string, workflowFile?: string): string {
    const given = typeof values.store === 'string' ? values.store : process.env.WEFT_STORE;
    if (given) return path.resolve(cwd, given);
    const base = workflowFile ? path.dirname(path.resolve(cwd, workflowFile)) : cwd;
    return path.join(base, DEFAULT_STORE_FILE);
}

/** Opens the store named by the options (`memory: true` for an in-memory one). */
export function openRunStore(values: Record<string, unknown>, cwd: string, workflowFile?: string): RunStore {
    if (values.memory) {
        if (values.store !== undefined) throw new UsageError('--memory and --store cannot be used together');
        return crashHookStore(new MemoryRunStore());
    }
    quietSqliteWarning();
    return crashHookStore(new SqliteRunStore({ file: storeFileFor(values, cwd, workflowFile) }));
}
