// Runtime script executor — the worker-thread entry that runs user scripts (LANGUAGE.md §3.2
// `task n: script`). It imports the ES module, calls its default export with the input, and
// reports the JSON result or the error's name and message. It never sees the parent's env:
// the runner starts it with an empty `env`. Bundled to dist/script-worker.cjs by esbuild.mjs.
import workerThreads, { parentPort } from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';
import { format } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import type { LogLevel, RunRequest, WorkerMessage } from './script-protocol.js';

const port = parentPort;
if (!port) throw new Error('script-worker must run in a worker thread');

let currentRun = 0;
let peakHeap = 0;

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

// Scripts may not start workers: their CPU and memory would escape the task's limits. In the
// script host the permission model refuses them anyway (no --allow-worker for script workers);
// in the engine's process this is a guard for honest limits, not a security boundary.
class RefusedWorker {
  constructor() {
    throw Object.assign(new Error('scripts may not start worker threads (their CPU and memory would escape the task\'s limits)'), { code: 'ERR_ACCESS_DENIED' });
  }
}
(workerThreads as { Worker: unknown }).Worker = RefusedWorker;
syncBuiltinESMExports();

// Nor send signals: the permission model does not cover them, and a script could end its host
// (every script running beside it), the engine (its parent, process.ppid) or any other process of
// the user. `_kill` is what `kill` calls. A guard: a script can still end its host by other means
// (script-host-client.ts says what then happens to the scripts beside it).
function refusedKill(): never {
  throw Object.assign(new Error('scripts may not send signals to processes'), { code: 'ERR_ACCESS_DENIED' });
}
for (const name of ['kill', '_kill'] as const) {
  Object.defineProperty(process, name, { value: refusedKill, writable: false, configurable: false });
}

function sampleHeap(): number {
  // Buffers and ArrayBuffers (external memory, counted per isolate) are the script's memory too.
  const h = getHeapStatistics();
  const used = h.used_heap_size + h.external_memory;
  if (used > peakHeap) peakHeap = used;
  return peakHeap;
}

function capture(level: LogLevel) {
  return (...args: unknown[]) => {
    sampleHeap();
    post({ type: 'log', id: currentRun, level, message: format(...args), at: Date.now() });
  };
}

console.log = capture('info');
console.info = capture('info');
console.debug = capture('debug');
console.trace = capture('debug');
console.warn = capture('warn');
console.error = capture('error');

// Direct writes to stdout/stderr become log lines too (never the host's terminal).
function captureStream(level: LogLevel) {
  return ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? encoding as BufferEncoding : 'utf8');
    for (const line of text.replace(/\n$/, '').split('\n')) post({ type: 'log', id: currentRun, level, message: line, at: Date.now() });
    const cb = typeof encoding === 'function' ? encoding : callback;
    if (typeof cb === 'function') queueMicrotask(() => (cb as () => void)());
    return true;
  }) as typeof process.stdout.write;
}
process.stdout.write = captureStream('info');
process.stderr.write = captureStream('error');

function cpuMicros(): number {
  // The worker thread's own CPU time (the project's Node 22.23 has it); on a Node without it, the
  // process's, which counts the other threads' too: an upper bound, so the cpu limit is stricter.
  const u = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return u.user + u.system;
}

function describeThrown(thrown: unknown): { name: string; message: string; stack?: string } {
  if (thrown instanceof Error) {
    // Node's own text names a flag the workflow's author cannot give: say what was refused instead.
    const denied = thrown as Error & { code?: unknown; permission?: unknown; resource?: unknown };
    if (denied.code === 'ERR_ACCESS_DENIED' && typeof denied.permission === 'string') {
      const what = `${denied.permission}${typeof denied.resource === 'string' ? ` ${denied.resource}` : ''}`;
      return { name: String(thrown.name || 'Error'), message: `access denied (${what}): a script may read only its workflow's folder and the temp folder, write only those, and start no process`, stack: thrown.stack };
    }
    return { name: String(thrown.name || 'Error'), message: String(thrown.message), stack: thrown.stack };
  }
  if (typeof thrown === 'object' && thrown !== null) {
    const o = thrown as { name?: unknown; message?: unknown };
    if (typeof o.message === 'string') return { name: typeof o.name === 'string' ? o.name : 'Error', message: o.message };
  }
  return { name: 'Error', message: String(thrown) };
}

async function run(request: RunRequest): Promise<void> {
  currentRun = request.id;
  peakHeap = 0;
  sampleHeap();
  const heapTimer = setInterval(sampleHeap, 5);
  heapTimer.unref();
  const cpuStart = cpuMicros();
  const finish = () => {
    clearInterval(heapTimer);
    return { cpuMs: (cpuMicros() - cpuStart) / 1000, heapBytes: sampleHeap() };
  };
  let mod: { default?: unknown };
  try {
    mod = await import(request.moduleUrl) as { default?: unknown };
  } catch (err) {
    const d = describeThrown(err);
    post({ type: 'error', id: request.id, name: 'ScriptLoadError', message: `cannot load the script: ${d.name}: ${d.message}`, ...finish() });
    return;
  }
  if (typeof mod.default !== 'function') {
    post({ type: 'error', id: request.id, name: 'ScriptLoadError', message: 'the script has no default export function (export default function (input) { … })', ...finish() });
    return;
  }
  let value: unknown;
  try {
    value = await (mod.default as (input: unknown) => unknown)(request.input);
  } catch (err) {
    post({ type: 'error', id: request.id, ...describeThrown(err), ...finish() });
    return;
  }
  let json: unknown;
  try {
    json = value === undefined ? null : JSON.parse(JSON.stringify(value) ?? 'null');
  } catch (err) {
    post({ type: 'error', id: request.id, name: 'ScriptResultInvalid', message: `the script's result is not JSON data: ${describeThrown(err).message}`, ...finish() });
    return;
  }
  post({ type: 'result', id: request.id, value: json, ...finish() });
}

port.on('message', (request: RunRequest) => {
  if (request?.type === 'run') void run(request);
});
post({ type: 'ready' });
