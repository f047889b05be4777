// CLI — the run store a command works on: `--memory`, `--store <path or postgres:// URL>`,
// `$WEFT_STORE`, or the embedded default `.weft/runs.db` next to the workflow file (or in the
// current folder for commands that name no file). Opening a store is all it does; it runs nothing.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { RunStore } from '../runtime/store/run-store.js';
import { MemoryRunStore } from '../runtime/store/memory-run-store.js';
import { PostgresRunStore, redactedUrl } from '../runtime/store/postgres-run-store.js';
import { DEFAULT_STORE_FILE, SqliteRunStore } from '../runtime/store/sqlite-run-store.js';
import type { StoreAccess } from '../runtime/store/sqlite-open.js';
import type { OptionSpecs } from './command.js';
import { UsageError } from './command.js';
import { quietSqliteWarning } from './quiet-warnings.js';
import { crashHookStore } from './crash-hook.js';

export const storeOptions: OptionSpecs = {
    store: { type: 'string' },
};

/** A PostgreSQL store named by a URL: the URL for `pg` (without Weft's own `schema` parameter) and the schema. */
export interface PostgresTarget {
    url: string;
    schema: string;
    /** The URL without its password, for messages. */
    shown: string;
    /** What names the store wherever it is reached from: user, host, port, database, schema. */
    identity: string;
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** The PostgreSQL store `given` names (a `postgres://` or `postgresql://` URL, `?schema=` optional), else undefined. */
export function postgresTarget(given: string): PostgresTarget | undefined {
    if (!POSTGRES_URL.test(given)) return undefined;
    let u: URL;
    try {
        u = new URL(given);
    } catch {
        throw new UsageError(`--store: '${redactedUrl(given)}' is not a PostgreSQL URL (postgres://user:password@host:5432/database?schema=weft)`);
    }
    const schema = u.searchParams.get('schema') ?? 'weft';
    u.searchParams.delete('schema');
    const url = u.toString();
    const identity = `${decodeURIComponent(u.username)}@${u.hostname}:${u.port || '5432'}/${decodeURIComponent(u.pathname.slice(1))}#${schema}`;
    return { url, schema, shown: redactedUrl(given), identity };
}

function givenStore(values: Record<string, unknown>): string | undefined {
    const given = typeof values.store === 'string' ? values.store : process.env.WEFT_STORE;
    return given === '' ? undefined : given;
}

/** The PostgreSQL store the options name (`--store` or `$WEFT_STORE`), if they name one. */
function postgresTargetOf(values: Record<string, unknown>): PostgresTarget | undefined {
    const given = givenStore(values);
    return given === undefined ? undefined : postgresTarget(given);
}

/** Whether the options name a PostgreSQL store. */
export function isPostgresStore(values: Record<string, unknown>): boolean {
    const given = values.memory ? undefined : givenStore(values);
    return given !== undefined && POSTGRES_URL.test(given);
}

/**
 * Where the store is, for a command started in `cwd` about `workflowFile` (if any): the SQLite
 * file, or for a PostgreSQL store a path of this machine that stands for it (in the temporary
 * folder, named by a digest of the store's identity), beside which this machine's processes keep
 * what they keep next to a store file: who carries which runs, and which `weft serve` serves it.
 */
export function storeFileFor(values: Record<string, unknown>, cwd: string, workflowFile?: string): string {
    const given = givenStore(values);
    if (given) {
        const target = postgresTargetOf(values);
        if (target) return path.join(os.tmpdir(), `weft-postgres-${createHash('sha256').update(target.identity).digest('hex').slice(0, 16)}`);
        return path.resolve(cwd, given);
    }
    const base = workflowFile ? path.dirname(path.resolve(cwd, workflowFile)) : cwd;
    return path.join(base, DEFAULT_STORE_FILE);
}

/** The store as a person reads it: the file, or the PostgreSQL URL without its password. */
export function storeNameFor(values: Record<string, unknown>, cwd: string, workflowFile?: string): string {
    return postgresTargetOf(values)?.shown ?? storeFileFor(values, cwd, workflowFile);
}

/** What this process is, for a PostgreSQL store's claims (`weft serve (pid 4711)`): set by `main` for the command it runs. */
let holder: string | undefined;
export function setStoreHolder(command: string): void {
    holder = `weft ${command} (pid ${process.pid})`;
}

/**
 * Opens the store named by the options (`memory: true` for an in-memory one). `access` is how a
 * SQLite file is opened (`StoreAccess`): only the commands that start runs make a missing one.
 */
export function openRunStore(values: Record<string, unknown>, cwd: string, workflowFile?: string, access: StoreAccess = 'create'): RunStore {
    if (values.memory) {
        if (values.store !== undefined) throw new UsageError('--memory and --store cannot be used together');
        return crashHookStore(new MemoryRunStore());
    }
    const target = postgresTargetOf(values);
    if (target) return crashHookStore(new PostgresRunStore({ url: target.url, schema: target.schema, ...(holder !== undefined ? { holder } : {}) }));
    quietSqliteWarning();
    return crashHookStore(new SqliteRunStore({ file: storeFileFor(values, cwd, workflowFile), access }));
}
