// Runtime script executor — the script host: a child process of the engine's process that runs
// the worker pool (script-pool.ts). script-host-client.ts starts it with an empty environment
// and Node's permission model (reads only of the workflow's folder, the host's own files and the
// temp folder; no child processes), so a script cannot read the engine's secrets from
// /proc/<pid>/environ: they are not in this process, and the engine's /proc entry is unreadable.
// Requests come as frames on fd 0 and messages go back on fd 3 (script-channel.ts).
// Bundled to dist/script-host.cjs by esbuild.mjs.
import { createDecipheriv } from 'node:crypto';
import { Socket } from 'node:net';
import { deserialize } from 'node:v8';
import { decodeRequest, encodeSigned, FrameReader } from './script-channel.js';
import { ScriptFailure, ScriptWorkerPool, type ScriptPoolOptions } from './script-pool.js';
import type { HostMessage, HostRequest, HostRunOptions } from './script-protocol.js';

// A script shares this process's file descriptors and can read fd 0: inputs (which may carry
// other scripts' secrets) come sealed with a key sent before any script ran, and it can write
// fd 3: messages go out signed with a second key sent with it. Both keys live only in this main
// thread's heap (a worker is another isolate; /proc/self/mem is outside what the permission
// model lets it read), and their frame was read from fd 0 before any worker started.
let key: Buffer | undefined;
let macKey: Buffer | undefined;
function unseal(sealed: HostRunOptions['sealedInput']): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key!, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return deserialize(Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]));
}

const requests = new Socket({ fd: 0, readable: true, writable: false });
const messages = new Socket({ fd: 3, readable: false, writable: true });
// A write that fails means the channel is gone (a script may have closed it): nothing to answer to.
messages.on('error', () => process.exit(70));
const send = (m: HostMessage) => { if (macKey && !messages.destroyed) messages.write(encodeSigned(macKey, m)); };
const poolOptions = JSON.parse(process.argv[2] ?? '{}') as ScriptPoolOptions;
// Script workers keep the permission flags but not --allow-worker: a script cannot start a
// worker (one given `execArgv: []` would run outside the permission model).
const pool = new ScriptWorkerPool({ ...poolOptions, execArgv: process.execArgv.filter((a) => a !== '--allow-worker') });
const running = new Map<number, AbortController>();

function onRequest(m: HostRequest): void {
  if (m.type === 'key') {
    if (!key) { key = Buffer.from(m.key, 'base64'); macKey = Buffer.from(m.macKey, 'base64'); send({ type: 'ready' }); }
    return;
  }
  if (m.type === 'cancel') { running.get(m.id)?.abort(); return; }
  if (m.type !== 'run' || !key) return;
  const { id } = m;
  const ac = new AbortController();
  running.set(id, ac);
  const { sealedInput, ...options } = m.options;
  let input: unknown;
  try {
    input = unseal(sealedInput);
  } catch (err) {
    running.delete(id);
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
}

const reader = new FrameReader();
// The engine's process went away (or a script closed fd 0): nothing is left to answer to.
let leaving = false;
const leave = () => { if (leaving) return; leaving = true; void pool.close().finally(() => process.exit(0)); };
requests.on('data', (chunk: Buffer) => {
  if (leaving) return;
  let bodies: Buffer[];
  try {
    bodies = reader.push(chunk);
  } catch {
    return leave(); // only the engine writes here: a garbled stream means a script read part of it
  }
  for (const body of bodies) {
    let m: HostRequest;
    try { m = decodeRequest(body) as HostRequest; } catch { continue; }
    onRequest(m);
  }
});
requests.on('end', leave);
requests.on('error', leave);
