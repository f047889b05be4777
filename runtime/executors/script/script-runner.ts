// Runtime script executor — the entry the engine uses: `runScript` runs a script task on the
// process-wide pool, which isolates scripts in a script host process (script-host-client.ts);
// the in-process worker pool itself is script-pool.ts.
import { ScriptHostPool } from './script-host-client.js';
import type { ScriptPool, ScriptRunOptions, ScriptRunResult } from './script-pool.js';

export { ScriptFailure, ScriptWorkerPool, type ScriptLog, type ScriptPool, type ScriptPoolOptions, type ScriptRunOptions, type ScriptRunResult } from './script-pool.js';
export { ScriptHostPool, type ScriptHostOptions } from './script-host-client.js';

let sharedPool: ScriptHostPool | undefined;

/** The process-wide pool `runScript` uses. */
export function defaultScriptPool(): ScriptPool {
  sharedPool ??= new ScriptHostPool();
  return sharedPool;
}

/** Runs a script task on the shared warm pool. */
export function runScript(options: ScriptRunOptions): Promise<ScriptRunResult> {
  return defaultScriptPool().run(options);
}

