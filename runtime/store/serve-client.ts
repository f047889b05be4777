// Store — asking the live `weft serve` that serves a store (its marker, `serve-marker.ts`) to act
// on one of the store's runs through its API, for a process that must not act beside it (the
// CLI's controls, the editor's Runs view). One request, JSON both ways; a bearer token when given.
import type { ServeMarker } from './serve-marker.js';

export interface ServedRequest {
  method: 'POST' | 'PUT';
  /** The API path (`/runs/<id>/approve`…), its segments encoded (`controlRequest` makes them). */
  path: string;
  body: Record<string, unknown>;
}

/** What the server answered: its JSON body, or why it did not act. */
export type ServedAnswer =
  | { ok: true; body: Record<string, unknown> }
  /** `auth`: it wants a token (401), or one with another role (403); `status` absent when it did not answer. */
  | { ok: false; status?: number; message: string; auth: boolean };

/** A run id, node or variable name as one path segment. */
function pathSegment(text: string): string {
  return encodeURIComponent(text);
}

const onRun = (runId: string, rest: string, body: Record<string, unknown>, method: 'POST' | 'PUT' = 'POST'): ServedRequest =>
  ({ method, path: `/runs/${pathSegment(runId)}/${rest}`, body });

/**
 * The requests of the controls on a run, as `weft serve` answers them (`cli/serve/weft-server.ts`):
 * the one place a client (the CLI, the editor) spells the API's routes and bodies.
 */
export const controlRequest = {
  decide: (runId: string, node: string, approved: boolean, extra: { by?: string; comment?: string } = {}): ServedRequest =>
    onRun(runId, approved ? 'approve' : 'reject', { node, ...extra }),
  retry: (runId: string, node: string): ServedRequest => onRun(runId, 'retry', { node }),
  skip: (runId: string, node: string, result: unknown): ServedRequest => onRun(runId, 'skip', { node, result }),
  setVariable: (runId: string, name: string, value: unknown): ServedRequest => onRun(runId, `variables/${pathSegment(name)}`, { value }, 'PUT'),
  pause: (runId: string): ServedRequest => onRun(runId, 'pause', {}),
  resume: (runId: string): ServedRequest => onRun(runId, 'resume', {}),
  cancel: (runId: string, reason?: string): ServedRequest => onRun(runId, 'cancel', reason !== undefined ? { reason } : {}),
  /** An event delivered to the runs of the store that wait for it (`POST /events`). */
  event: (type: string, data: unknown, named: { id?: string; source?: string } = {}): ServedRequest => ({ method: 'POST', path: '/events', body: { type, data, ...named } }),
};

export async function askServer(server: ServeMarker, request: ServedRequest, token?: string): Promise<ServedAnswer> {
  let res: Response;
  try {
    res = await fetch(server.url + request.path, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(request.body),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, message: `weft serve (pid ${server.pid}) at ${server.url} did not answer (${cause?.code ?? cause?.message ?? (err as Error).message}); nothing was done`, auth: false };
  }
  const body = await res.json().catch(() => ({})) as Record<string, unknown>;
  if (res.ok) return { ok: true, body };
  const auth = res.status === 401 || res.status === 403;
  return { ok: false, status: res.status, message: `weft serve at ${server.url} refused: ${typeof body.message === 'string' ? body.message : `HTTP ${res.status}`}`, auth };
}
