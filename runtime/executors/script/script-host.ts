// Runtime script executor — the script host: a child process of the engine's process that runs
// the worker pool (script-pool.ts). script-host-client.ts starts it with an empty environment
// and Node's permission model (reads only of the workflow's folder, the host's own files and the
// temp folder; no child processes), so a script cannot read the engine's secrets from
// /proc/<pid>/environ: they are not in this process, and the engine's /proc entry is unreadable.
// Bundled to dist/script-host.cjs by esbuild.mjs.
import { ScriptFailure, ScriptWorkerPool, type ScriptPoolOptions } from './script-pool.js';
import type { HostMessage, HostRequest } from './script-protocol.js';

if (!process.send) throw new Error('script-host must be started with an IPC channel');

const send = (m: HostMessage) => { if (process.connected) process.send!(m); };
const poolOptions = JSON.parse(process.argv[2] ?? '{}') as ScriptPoolOptions;
// Script workers keep the permission flags but not --allow-worker: a script cannot start a
// worker (one given `execArgv: []` would run outside the permission model).
const pool = new ScriptWorkerPool({ ...poolOptions, execArgv: process.execArgv.filter((a) => a !== '--allow-worker') });
const running = new Map<number, AbortController>();

process.on('message', (m: HostRequest) => {
  if (m.type === 'cancel') { running.get(m.id)?.abort(); return; }
  if (m.type === 'runEnded') { pool.runEnded(m.runId); return; }
  if (m.type !== 'run') return;
  const { id } = m;
  const ac = new AbortController();
  running.set(id, ac);
  pool.run({ ...m.options, signal: ac.signal, onLog: (log) => send({ type: 'log', id, log }) }).then(
    (r) => send({ type: 'result', id, ...r, size: pool.size }),
    (err: unknown) => {
      const f = err instanceof ScriptFailure ? err : new ScriptFailure('ScriptCrashed', `the script host failed: ${(err as Error)?.message ?? String(err)}`, [], 0);
      send({ type: 'failure', id, name: f.name, message: f.message, logs: f.logs, cpuMs: f.cpuMs, details: f.details, size: pool.size });
    },
  ).finally(() => running.delete(id));
});
// The engine's process went away: nothing is left to answer to.
process.on('disconnect', () => { void pool.close().finally(() => process.exit(0)); });
send({ type: 'ready' });
