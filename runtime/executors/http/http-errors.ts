// Runtime HTTP executor — how HTTP failures are named for routing (`on Name`, `retry … unless
// Name`). Non-2xx is `HttpError`, or the identifier in the JSON body's `error.code` / `code` /
// `error` (then `HttpError` stays an alias); unreachable hosts are `ConnectionError`; the
// task's own time limit is `Timeout`; a cancelled run is `Cancelled`.
import { TaskError, isErrorIdentifier } from '../task-error.js';

/** The routable name a failing response carries in its JSON body, if any. */
export function errorCodeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const err = b.error;
  if (typeof err === 'object' && err !== null && isErrorIdentifier((err as Record<string, unknown>).code)) {
    return (err as Record<string, unknown>).code as string;
  }
  if (isErrorIdentifier(b.code)) return b.code;
  if (isErrorIdentifier(err)) return err;
  return undefined;
}

/** A human message the server put in its JSON error body, shortened. */
function remoteMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const err = b.error as Record<string, unknown> | undefined;
  const m = (typeof err === 'object' && err !== null ? err.message : undefined) ?? b.message;
  if (typeof m !== 'string' || !m) return undefined;
  return m.length > 200 ? `${m.slice(0, 200)}…` : m;
}

/** `METHOD origin/path` without the query (which may carry credentials). */
export function describeTarget(method: string, url: URL): string {
  return `${method} ${url.origin}${url.pathname}`;
}

export function httpStatusError(method: string, url: URL, status: number, statusText: string, response: { status: number; headers: Record<string, string>; body: unknown }): TaskError {
  const code = errorCodeOf(response.body);
  const remote = remoteMessage(response.body);
  const message = `${describeTarget(method, url)} answered ${status}${statusText ? ` ${statusText}` : ''}${remote ? `: ${remote}` : ''}`;
  return new TaskError(code ?? 'HttpError', message, {
    aliases: code && code !== 'HttpError' ? ['HttpError'] : [],
    details: { status, response },
  });
}

export function connectionError(method: string, url: URL, cause: unknown): TaskError {
  const c = (cause as { cause?: { code?: string; message?: string } })?.cause;
  const reason = c?.code ?? c?.message ?? (cause as Error)?.message ?? 'unknown reason';
  return new TaskError('ConnectionError', `${describeTarget(method, url)} failed: ${reason}`, { details: { reason }, cause });
}
