// Runtime executors — the error every effect (script, HTTP, connector, AI) raises. `name` is
// what an `on Name` edge and `retry … unless Name` match; `aliases` are further names the same
// failure answers to (a declined payment is `PaymentDeclined` and also `HttpError`).
// Messages must not contain secret values; the engine masks them again before journaling.

export interface TaskErrorOptions {
  /** Other names `on X` / `unless X` may match, e.g. 'HttpError'. */
  aliases?: string[];
  /** Structured facts for the journal and the debugger (status, body, limits…). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class TaskError extends Error {
  readonly aliases: readonly string[];
  declare readonly details?: Record<string, unknown>;

  constructor(name: string, message: string, options: TaskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.aliases = options.aliases ?? [];
    if (options.details) this.details = options.details;
  }

  /** Whether `on errorName` routes this error (`*` matches any). */
  matches(errorName: string): boolean {
    return errorName === '*' || errorName === this.name || this.aliases.includes(errorName);
  }

  /** Plain data for the journal: `{ name, message, aliases?, details? }`. */
  toJSON(): { name: string; message: string; aliases?: string[]; details?: Record<string, unknown> } {
    return {
      name: this.name,
      message: this.message,
      ...(this.aliases.length ? { aliases: [...this.aliases] } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** The names an error answers to: its name plus the aliases of a TaskError. */
export function errorNames(error: unknown): string[] {
  if (error instanceof TaskError) return [error.name, ...error.aliases];
  if (error instanceof Error) return [error.name];
  return ['Error'];
}

/** Whether a string can be an error name in `on Name` (a Weft identifier). */
export function isErrorIdentifier(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name.length <= 100;
}
