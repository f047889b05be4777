// CLI — keeps Node's experimental warning about node:sqlite away from users. Installed before a
// SQLite store is opened; every other process warning is still printed as Node would print it.
// It must not hide deprecations or warnings of the user's own scripts.

let installed = false;

/** Replaces Node's default warning printer with one that drops only the SQLite experimental warning. */
export function quietSqliteWarning(): void {
    if (installed) return;
    installed = true;
    process.removeAllListeners('warning');
    process.on('warning', (warning: Error & { code?: string }) => {
        if (warning.name === 'ExperimentalWarning' && /sqlite/i.test(warning.message)) return;
        process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
    });
}
