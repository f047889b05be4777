// Runtime script executor — the worker pool: runs a script task's ES module in a worker thread
// with a memory limit (`resourceLimits` for the heap, plus ArrayBuffers/Buffers, polled), a
// CPU-time limit (the worker's thread CPU, polled), a wall-clock timeout and cancellation;
// captures console output as logs. Warm workers are reused only by scripts of the same group (the
// engine's: one workflow), after a successful or cleanly failing run, and discarded after a
// limit, a crash, a cancellation or a script given a secret. Workers get an empty `env`. This pool runs inside the script host
// process (script-host.ts), or in the engine's process where that host cannot run.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TaskError } from '../task-error.js';
import type { RunRequest, ScriptLog, WorkerMessage } from './script-protocol.js';
import { defaultScriptWorkerPath } from './worker-location.js';

export type { ScriptLog } from './script-protocol.js';

export interface ScriptRunOptions {
  /** Absolute path of the module file (`script "file.js"`, resolved by the compiler). */
  path?: string;
  /** Inline ES module source (`script """…"""`). */
  code?: string;
  /** The `with` object; structured-clone data. */
  input: unknown;
  /** Old-generation heap limit of the worker. */
  memoryBytes?: number;
  /** CPU time the run may use. */
  cpuMs?: number;
  /** Wall-clock time the run may take. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called for every log line as it happens (they are also returned). */
  onLog?(log: ScriptLog): void;
  /**
   * Which scripts may share a warm worker (the engine gives the workflow: its file and name); a
   * worker is never reused across groups.
   */
  group?: string;
  /** The input carries a secret: the worker is discarded after the script, never reused. */
  secretInput?: boolean;
  /** The workflow's folder: an isolated script may read and write under it (script-host-client.ts). */
  folder?: string;
  /**
   * The run's secret values: what the script host writes on its stderr (a script can write its
   * fd 2) is masked with them while the script runs (script-host-client.ts).
   */
  secrets?: readonly string[];
}

export interface ScriptRunResult {
  /** The default export's return value, JSON-normalised (`undefined` -> null). */
  value: unknown;
  logs: ScriptLog[];
  /** CPU time the run used (the worker thread's user + system time). */
  cpuMs: number;
  /** Peak JS heap in use during the run (sampled). */
  maxMemoryBytes: number;
}

/** A failed script run: `name` is the script's own error name, or one of the runner's. */
export class ScriptFailure extends TaskError {
  constructor(name: string, message: string, readonly logs: ScriptLog[], readonly cpuMs: number, details?: Record<string, unknown>) {
    super(name, message, details ? { details } : {});
  }
}

export interface ScriptPoolOptions {
  /** The worker entry; found next to this module (out/ or dist/) by default. */
  workerPath?: string;
  /** Warm workers kept per memory limit (default 4). */
  maxIdlePerLimit?: number;
  /** Log lines kept per run (default 1000); later lines are counted, not kept. */
  maxLogLines?: number;
  /** Scripts running at once (default 4 per CPU, at least 8); later runs wait their turn. */
  maxConcurrent?: number;
  /** Warm workers kept in all (default 8); the longest idle goes first. */
  maxIdle?: number;
  /** Node options of the workers (default none); the script host gives its permission flags. */
  execArgv?: string[];
}

/** What runs scripts: this in-process pool, or the script host client. */
export interface ScriptPool {
  run(options: ScriptRunOptions): Promise<ScriptRunResult>;
  close(): Promise<void>;
  /** Live workers (idle and busy), for tests and metrics. */
  readonly size: number;
}

interface PooledWorker {
  worker: Worker;
  key: string;
  dead: boolean;
  /** Settles when the worker has loaded its entry (so its CPU clock can be read). */
  ready: Promise<void>;
}

const MB = 1024 * 1024;

export class ScriptWorkerPool implements ScriptPool {
  private readonly idle = new Map<string, PooledWorker[]>();
  /** Idle workers, longest idle first, for the `maxIdle` cap. */
  private readonly idleOrder: PooledWorker[] = [];
  private readonly all = new Set<PooledWorker>();
  private nextId = 1;
  private closed = false;
  private readonly workerPath: string;
  private readonly maxConcurrent: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: ScriptPoolOptions = {}) {
    this.workerPath = options.workerPath ?? defaultScriptWorkerPath();
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? Math.max(8, availableParallelism() * 4));
  }

  /** Number of live workers (idle and busy), for tests and metrics. */
  get size(): number {
    return this.all.size;
  }

  async run(options: ScriptRunOptions): Promise<ScriptRunResult> {
    if (this.closed) throw new Error('the script pool is closed');
    if (options.signal?.aborted) throw new ScriptFailure('Cancelled', 'the script was cancelled before it started', [], 0);
    const moduleUrl = await moduleUrlOf(options);
    const memoryMb = options.memoryBytes ? Math.max(2, Math.ceil(options.memoryBytes / MB)) : undefined;
    await this.takeSlot(options.signal);
    try {
      const pooled = this.acquire(memoryMb, options.group);
      return await this.execute(pooled, moduleUrl, options, memoryMb);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Waits until fewer than `maxConcurrent` scripts run; a cancelled wait rejects. */
  private takeSlot(signal: AbortSignal | undefined): Promise<void> {
    if (this.running < this.maxConcurrent) { this.running++; return Promise.resolve(); }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new ScriptFailure('Cancelled', 'the script was cancelled while waiting for a worker', [], 0));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  /** Terminates every worker; running scripts fail with `Cancelled`. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all];
    this.all.clear();
    this.idle.clear();
    this.idleOrder.length = 0;
    await Promise.all(workers.map((p) => { p.dead = true; return p.worker.terminate(); }));
  }

  private acquire(memoryMb: number | undefined, group: string | undefined): PooledWorker {
    // Scripts of different workflows never share a worker: globalThis and module state would
    // carry what one workflow's script was given to another's. Runs of one workflow do, as warm
    // starts do elsewhere (a secret's worker is never reused: `release`).
    const key = `${memoryMb === undefined ? 'default' : memoryMb}\0${group ?? ''}`;
    const list = this.idle.get(key);
    while (list && list.length) {
      const p = list.pop()!;
      this.unidle(p);
      if (!p.dead) { p.worker.ref(); return p; }
    }
    const worker = new Worker(this.workerPath, {
      env: {},
      argv: [],
      // Host flags (--inspect, --input-type, loaders) must not leak into user scripts. In the
      // script host these are its permission flags: a worker given [] would run unrestricted.
      execArgv: this.options.execArgv ?? [],
      ...(memoryMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: memoryMb } }),
    });
    const ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: WorkerMessage) => { if (m.type === 'ready') { worker.off('message', onReady); resolve(); } };
      worker.on('message', onReady);
      worker.once('exit', () => reject(new Error('the worker exited while starting')));
    });
    ready.catch(() => { /* reported by the run's exit handler */ });
    const p: PooledWorker = { worker, key, dead: false, ready };
    // An idle worker that dies is dropped; a busy one is handled by its run's listeners.
    worker.on('error', () => this.discard(p));
    worker.on('exit', () => this.discard(p));
    this.all.add(p);
    return p;
  }

  private release(p: PooledWorker, secretInput: boolean | undefined): void {
    // A worker that held a secret is not reused: the script may have kept it in a global.
    if (p.dead || this.closed || secretInput) return this.discard(p);
    const list = this.idle.get(p.key) ?? [];
    if (list.length >= (this.options.maxIdlePerLimit ?? 4)) return this.discard(p);
    p.worker.unref();
    list.push(p);
    this.idle.set(p.key, list);
    this.idleOrder.push(p);
    while (this.idleOrder.length > (this.options.maxIdle ?? 8)) this.discard(this.idleOrder[0]);
  }

  private unidle(p: PooledWorker): void {
    const list = this.idle.get(p.key);
    const i = list ? list.indexOf(p) : -1;
    if (i >= 0) list!.splice(i, 1);
    if (list && !list.length) this.idle.delete(p.key);
    const j = this.idleOrder.indexOf(p);
    if (j >= 0) this.idleOrder.splice(j, 1);
  }

  private discard(p: PooledWorker): void {
    if (!p.dead) { p.dead = true; void p.worker.terminate(); }
    this.all.delete(p);
    this.unidle(p);
  }

  private execute(p: PooledWorker, moduleUrl: string, options: ScriptRunOptions, memoryMb: number | undefined): Promise<ScriptRunResult> {
    const id = this.nextId++;
    const logs: ScriptLog[] = [];
    const maxLogs = this.options.maxLogLines ?? 1000;
    let dropped = 0;
    const addLog = (log: ScriptLog) => {
      options.onLog?.(log);
      if (logs.length < maxLogs) logs.push(log);
      else dropped++;
    };

    return new Promise<ScriptRunResult>((resolve, reject) => {
      const { worker } = p;
      let settled = false;
      let cpuTimer: NodeJS.Timeout | undefined;
      let memoryTimer: NodeJS.Timeout | undefined;
      let wallTimer: NodeJS.Timeout | undefined;
      let peakBytes = 0;
      let cpuBaseline = 0;
      let lastCpuMs = 0;
      const finalLogs = () => (dropped ? [...logs, { level: 'warn' as const, message: `… ${dropped} more log line(s) dropped`, at: Date.now() }] : logs);

      const cleanup = () => {
        settled = true;
        clearInterval(cpuTimer);
        clearInterval(memoryTimer);
        clearTimeout(wallTimer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const failHard = (name: string, message: string, details?: Record<string, unknown>) => {
        if (settled) return;
        cleanup();
        this.discard(p);
        reject(new ScriptFailure(name, message, finalLogs(), lastCpuMs, details));
      };
      const onMessage = (m: WorkerMessage) => {
        if (settled || m.type === 'ready' || m.id !== id) return;
        if (m.type === 'log') { addLog({ level: m.level, message: m.message, at: m.at }); return; }
        cleanup();
        if (m.type === 'result') {
          this.release(p, options.secretInput);
          resolve({ value: m.value, logs: finalLogs(), cpuMs: m.cpuMs, maxMemoryBytes: Math.max(m.heapBytes, peakBytes) });
        } else {
          this.release(p, options.secretInput);
          reject(new ScriptFailure(m.name, m.message, finalLogs(), m.cpuMs));
        }
      };
      const overMemory = () => failHard('MemoryLimitExceeded', `the script exceeded its memory limit of ${memoryMb} MB`, { limitBytes: (memoryMb ?? 0) * MB });
      const onError = (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          overMemory();
        } else {
          failHard('ScriptCrashed', `the script's worker crashed: ${err.name}: ${err.message}`);
        }
      };
      const onExit = (code: number) => (this.closed
        ? failHard('Cancelled', 'the script pool was closed while the script ran')
        : failHard('ScriptCrashed', `the script's worker exited with code ${code} before the script finished`));
      const onAbort = () => failHard('Cancelled', 'the script was cancelled');

      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeoutMs !== undefined) {
        wallTimer = setTimeout(() => failHard('Timeout', `the script did not finish within ${options.timeoutMs} ms`, { timeoutMs: options.timeoutMs }), options.timeoutMs);
      }

      const start = async () => {
        if (memoryMb !== undefined || options.cpuMs !== undefined) await p.ready;
        if (settled) return;
        if (memoryMb !== undefined && typeof worker.getHeapStatistics === 'function') {
          // resourceLimits bound only the V8 heap; ArrayBuffers and Buffers (external memory, per
          // isolate) count too. Read from this thread, so a synchronous allocation loop is seen.
          const limitBytes = memoryMb * MB;
          memoryTimer = setInterval(() => {
            worker.getHeapStatistics().then((h) => {
              const used = h.used_heap_size + h.external_memory;
              if (used > peakBytes) peakBytes = used;
              if (used > limitBytes) overMemory();
            }, () => { /* the worker is gone; its exit handler reports */ });
          }, 5);
        }
        if (options.cpuMs !== undefined) {
          const limit = options.cpuMs;
          const u = await worker.cpuUsage();
          cpuBaseline = u.user + u.system;
          const every = Math.max(2, Math.min(25, Math.floor(limit / 10)));
          cpuTimer = setInterval(() => {
            worker.cpuUsage().then((now) => {
              lastCpuMs = (now.user + now.system - cpuBaseline) / 1000;
              if (lastCpuMs > limit) failHard('CpuLimitExceeded', `the script used more than its CPU limit of ${limit} ms`, { limitMs: limit });
            }, () => { /* the worker is gone; its exit handler reports */ });
          }, every);
        }
        if (settled) return;
        const request: RunRequest = { type: 'run', id, moduleUrl, input: options.input };
        try {
          worker.postMessage(request);
        } catch (err) {
          cleanup();
          this.release(p, false);
          reject(new ScriptFailure('ScriptInputInvalid', `the script's input cannot be passed to it: ${(err as Error).message}`, [], 0));
        }
      };
      start().catch((err: Error) => failHard('ScriptCrashed', `the script's worker could not start: ${err.message}`));
    });
  }
}

async function moduleUrlOf(options: ScriptRunOptions): Promise<string> {
  if (options.code !== undefined) {
    if (options.path !== undefined) throw new ScriptFailure('ScriptLoadError', 'give a script either a path or code, not both', [], 0);
    return `data:text/javascript;base64,${Buffer.from(options.code, 'utf8').toString('base64')}`;
  }
  if (options.path === undefined) throw new ScriptFailure('ScriptLoadError', 'a script needs a path or code', [], 0);
  const file = path.resolve(options.path);
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ScriptFailure('ScriptLoadError', `script file not found: ${file}`, [], 0);
  }
  if (!info.isFile()) throw new ScriptFailure('ScriptLoadError', `not a file: ${file}`, [], 0);
  // The version query makes a warm worker load an edited file afresh.
  return `${pathToFileURL(file).href}?v=${info.mtimeMs}-${info.size}`;
}
