// Store — loads Node's built-in `node:sqlite` on first use, without the experimental warning
// Node prints when it loads: the CLI, the extension host and the debug adapter all open stores,
// and their users should not see it. Only that one warning, only during that one load.

let sqlite: typeof import('node:sqlite') | undefined;

export function loadSqlite(): typeof import('node:sqlite') {
  if (sqlite) return sqlite;
  const emitWarning = process.emitWarning;
  // Node emits the warning synchronously from the module's first load; nothing else runs
  // in between, so other code's warnings are untouched.
  process.emitWarning = function quietSqlite(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^SQLite is an experimental feature/.test(text)) return;
    return (emitWarning as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    sqlite = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  return sqlite;
}
