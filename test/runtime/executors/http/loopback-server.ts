// Test support — a real node:http server on 127.0.0.1 with a scripted handler, recording every
// request (method, path, query, headers, raw body) so tests can assert on the wire.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = { status?: number; headers?: Record<string, string>; json?: unknown; text?: string } | 'hang';

export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** Resolves when the next request has arrived (real signal for hang/cancel tests). */
  nextRequest(): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export async function startLoopbackServer(handle: (req: RecordedRequest) => Reply | Promise<Reply>): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let waiters: Array<(r: RecordedRequest) => void> = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const rec: RecordedRequest = { method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      const w = waiters;
      waiters = [];
      w.forEach((f) => f(rec));
      const reply = await handle(rec);
      if (reply === 'hang') { hanging.add(res); return; }
      const headers = { ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers };
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.json !== undefined ? JSON.stringify(reply.json) : reply.text ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
