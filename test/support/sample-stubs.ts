// Test support — real `node:http` servers on loopback standing in for the services the samples
// call: payments, order hooks, chat, source/warehouse, reports, deployments, mail and the CRM
// (its own port, handed to identity-check.weft's `crm` connector through
// WEFT_CONNECTOR_CRM_BASEURL), plus the OpenAI-compatible endpoint.
// They answer deterministically from the request; every request is recorded. Tests and the demo only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.js';

export interface StubRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    headers: IncomingMessage['headers'];
    body: unknown;
}

export interface SampleStubOptions {
    /** Polls of a report job answered `running` before it is `done` (default 2). */
    reportPollsBeforeDone?: number;
    /** Charges above this amount are declined with `PaymentDeclined` (default 10,000). */
    declineAbove?: number;
    /** Health check status of deployed services (default 200). */
    healthStatus?: number;
}

export interface SampleStubs {
    /** Base URL (no trailing slash) of the service stub; every sample URL input can point here. */
    url: string;
    /** The OpenAI-compatible endpoint (`…/v1`), for `OPENAI_BASE_URL`. */
    openai: FakeOpenAiServer;
    requests: StubRequest[];
    /** Requests whose path starts with `prefix` (and method, when given). */
    requestsTo(prefix: string, method?: string): StubRequest[];
    /** Environment for a `weft` process: AI endpoint, the CRM connector's base URL and the samples' secrets. */
    env: Record<string, string>;
    close(): Promise<void>;
}

/** The secrets the samples read (`secret x = env("X")`); test values, never real ones. */
export const SAMPLE_SECRETS = {
    PAYMENTS_KEY: 'pk_test_payments_secret',
    CHAT_TOKEN: 'chat_test_token_secret',
    WAREHOUSE_KEY: 'wh_test_key_secret',
    DEPLOY_TOKEN: 'deploy_test_token_secret',
} as const;

type Reply = { status: number; body: unknown };

function route(req: StubRequest, options: Required<SampleStubOptions>, state: { polls: Map<string, number>; names: Map<string, string>; jobs: number; deployments: number }): Reply {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { method, path } = req;
    // payments (order-fulfilment.weft)
    if (method === 'POST' && path === '/charges') {
        const amount = Number(body.amount ?? 0);
        if (amount > options.declineAbove) return { status: 402, body: { error: { code: 'PaymentDeclined', message: `amount ${amount} declined` } } };
        return { status: 201, body: { id: `ch_${String(body.idempotencyKey ?? 'x')}`, amount, currency: body.currency ?? null, status: 'succeeded' } };
    }
    if (method === 'POST' && path === '/refunds') return { status: 201, body: { id: `re_${String(body.charge ?? 'x')}`, status: 'refunded' } };
    // hooks, chat, mail
    if (method === 'POST' && (path === '/orders' || path === '/messages' || path === '/send')) return { status: 202, body: { ok: true } };
    // nightly-sync: source and warehouse
    if (method === 'GET' && path === '/records') {
        return { status: 200, body: { records: [
            { id: 'r1', name: ' Ada ', email: 'ADA@example.com', updatedAt: '2026-01-01T00:00:00Z' },
            { id: 'r2', name: 'Grace', email: 'grace@example.com' },
            { id: 'r2', name: 'Grace (duplicate)', email: 'grace@example.com' },
            { id: '', name: 'nameless' },
        ] } };
    }
    if (method === 'PUT' && path === '/batches') return { status: 200, body: { stored: Array.isArray(body.records) ? body.records.length : 0 } };
    // document-triage archive
    if (method === 'POST' && (path === '/urgent' || path === '/invoices' || path === '/archive')) return { status: 200, body: { filed: (body.ids as unknown[] | undefined)?.length ?? 0 } };
    // report-polling
    if (method === 'POST' && path === '/reports') {
        const jobId = `job-${++state.jobs}`;
        state.names.set(jobId, String(body.name ?? 'report'));
        return { status: 202, body: { jobId } };
    }
    const job = /^\/reports\/jobs\/([^/]+)$/.exec(path);
    if (method === 'GET' && job) {
        const n = (state.polls.get(job[1]!) ?? 0) + 1;
        state.polls.set(job[1]!, n);
        return n > options.reportPollsBeforeDone
            ? { status: 200, body: { state: 'done', url: `https://reports.example.com/${state.names.get(job[1]!) ?? job[1]}.csv` } }
            : { status: 200, body: { state: 'running' } };
    }
    // webhook-deploy
    if (method === 'POST' && path === '/deployments') return { status: 201, body: { id: `dep-${++state.deployments}`, service: body.service ?? null, sha: body.sha ?? null } };
    if (method === 'POST' && /^\/deployments\/[^/]+\/(promote|rollback)$/.test(path)) return { status: 200, body: { ok: true } };
    if (method === 'GET' && /^\/services\/[^/]+\/health$/.test(path)) return { status: options.healthStatus, body: { healthy: options.healthStatus === 200 } };
    // CRM (identity-check.weft, customer-onboarding.weft)
    if (method === 'POST' && path === '/customers') return { status: 201, body: { id: body.id ?? null, created: true } };
    if (method === 'POST' && path === '/audit') return { status: 201, body: { logged: true } };
    return { status: 404, body: { error: { code: 'NotFound', message: `no stub for ${method} ${path}` } } };
}

function listen(server: Server, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
}

export async function startSampleStubs(options: SampleStubOptions = {}): Promise<SampleStubs> {
    const opts: Required<SampleStubOptions> = { reportPollsBeforeDone: 2, declineAbove: 10_000, healthStatus: 200, ...options };
    const requests: StubRequest[] = [];
    const state = { polls: new Map<string, number>(), names: new Map<string, string>(), jobs: 0, deployments: 0 };
    const handler = (req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
            const url = new URL(req.url ?? '/', 'http://stub');
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = null;
            try { body = text ? JSON.parse(text) : null; } catch { body = text; }
            const request: StubRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
            requests.push(request);
            const reply = route(request, opts, state);
            res.writeHead(reply.status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(reply.body));
        });
    };
    // The CRM is a server of its own, as it would be: the connector's base URL has no path.
    const servers: Server[] = [createServer(handler), createServer(handler)];
    for (const server of servers) await listen(server, 0);
    const openai = await startFakeOpenAiServer();
    const { port } = servers[0]!.address() as AddressInfo;
    const { port: crmPort } = servers[1]!.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        openai,
        requests,
        requestsTo: (prefix, method) => requests.filter((r) => r.path.startsWith(prefix) && (method === undefined || r.method === method)),
        env: { OPENAI_BASE_URL: openai.baseUrl, OPENAI_API_KEY: 'sk-test-not-a-real-key', WEFT_CONNECTOR_CRM_BASEURL: `http://127.0.0.1:${crmPort}`, ...SAMPLE_SECRETS },
        close: async () => {
            await openai.close();
            await Promise.all(servers.map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
        },
    };
}
