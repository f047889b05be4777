// Runtime connectors — the interface every connector kind implements (LANGUAGE.md §5:
// connect, execute(action, params), disconnect). The engine evaluates a `connector name: kind
// { … }` block's settings and a connector task's arguments and `with`, then calls these.
// Connectors return JSON data and fail with TaskErrors; they never log secret settings.

/** One evaluated setting, in source order: `baseUrl "…"` or `header "X" = …` (name "X"). */
export interface ConnectorSetting {
  key: string;
  name?: string;
  value: unknown;
}

export interface ConnectorContext {
  /** Aborts the current call (cancelled run, task timeout). */
  signal?: AbortSignal;
  /** The task's own timeout, when the connector wants to pass it on. */
  timeoutMs?: number;
  /** Folder of the workspace, for connectors that read files. */
  workspaceDir?: string;
  log?(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
}

/** What a connector task supplies: `payments.post("/charges") { with { … } }`. */
export interface ConnectorCall {
  /** The evaluated call arguments (`"/charges"`). */
  args: unknown[];
  /** The evaluated `with` object, if any. */
  with?: unknown;
}

export interface Connector {
  connect(settings: readonly ConnectorSetting[], ctx: ConnectorContext): Promise<void>;
  execute(action: string, call: ConnectorCall, ctx: ConnectorContext): Promise<unknown>;
  disconnect(): Promise<void>;
}

/** Documentation of an action, for completion and validation. */
export interface ConnectorActionInfo {
  name: string;
  signature: string;
  doc: string;
}

/** A registered connector kind: its documentation and a factory of fresh instances. */
export interface ConnectorKind {
  kind: string;
  doc?: string;
  settings?: Array<{ key: string; doc: string; required?: boolean }>;
  actions?: ConnectorActionInfo[];
  create(): Connector;
}
