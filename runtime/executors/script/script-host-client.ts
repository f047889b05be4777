// Runtime script executor — the engine's side of script isolation: runs scripts in a script
// host child process (script-host.ts) started with an EMPTY environment and Node's permission
// model, so no script reaches the engine's environment (secrets, OPENAI_API_KEY) through
// /proc/<pid>/environ. A host may read the workflow's folder (and the script's own), the temp
// folder and its own files, and write the workflow's folder and the temp folder; it may not start
// processes. The permission set is fixed when a process starts, so there is one host per set of
// folders (at most `maxHosts`, the longest unused closed first). A host starts on its first
// script and never keeps the engine alive while idle; a host that dies fails the script that ran
// alone in it with ScriptCrashed, runs the scripts that ran beside others once more, each alone
// (`runOn`), and the next script starts a new one. Where the permission model is not
// available (an older Node or Electron without it), scripts run in this process's pool, said
// once on stderr and in that script's log.
import { spawn, type ChildProcess } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { serialize } from 'node:v8';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScriptFailure, ScriptWorkerPool, type ScriptPool, type ScriptPoolOptions, type ScriptRunOptions, type ScriptRunResult } from './script-pool.js';
import { decodeSigned, encodeRequest, FrameReader } from './script-channel.js';
import type { HostMessage, HostRequest, HostRunOptions } from './script-protocol.js';
import { defaultScriptHostPath, defaultScriptWorkerPath } from './worker-location.js';
import { SecretMasker } from '../../secrets/secret-masker.js';

/** How long part of a frame may wait for the rest before the channel is taken as out of step. */
const STALLED_FRAME_MS = 3000;

export interface ScriptHostOptions extends ScriptPoolOptions {
  /** The host entry; found next to this module (out/ or dist/) by default. */
  hostPath?: string;
  /** Hosts kept at once, one per set of readable folders (default 4). */
  maxHosts?: number;
  /** The Node version whose permission flags the host gets (default this one's); tests give an older one. */
  nodeVersion?: string;
}

interface Pending {
  resolve(r: ScriptRunResult): void;
  reject(e: unknown): void;
  onLog?(log: ScriptRunResult['logs'][number]): void;
  /** The run's secrets, masked in the host's stderr while this script is in flight. */
  secrets?: readonly string[];
}

/** The permission flag of this Node, if any: `--permission` (the project's 22.23, 24), `--experimental-permission` (20). */
function permissionFlag(): string | undefined {
  const flags = process.allowedNodeEnvironmentFlags;
  if (flags.has('--permission')) return '--permission';
  if (flags.has('--experimental-permission')) return '--experimental-permission';
  return undefined;
}

/**
 * Whether this Node splits an `--allow-fs-read` value at commas: 20.0 to 20.6 did (a folder
 * `a,b` became `a` and `b`); 20.7 and later take each flag's value whole (nodejs/node#49047).
 */
export function splitsCommas(version: string): boolean {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major === 20 && minor! < 7;
}

/** How long a host may take to answer a cancel or a timeout before the script fails here. */
const answerGraceMs = 2000;

/** Node's warnings about the permission model, printed by every host and worker: not the user's concern. */
const hostNoise = /SecurityWarning: The flag --allow-worker|ExperimentalWarning: Permission is an experimental feature|Warning: The --allow-fs-(read|write) CLI flag has changed|^\(Use `node --trace-warnings/;

/** The host died under a script; `beside` scripts were in flight with it there; `delivered`: its request reached the host. */
class HostLost extends ScriptFailure {
  constructor(message: string, readonly beside: number, readonly delivered: boolean) {
    super('ScriptCrashed', message, [], 0);
  }
}

class ScriptHost {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closing = false;
  private stderr = '';
  /** Seals inputs: a script in the host can read fd 0 (script-host.ts). */
  private readonly key = randomBytes(32);
  /** Authenticates the host's messages: a script in the host can write fd 3. */
  private readonly macKey = randomBytes(32);
  private readonly requests: Socket;
  private readonly messages: Socket;
  private forged = 0;
  /** Scripts whose request could not be written to the host. */
  private readonly undelivered = new Set<number>();
  dead = false;
  /** Live workers in the host, as it last reported. */
  size = 0;
  lastUsed = Date.now();
  readonly ready: Promise<void>;

  constructor(execPath: string, args: string[], env: NodeJS.ProcessEnv, cwd: string | undefined, private readonly onExit: (host: ScriptHost) => void) {
    // Not Node's IPC channel: its parser in this process throws on bytes a script wrote to it.
    this.child = spawn(execPath, args, { env, cwd, stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
    this.requests = this.child.stdin as Socket;
    this.messages = this.child.stdio[3] as Socket;
    // A host whose channel is closed (a script closed fd 0 or fd 3) can no longer run or answer
    // anything, and may not notice: it is stopped, and its exit settles what it ran.
    const lost = () => { if (!this.dead) this.child.kill('SIGKILL'); };
    this.requests.on('error', lost);
    this.messages.on('error', lost);
    this.messages.on('end', lost);
    this.child.stderr!.setEncoding('utf8');
    let partial = '';
    this.child.stderr!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line || hostNoise.test(line)) continue;
        const shown = this.masked(line);
        if (this.stderr.length < 4000) this.stderr += shown + '\n';
        process.stderr.write(`weft script host: ${shown}\n`);
      }
    });
    this.ready = new Promise<void>((resolve, reject) => {
      const reader = new FrameReader();
      let garbled = false;
      /** An unsigned frame came, and no signed one since. */
      let unsigned = false;
      let stalled: NodeJS.Timeout | undefined;
      /** Chunks read so far (progress, for the stalled-frame check). */
      let chunks = 0;
      // A script wrote to fd 3 out of step with the host: nothing after can be trusted, and the
      // host is stopped (what it ran is settled as for a host that died: each script in flight runs
      // again alone, and the one that writes again ends its own host and fails alone).
      const garble = () => {
        garbled = true;
        process.stderr.write('weft script host: its channel carried bytes that are not its messages (a script wrote to it); the host was stopped\n');
        this.child.kill('SIGKILL');
      };
      this.messages.on('data', (chunk: Buffer) => {
        if (garbled) return;
        let bodies: Buffer[];
        try {
          bodies = reader.push(chunk);
        } catch {
          garble(); // not frames
          return;
        }
        for (const body of bodies) {
          const m = decodeSigned(this.macKey, body) as HostMessage | undefined;
          if (!m) {
            // A whole forged frame, written in one go, is ignored (the real messages after it
            // still read). A second one before any signed frame means the stream is out of step:
            // a frame a script began took in the host's next message.
            if (unsigned) { garble(); return; }
            unsigned = true;
            this.reportForged();
            continue;
          }
          unsigned = false;
          if (m.type === 'ready') resolve(); else this.receive(m);
        }
        // Bytes left after an unsigned frame: it ended inside a message of the host's (a script
        // began a frame and the host's next message completed it), and the rest is out of step.
        if (unsigned && reader.pending > 0) { garble(); return; }
        // A frame begun and left unfinished: the host writes each message at once, and a large one
        // comes in chunks back to back, so bytes that wait this long are a frame a script began,
        // which would take in every message after it.
        chunks++;
        clearTimeout(stalled);
        if (reader.pending > 0) stalled = setTimeout(checkStalled, STALLED_FRAME_MS, chunks).unref();
      });
      // After the poll phase (`setImmediate`), so that bytes the host wrote while this process was
      // busy are read first and count as progress.
      const checkStalled = (at: number) => setImmediate(() => {
        if (!garbled && !this.dead && chunks === at && reader.pending > 0) garble();
      });
      this.child.on('error', (err) => reject(err));
      // 'close', not 'exit': what the host wrote before it died has been read by then.
      this.child.on('close', (code, signal) => {
        this.dead = true;
        // Every answer the host gave before it died, including those held back behind a result.
        do this.flush(); while (this.queue);
        reject(new Error(this.stderr.trim().split('\n').pop() || `exited with ${signal ?? `code ${code}`}`));
        // Which of several scripts ended the host cannot be told: ScriptHostPool runs each again.
        const beside = this.pending.size - 1;
        for (const [id, p] of this.pending) {
          p.reject(this.closing
            ? new ScriptFailure('Cancelled', 'the script pool was closed while the script ran', [], 0)
            : new HostLost(`the script host exited (${signal ?? `code ${code}`}) before the script finished`, beside, !this.undelivered.has(id)));
        }
        this.pending.clear();
        this.onExit(this);
      });
    });
    this.ready.catch(() => { /* reported to the run that waits for it */ });
    // The keys go first, before any script can run in the host.
    this.send({ type: 'key', key: this.key.toString('base64'), macKey: this.macKey.toString('base64') });
    (this.child.stderr as unknown as { unref(): void }).unref();
    // Held while starting: the first script waits for `ready` before it is pending.
    void this.ready.then(() => this.holdEngine(), () => {});
  }

  /**
   * A line of the host's stderr with the secrets of every script in flight masked: a script may
   * write its fd 2 directly, and which of them wrote a line cannot be told.
   */
  private masked(line: string): string {
    let secrets: string[] | undefined;
    for (const p of this.pending.values()) if (p.secrets?.length) (secrets ??= []).push(...p.secrets);
    return secrets ? new SecretMasker(secrets).mask(line) : line;
  }

  run(options: ScriptRunOptions): Promise<ScriptRunResult> {
    const id = this.nextId++;
    this.lastUsed = Date.now();
    return new Promise<ScriptRunResult>((resolve, reject) => {
      // A script can read (and so swallow) messages meant for the host: a cancel, or a timeout,
      // that the host does not answer within a grace period settles here.
      let backstop: NodeJS.Timeout | undefined;
      const giveUp = (name: string, message: string, after: number) => {
        clearTimeout(backstop);
        backstop = setTimeout(() => this.pending.get(id)?.reject(new ScriptFailure(name, message, [], 0)), after);
      };
      const onAbort = () => {
        this.send({ type: 'cancel', id });
        giveUp('Cancelled', 'the script was cancelled (its host did not answer)', answerGraceMs);
      };
      if (options.timeoutMs !== undefined) giveUp('Timeout', `the script did not finish within ${options.timeoutMs} ms (its host did not answer)`, options.timeoutMs + answerGraceMs);
      const done = () => { clearTimeout(backstop); options.signal?.removeEventListener('abort', onAbort); this.pending.delete(id); this.holdEngine(); };
      this.pending.set(id, {
        resolve: (r) => { done(); resolve(r); },
        reject: (e) => { done(); reject(e); },
        onLog: options.onLog,
        secrets: options.secrets,
      });
      this.holdEngine();
      try {
        if (this.dead || this.requests.destroyed) throw Object.assign(new Error('the script host has exited'), { code: 'ERR_IPC_CHANNEL_CLOSED' });
        const o: HostRunOptions = { sealedInput: this.seal(options.input) };
        for (const k of ['path', 'code', 'memoryBytes', 'cpuMs', 'timeoutMs', 'group', 'secretInput'] as const) {
          if (options[k] !== undefined) (o as unknown as Record<string, unknown>)[k] = options[k];
        }
        // A write that fails never reached the host (a script closed its fd 0): not this script's doing.
        this.requests.write(encodeRequest({ type: 'run', id, options: o } satisfies HostRequest), (err) => { if (err) this.undelivered.add(id); });
      } catch (err) {
        const e = err as Error & { code?: string };
        this.pending.get(id)?.reject(e.code === 'ERR_IPC_CHANNEL_CLOSED'
          ? new HostLost('the script host exited before the script started', 0, false)
          : new ScriptFailure('ScriptInputInvalid', `the script's input cannot be passed to it: ${e.message}`, [], 0));
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Structured-clone data (as a worker's postMessage takes it), encrypted and authenticated. */
  private seal(input: unknown): HostRunOptions['sealedInput'] {
    const bytes = serialize(input);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(bytes), cipher.final()]);
    return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  send(m: HostRequest): void {
    if (!this.dead && !this.requests.destroyed) this.requests.write(encodeRequest(m));
  }

  /** A frame the host did not sign: ignored, and said without its content (at most 10 times a host). */
  private reportForged(): void {
    if (++this.forged <= 10) process.stderr.write('weft script host: ignored a message on its channel that the host did not sign (a script wrote it)\n');
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.dead) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.ref(); // so that close() is awaited to the end
      this.child.kill('SIGKILL');
    });
  }

  /** Messages that came after a script settled, until its caller has had its turn. */
  private queue: HostMessage[] | undefined;

  private receive(m: HostMessage): void {
    if (this.queue) { this.queue.push(m); return; }
    this.onMessage(m);
    // What a settled script's caller does next comes before the host's later messages (another
    // script's first log line), as it does in process; several messages can arrive in one read.
    if (m.type === 'result' || m.type === 'failure') {
      this.queue = [];
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    const q = this.queue ?? [];
    this.queue = undefined;
    for (let i = 0; i < q.length; i++) {
      const later = this.queue as HostMessage[] | undefined; // set again by a result in q
      if (later) { later.push(...q.slice(i)); return; }
      this.receive(q[i]!);
    }
  }

  private onMessage(m: HostMessage): void {
    if (m.type === 'ready') return;
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'log') { p.onLog?.(m.log); return; }
    this.size = m.size;
    if (m.type === 'result') p.resolve({ value: m.value, logs: m.logs, cpuMs: m.cpuMs, maxMemoryBytes: m.maxMemoryBytes });
    else p.reject(new ScriptFailure(m.name, m.message, m.logs, m.cpuMs, m.details));
  }

  /** The host keeps the engine's process alive only while one of its scripts runs. */
  private holdEngine(): void {
    if (this.pending.size) { this.child.ref(); this.messages.ref(); this.requests.ref(); } else { this.child.unref(); this.messages.unref(); this.requests.unref(); }
  }
}

export class ScriptHostPool implements ScriptPool {
  private readonly hosts = new Map<string, ScriptHost>();
  /** Hosts of one script each, run again after its host died beside others. */
  private readonly solo = new Set<ScriptHost>();
  private closed = false;
  private inProcess?: ScriptWorkerPool;
  /** Why the host cannot run here; set once, then scripts run in this process. */
  private unavailable?: string;
  /** The notices said: one for the whole pool (''), or one per folder that cannot be allowed. */
  private readonly told = new Set<string>();
  private readonly commaSplits: boolean;
  /** A host has started once: a later start failure is a crash, not a missing feature. */
  private started = false;
  private readonly hostPath: string;
  private readonly workerPath: string;
  /** This Node's permission flag; none: scripts run in this process. */
  private readonly permission = permissionFlag();

  constructor(private readonly options: ScriptHostOptions = {}) {
    this.hostPath = options.hostPath ?? defaultScriptHostPath();
    this.workerPath = options.workerPath ?? defaultScriptWorkerPath();
    if (!this.permission) this.unavailable = `Node ${process.version} has no permission model`;
    this.commaSplits = splitsCommas(options.nodeVersion ?? process.version);
  }

  /** Live workers (idle and busy) in every host, as last reported, and in the fallback pool. */
  get size(): number {
    let n = this.inProcess?.size ?? 0;
    for (const h of this.hosts.values()) n += h.size;
    return n;
  }

  /** Whether scripts run isolated in a script host (false after a fallback). */
  get isolated(): boolean {
    return !this.unavailable;
  }

  async run(options: ScriptRunOptions): Promise<ScriptRunResult> {
    if (this.closed) throw new Error('the script pool is closed');
    if (options.signal?.aborted) throw new ScriptFailure('Cancelled', 'the script was cancelled before it started', [], 0);
    if (!this.unavailable) {
      // A path with a comma cannot be allowed on a Node that splits there: that workflow's scripts run here.
      const comma = this.commaSplits ? pathsOf(options, this.hostPath, this.workerPath).find((f) => f.includes(',')) : undefined;
      if (comma) return this.runInProcess(options, comma, `Node ${this.options.nodeVersion ?? process.version} splits --allow-fs-read at commas`);
      const host = this.hostFor(options);
      try {
        await host.ready;
        this.started = true;
      } catch (err) {
        // A host that never started in this process (the flag is refused, Electron without it): fall back.
        if (!this.started) this.unavailable = `the script host did not start: ${(err as Error).message}`;
        else throw new ScriptFailure('ScriptCrashed', `the script host did not start: ${(err as Error).message}`, [], 0);
      }
      if (!this.unavailable) return this.runOn(host, options);
    }
    return this.runInProcess(options, '', this.unavailable!);
  }

  /**
   * A host that dies fails the script that ran alone in it; scripts that ran beside others
   * there are run once more, each alone on a host of its own, so a script that ends its host
   * again fails by itself and the others finish (docs/runtime-effects.md §4).
   */
  private async runOn(host: ScriptHost, options: ScriptRunOptions): Promise<ScriptRunResult> {
    try {
      return await host.run(options);
    } catch (err) {
      if (!(err instanceof HostLost) || (err.beside === 0 && err.delivered) || this.closed) throw plain(err);
      if (options.signal?.aborted) throw new ScriptFailure('Cancelled', 'the script was cancelled', [], 0);
      options.onLog?.({ level: 'warn', message: err.delivered
        ? `${err.message}, beside ${err.beside} other script(s); it runs again, alone on a new host`
        : 'the script host\'s channel was closed (by an earlier script) before the script reached it; it runs on a new host', at: Date.now() });
    }
    const solo = this.spawnHost(options, () => this.solo.delete(solo));
    this.solo.add(solo);
    try {
      await solo.ready.catch((e: Error) => { throw new ScriptFailure('ScriptCrashed', `the script host did not start: ${e.message}`, [], 0); });
      return await solo.run(options);
    } catch (err) {
      throw err instanceof HostLost ? new ScriptFailure('ScriptCrashed', `${err.message}, when run again alone on a new host`, [], 0) : err;
    } finally {
      this.solo.delete(solo);
      void solo.close();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const hosts = [...this.hosts.values(), ...this.solo];
    this.hosts.clear();
    this.solo.clear();
    await Promise.all([...hosts.map((h) => h.close()), this.inProcess?.close()]);
  }

  private runInProcess(options: ScriptRunOptions, what: string, why: string): Promise<ScriptRunResult> {
    if (!this.told.has(what)) {
      this.told.add(what);
      const notice = what
        ? `script isolation is not available for ${what} (${why}): its scripts run in the engine's process and could read its environment`
        : `script isolation is not available here (${why}): scripts run in the engine's process and could read its environment`;
      process.stderr.write(`weft: ${notice}\n`);
      options.onLog?.({ level: 'warn', message: notice, at: Date.now() });
    }
    this.inProcess ??= new ScriptWorkerPool({ ...this.options, workerPath: this.workerPath });
    return this.inProcess.run(options);
  }

  private hostFor(options: ScriptRunOptions): ScriptHost {
    const folders = allowedFolders(options);
    // The written folder and the working folder are the workflow's: part of the host's identity too.
    const key = [...folders, `cwd:${options.folder ?? ''}`].join('\0');
    const existing = this.hosts.get(key);
    if (existing && !existing.dead) return existing;
    // Too many hosts: close the longest unused idle one (a busy host is never closed for this).
    const idleHosts = [...this.hosts].filter(([, h]) => !h.busy).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    while (this.hosts.size >= (this.options.maxHosts ?? 4) && idleHosts.length) {
      const [k, h] = idleHosts.shift()!;
      this.hosts.delete(k);
      void h.close();
    }
    const host = this.spawnHost(options, (h) => { if (this.hosts.get(key) === h) this.hosts.delete(key); });
    this.hosts.set(key, host);
    return host;
  }

  /** Starts a host that may read and write what `options`' script may. */
  private spawnHost(options: ScriptRunOptions, onExit: (host: ScriptHost) => void): ScriptHost {
    const folders = allowedFolders(options);
    const own = [...new Set([hostFolder(this.hostPath), path.dirname(this.workerPath)])];
    const tmp = tmpdir();
    const args = [
      this.permission!,
      ...[...own, ...folders, tmp].map((f) => `--allow-fs-read=${f}`),
      ...[...(options.folder ? [path.resolve(options.folder)] : []), tmp].map((f) => `--allow-fs-write=${f}`),
      '--allow-worker',
      this.hostPath,
      JSON.stringify({ maxIdlePerLimit: this.options.maxIdlePerLimit, maxLogLines: this.options.maxLogLines, maxConcurrent: this.options.maxConcurrent, maxIdle: this.options.maxIdle, workerPath: this.workerPath }),
    ];
    // An empty environment: nothing of the engine's reaches the host. Electron runs as plain Node.
    const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
    // Relative paths in a script resolve against the workflow's folder, which it may read.
    const cwd = options.folder && existsSync(options.folder) ? path.resolve(options.folder) : undefined;
    return new ScriptHost(process.execPath, args, env, cwd, onExit);
  }
}

/** A HostLost as the caller sees it: a ScriptFailure like any other. */
function plain(err: unknown): unknown {
  return err instanceof HostLost ? new ScriptFailure(err.name, err.message, err.logs, err.cpuMs) : err;
}

/** Every path the host of `options`' script is given in a permission flag. */
function pathsOf(options: ScriptRunOptions, hostPath: string, workerPath: string): string[] {
  return [hostFolder(hostPath), path.dirname(workerPath), ...allowedFolders(options), ...(options.folder ? [path.resolve(options.folder)] : []), tmpdir()];
}

/** The folders a script may read: the workflow's folder and the script file's own, the outermost only. */
function allowedFolders(options: ScriptRunOptions): string[] {
  const all = [options.folder, options.path && path.dirname(options.path)].filter((f): f is string => !!f).map((f) => path.resolve(f));
  return [...new Set(all)].filter((f) => !all.some((g) => g !== f && f.startsWith(g.endsWith(path.sep) ? g : g + path.sep))).sort();
}

/** The host's own code: the bundle's folder, or the transpiled executors folder it imports from. */
function hostFolder(hostPath: string): string {
  return hostPath.endsWith('.cjs') ? path.dirname(hostPath) : path.dirname(path.dirname(hostPath));
}
