// Runtime script executor — the script host: a child process of the engine's process that runs
// the worker pool (script-pool.ts). script-host-client.ts starts it with an empty environment
// and Node's permission model (reads only of the workflow's folder, the host's own files and the
// temp folder; no child processes), so a script cannot read the engine's secrets from
// /proc/<pid>/environ: they are not in this process, and the engine's /proc entry is unreadable.
// Bundled to dist/script-host.cjs by esbuild.mjs.
import { createDecipheriv } from 'node:crypto';
import { deserialize } from 'node:v8';
import { ScriptFailure, ScriptWorkerPool, type ScriptPoolOptions } from './script-pool.js';
import type { HostMessage, HostRequest, HostRunOptions } from './script-protocol.js';

if (!process.send) throw new Error('script-host must be started with an IPC channel');

// A script shares this process's file descriptors and can read the IPC socket: inputs (which may
// carry other scripts' secrets) come sealed with a key sent before any script ran.
let key: Buffer | undefined;
function unseal(sealed: HostRunOptions['sealedInput']): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key!, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return deserialize(Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]));
}

// A send that fails means the channel is gone (a script may have closed it): nothing to answer to.
const send = (m: HostMessage) => { if (process.connected) process.send!(m, undefined, {}, (err) => { if (err) process.exit(70); }); };
const poolOptions = JSON.parse(process.argv[2] ?? '{}') as ScriptPoolOptions;
// Script workers keep the permission flags but not --allow-worker: a script cannot start a
// worker (one given `execArgv: []` would run outside the permission model).
const pool = new ScriptWorkerPool({ ...poolOptions, execArgv: process.execArgv.filter((a) => a !== '--allow-worker') });
const running = new Map<number, AbortController>();

process.on('message', (m: HostRequest) => {
  if (m.type === 'key') { key ??= Buffer.from(m.key, 'base64'); return; }
  if (m.type === 'cancel') { running.get(m.id)?.abort(); return; }
  if (m.type !== 'run') return;
  const { id } = m;
  const ac = new AbortController();
  running.set(id, ac);
  const { sealedInput, ...options } = m.options;
  let input: unknown;
  try {
    input = unseal(sealedInput);
  } catch (err) {
    send({ type: 'failure', id, name: 'ScriptInputInvalid', message: `the script's input could not be unsealed: ${(err as Error).message}`, logs: [], cpuMs: 0, size: pool.size });
    return;
  }
  pool.run({ ...options, input, signal: ac.signal, onLog: (log) => send({ type: 'log', id, log }) }).then(
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
