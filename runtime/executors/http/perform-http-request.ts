// Runtime HTTP executor — one HTTP request for `task n: http METHOD "url"` and the `http`
// connector, with Node's global fetch. Objects go out as JSON, JSON comes back parsed; the
// result is `{ status, headers, body }`. Failures are TaskErrors named as in http-errors.ts.
// It knows nothing of secrets: the engine masks what it journals.
import { TaskError } from '../task-error.js';
import { connectionError, describeTarget, httpStatusError } from './http-errors.js';

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, unknown>;
  /** Appended to the URL's query; lists repeat the key, null values are left out. */
  query?: Record<string, unknown>;
  /** Objects, lists, numbers and booleans are sent as JSON; strings as text; null as nothing. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Larger responses fail with `HttpResponseTooLarge` (default 10 MiB). */
  maxResponseBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON when the response says JSON, else text; null when empty. */
  body: unknown;
}

const DEFAULT_MAX_RESPONSE = 10 * 1024 * 1024;

export async function performHttpRequest(request: HttpRequest): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const url = buildUrl(request.url, request.query);
  const headers = buildHeaders(request.headers);
  const body = encodeBody(method, request.body, headers);

  if (request.signal?.aborted) throw new TaskError('Cancelled', `${describeTarget(method, url)} was cancelled`);
  const controller = new AbortController();
  let timedOut = false;
  const timer = request.timeoutMs !== undefined
    ? setTimeout(() => { timedOut = true; controller.abort(); }, request.timeoutMs)
    : undefined;
  const onAbort = () => controller.abort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  const aborted = (err: unknown) => {
    if (timedOut) return new TaskError('Timeout', `${describeTarget(method, url)} did not answer within ${request.timeoutMs} ms`, { details: { timeoutMs: request.timeoutMs } });
    if (request.signal?.aborted) return new TaskError('Cancelled', `${describeTarget(method, url)} was cancelled`);
    return err;
  };

  try {
    let res: Response;
    try {
      res = await fetch(url, { method, headers, body, signal: controller.signal, redirect: 'follow' });
    } catch (err) {
      const a = aborted(err);
      if (a !== err) throw a;
      throw connectionError(method, url, err);
    }
    let text: string;
    try {
      text = await readLimited(res, request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE, method, url);
    } catch (err) {
      const a = aborted(err);
      if (a !== err) throw a;
      if (err instanceof TaskError) throw err;
      throw connectionError(method, url, err);
    }
    const responseHeaders: Record<string, string> = {};
    res.headers.forEach((value, name) => { responseHeaders[name] = value; });
    const response: HttpResponse = { status: res.status, headers: responseHeaders, body: decodeBody(text, responseHeaders['content-type']) };
    if (res.status < 200 || res.status > 299) throw httpStatusError(method, url, res.status, res.statusText, response);
    return response;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

function buildUrl(raw: string, query: Record<string, unknown> | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TaskError('HttpRequestInvalid', `not an absolute URL: '${raw.length > 100 ? raw.slice(0, 100) + '…' : raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TaskError('HttpRequestInvalid', `only http and https URLs are supported, got ${url.protocol}`);
  }
  if (query) {
    if (typeof query !== 'object' || Array.isArray(query)) throw new TaskError('HttpRequestInvalid', 'query must be an object');
    for (const [k, v] of Object.entries(query)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (item === null || item === undefined) continue;
        url.searchParams.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
      }
    }
  }
  return url;
}

function buildHeaders(input: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  if (!input) return headers;
  if (typeof input !== 'object' || Array.isArray(input)) throw new TaskError('HttpRequestInvalid', 'headers must be an object');
  for (const [name, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') throw new TaskError('HttpRequestInvalid', `header '${name}' must be text, got an object`);
    try {
      headers.set(name, String(value));
    } catch {
      throw new TaskError('HttpRequestInvalid', `header '${name}' has an invalid name or value`);
    }
  }
  return headers;
}

function encodeBody(method: string, body: unknown, headers: Headers): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (method === 'GET' || method === 'HEAD') throw new TaskError('HttpRequestInvalid', `a ${method} request cannot have a body`);
  const type = headers.get('content-type') ?? '';
  if (typeof body === 'string') {
    if (!type) headers.set('content-type', 'text/plain; charset=utf-8');
    return body;
  }
  if (body instanceof Uint8Array) return body;
  if (type.startsWith('application/x-www-form-urlencoded') && typeof body === 'object' && !Array.isArray(body)) {
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (v !== null && v !== undefined) form.append(k, String(v));
    return form.toString();
  }
  if (!type) headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

function decodeBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return null;
  if (contentType && /^application\/([\w.+-]+\+)?json\b|^text\/json\b/i.test(contentType)) {
    try { return JSON.parse(text); } catch { return text; }
  }
  return text;
}

async function readLimited(res: Response, limit: number, method: string, url: URL): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel();
    throw tooLarge(method, url, limit);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(method, url, limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(method: string, url: URL, limit: number): TaskError {
  return new TaskError('HttpResponseTooLarge', `${describeTarget(method, url)} answered with more than ${limit} bytes`, { details: { limitBytes: limit } });
}
