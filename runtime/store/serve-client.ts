// Store — asking the live `weft serve` that serves a store (its marker, `serve-marker.ts`) to act
// on one of the store's runs through its API, for a process that must not act beside it (the
// CLI's controls, the editor's Runs view). One request, JSON both ways; a bearer token when given.
import type { ServeMarker } from './serve-marker.js';

export interface ServedRequest {
  method: 'POST' | 'PUT';
  /** The API path (`/runs/<id>/approve`…), its segments already encoded (`pathSegment`). */
  path: string;
  body: Record<string, unknown>;
}

/** What the server answered: its JSON body, or why it did not act. */
export type ServedAnswer =
  | { ok: true; body: Record<string, unknown> }
  /** `auth`: it wants a token (401), or one with another role (403); `status` absent when it did not answer. */
  | { ok: false; status?: number; message: string; auth: boolean };

/** A run id, node or variable name as one path segment. */
export function pathSegment(text: string): string {
  return encodeURIComponent(text);
}

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
