// Runtime connectors — the built-in `http` connector: a base URL, default headers and a
// timeout, with actions get/post/put/patch/delete/head(path). A call's `with` is either
// `{ body?, query?, headers? }` or, otherwise, the body itself (the query for get/delete/head).
// Paths stay on the base URL's origin, so configured credentials never go to another host.
import { performHttpRequest, type HttpResponse } from '../executors/http/perform-http-request.js';
import { TaskError } from '../executors/task-error.js';
import type { Connector, ConnectorCall, ConnectorContext, ConnectorKind, ConnectorSetting } from './connector.js';

const ACTIONS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;
const BODYLESS = new Set(['get', 'delete', 'head']);
const STRUCTURED_KEYS = new Set(['body', 'query', 'headers']);

interface HttpConnectorConfig {
  baseUrl: URL;
  headers: Record<string, string>;
  timeoutMs?: number;
}

export class HttpConnector implements Connector {
  private config: HttpConnectorConfig | undefined;

  async connect(settings: readonly ConnectorSetting[], _ctx?: ConnectorContext): Promise<void> {
    let baseUrl: URL | undefined;
    const headers: Record<string, string> = {};
    let timeoutMs: number | undefined;
    for (const s of settings) {
      switch (s.key) {
        case 'baseUrl':
          if (typeof s.value !== 'string') throw invalid('baseUrl must be a string');
          try { baseUrl = new URL(s.value); } catch { throw invalid('baseUrl must be an absolute http(s) URL'); }
          if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:') throw invalid('baseUrl must be an http or https URL');
          break;
        case 'header':
          if (!s.name) throw invalid('a header setting needs a name: header "X-Name" = value');
          if (s.value === null || s.value === undefined) break;
          if (typeof s.value === 'object') throw invalid(`header "${s.name}" must be text`);
          headers[s.name] = String(s.value);
          break;
        case 'timeout':
          if (typeof s.value !== 'number' || s.value <= 0) throw invalid('timeout must be a positive duration');
          timeoutMs = s.value;
          break;
        default:
          throw invalid(`unknown setting '${s.key}' (the http connector knows baseUrl, header, timeout)`);
      }
    }
    if (!baseUrl) throw invalid('the http connector needs a baseUrl');
    this.config = { baseUrl, headers, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  }

  async execute(action: string, call: ConnectorCall, ctx: ConnectorContext): Promise<HttpResponse> {
    const config = this.config;
    if (!config) throw new TaskError('ConnectorNotConnected', 'the http connector was used before connect()');
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new TaskError('ConnectorActionUnknown', `the http connector has no action '${action}' (it has ${ACTIONS.join(', ')})`);
    }
    const pathArg = call.args[0] ?? '';
    if (typeof pathArg !== 'string') throw new TaskError('ConnectorCallInvalid', `${action}(path): the path must be a string`);
    if (call.args.length > 1) throw new TaskError('ConnectorCallInvalid', `${action}(path) takes one argument, got ${call.args.length}`);
    const url = joinUrl(config.baseUrl, pathArg);
    const parts = splitWith(action, call.with);
    const timeoutMs = minDefined(config.timeoutMs, ctx.timeoutMs);
    return performHttpRequest({
      method: action.toUpperCase(),
      url: url.href,
      headers: { ...config.headers, ...parts.headers },
      ...(parts.query ? { query: parts.query } : {}),
      ...(parts.body !== undefined ? { body: parts.body } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }

  async disconnect(): Promise<void> {
    this.config = undefined;
  }
}

function invalid(message: string): TaskError {
  return new TaskError('ConnectorConfigInvalid', `http connector: ${message}`);
}

/** base `https://x/api` + `/charges` -> `https://x/api/charges`; never another origin. */
function joinUrl(base: URL, path: string): URL {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    throw new TaskError('ConnectorCallInvalid', 'the path must be relative to the connector\'s baseUrl, not a full URL');
  }
  const [pathPart, queryPart] = splitOnce(path, '?');
  const url = new URL(base.href);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
  if (queryPart !== undefined) for (const [k, v] of new URLSearchParams(queryPart)) url.searchParams.append(k, v);
  if (url.origin !== base.origin) throw new TaskError('ConnectorCallInvalid', 'the path leaves the connector\'s origin');
  return url;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function splitWith(action: string, w: unknown): { body?: unknown; query?: Record<string, unknown>; headers?: Record<string, unknown> } {
  if (w === null || w === undefined) return {};
  if (typeof w === 'object' && !Array.isArray(w)) {
    const keys = Object.keys(w);
    if (keys.length > 0 && keys.every((k) => STRUCTURED_KEYS.has(k))) {
      const o = w as { body?: unknown; query?: unknown; headers?: unknown };
      if (o.query !== undefined && (typeof o.query !== 'object' || o.query === null || Array.isArray(o.query))) {
        throw new TaskError('ConnectorCallInvalid', 'with.query must be an object');
      }
      if (o.headers !== undefined && (typeof o.headers !== 'object' || o.headers === null || Array.isArray(o.headers))) {
        throw new TaskError('ConnectorCallInvalid', 'with.headers must be an object');
      }
      return {
        ...(o.body !== undefined ? { body: o.body } : {}),
        ...(o.query ? { query: o.query as Record<string, unknown> } : {}),
        ...(o.headers ? { headers: o.headers as Record<string, unknown> } : {}),
      };
    }
    if (BODYLESS.has(action)) return { query: w as Record<string, unknown> };
  } else if (BODYLESS.has(action)) {
    throw new TaskError('ConnectorCallInvalid', `${action}: with must be an object of query parameters`);
  }
  return { body: w };
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

export const httpConnectorKind: ConnectorKind = {
  kind: 'http',
  doc: 'Calls an HTTP API under one base URL with shared headers (e.g. authorization).',
  settings: [
    { key: 'baseUrl', doc: 'The absolute URL every action path is relative to.', required: true },
    { key: 'header', doc: '`header "Name" = value`: a header sent with every request.' },
    { key: 'timeout', doc: 'Time limit of each request.' },
  ],
  actions: ACTIONS.map((a) => ({
    name: a,
    signature: `${a}(path: string)`,
    doc: `${a.toUpperCase()} baseUrl + path. \`with { body, query, headers }\`, or \`with { … }\` as the ${BODYLESS.has(a) ? 'query' : 'JSON body'}. Result: \`{ status, headers, body }\`.`,
  })),
  create: () => new HttpConnector(),
};
