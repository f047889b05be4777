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
  let loaded: typeof import('node:sqlite') | undefined;
  try {
    // `getBuiltinModule` is itself missing before Node 20.16, and answers undefined for a module
    // this Node does not have.
    loaded = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite') | undefined : undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
  if (!loaded) throw new SqliteUnavailableError();
  return (sqlite = loaded);
}

/** This Node has no `node:sqlite` (it came with Node 22.5): the embedded store cannot open. */
export class SqliteUnavailableError extends Error {
  override name = 'SqliteUnavailableError';
  constructor() {
    super(`The run store needs node:sqlite, which Node has from 22.5 on; this is Node ${process.version}. Run weft through bin/weft.cjs (it uses the project's Node 22), or keep runs in memory (weft run --memory)`);
  }
}
