// Runtime script executor — the messages between the runner and its worker thread, and between
// the engine and its script host, in one module so both sides agree. Plain structured-clone data only.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ScriptLog {
  level: LogLevel;
  message: string;
  /** Epoch milliseconds. */
  at: number;
}

/** Runner -> worker: run one script. */
export interface RunRequest {
  type: 'run';
  id: number;
  /** A file:// URL (with a version query so edits are seen) or a data: URL of inline code. */
  moduleUrl: string;
  input: unknown;
}

/** Worker -> runner. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'log'; id: number; level: LogLevel; message: string; at: number }
  | { type: 'result'; id: number; value: unknown; cpuMs: number; heapBytes: number }
  | { type: 'error'; id: number; name: string; message: string; stack?: string; cpuMs: number; heapBytes: number };

/** The options of one script the engine asks the script host to run (ScriptRunOptions without callbacks). */
export interface HostRunOptions {
  path?: string;
  code?: string;
  /** The input, v8-serialized and sealed with the host's key (AES-256-GCM), base64. */
  sealedInput: { iv: string; data: string; tag: string };
  memoryBytes?: number;
  cpuMs?: number;
  timeoutMs?: number;
  group?: string;
  secretInput?: boolean;
}

/** Engine -> script host (frames on the host's fd 0, script-channel.ts). */
export type HostRequest =
  | { type: 'key'; key: string; macKey: string }
  | { type: 'run'; id: number; options: HostRunOptions }
  | { type: 'cancel'; id: number };

/** Script host -> engine (signed frames on the host's fd 3). `size` is the host pool's live workers after the run. */
export type HostMessage =
  | { type: 'ready' }
  | { type: 'log'; id: number; log: ScriptLog }
  | { type: 'result'; id: number; value: unknown; logs: ScriptLog[]; cpuMs: number; maxMemoryBytes: number; size: number }
  | { type: 'failure'; id: number; name: string; message: string; logs: ScriptLog[]; cpuMs: number; details?: Record<string, unknown>; size: number };
