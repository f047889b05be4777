// Runtime script executor — the messages between the runner and its worker thread, in one
// module so both sides agree. Plain structured-clone data only.

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
