// `weft serve` — the HTTP server: serves compiled workflows on one engine and its store. It
// starts runs from webhook routes (`trigger webhook METHOD "path"`, the JSON body as inputs),
// from cron schedules (`trigger schedule "cron" [tz "…"]`, with croner) and from events
// (`POST /events`, which also reaches `trigger event` declarations and waiting runs), and
// answers a small JSON API to read and control runs. Every request but `GET /health` needs a
// token with the right role (`access.ts`); the actor of what it does is `api:<token name>`.
// The engine carries the runs in this process for as long as it lives; on start it resumes the
// store's unfinished runs (a previous server that crashed).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cron } from 'croner';
import { EXTERNAL_EVENT_SOURCE, RunStartError, type Engine } from '../../runtime/engine/engine.js';
import { ControlError, RunCarriedElsewhereError, carriedOnBy } from '../../runtime/engine/run-controls.js';
import { RequestNotAnsweredError, notOfferedText } from '../../runtime/store/run-requests.js';
import type { WorkflowBundle, WorkflowDefinition } from '../../runtime/ir/index.js';
import { auditJson } from '../../runtime/journal/audit-trail.js';
import { metricsOf, StoreMetrics } from '../../runtime/metrics/run-metrics.js';
import { isoTime } from '../../runtime/expressions/stdlib/time-functions.js';
import { PROMETHEUS_CONTENT_TYPE, prometheusText } from '../../runtime/metrics/prometheus-text.js';
import { currentNodes, TERMINAL_STATUSES, type RunStatus, type WorkflowState } from '../../runtime/journal/workflow-state.js';
import { driveRuns } from '../drive-run.js';
import { runResultJson } from '../run-result.js';
import { listRunsAsTheyStand } from '../../runtime/store/runs-as-they-stand.js';
import { RunKeyTakenError, runKeyProblem } from '../../runtime/store/run-store.js';
import { SIGNATURE_HEADERS, type Access, type Caller, type Role } from './access.js';
import { deliveryKey, type DeliveryKey } from './delivery-key.js';
import { slotJson, slotsOf } from '../run-slots.js';
import { runLimitsOf, type RunLimits } from '../../runtime/engine/run-limits.js';

/** Runs left to other processes that a server names one by one when it starts (the rest in one line). */
const NAMED_AT_START = 10;
/** Largest request body read (a webhook's payload, an event). */
const MAX_BODY_BYTES = 1024 * 1024;
/** How long requests in progress may go on once the server is told to stop. */
const SHUTDOWN_GRACE_MS = 2000;
/** How long `?wait` holds a start's answer by default, and at most (seconds). */
const DEFAULT_WAIT_S = 30;
const MAX_WAIT_S = 300;
/** Most journal events one `GET /runs/:id/events` answers with (`more` says when there are others). */
const MAX_EVENTS = 1000;
const STATUSES: readonly RunStatus[] = ['running', 'paused', 'waiting', 'completed', 'failed', 'cancelled'];

export interface ServerOptions {
  /** One bundle per served workflow (its entry). */
  bundles: readonly WorkflowBundle[];
  access: Access;
  /** One line per request and per run a trigger starts. */
  log(line: string): void;
  /** Hides the server's own credentials (its tokens) in an error answer, which may echo the request. */
  mask?(text: string): string;
  /** How a source file (`SourceRange.uri`) is named to callers (`weft serve`: relative to its folder). */
  displayFile(uri: string): string;
  /**
   * How often (ms) the store is looked over for unfinished runs that no live process carries
   * (default `ADOPT_EVERY_MS`; 0: only when the server starts). See `adoptUnfinished`.
   */
  adoptEveryMs?: number;
  /** Why another live process carries a run (`carriedElsewhereIn(store)`), if one does: such a run is left to it. */
  carriedElsewhere?(runId: string): string | undefined;
  /** The runs other live processes carry now (`carriedRunsIn(store)`), for a question about many runs (a prune). */
  carriedRunsNow?(): ReadonlySet<string>;
  /**
   * How long ended runs are kept (ms; `weft serve --retain`): those that ended longer ago are
   * pruned with their sub-runs when the server starts and then every `pruneEveryMs(retainMs)`.
   * Unset: kept for ever.
   */
  retainMs?: number;
  /**
   * Schedules catch up at the start: for each, the last tick within this many ms before the start
   * that started no run (the server was down then) starts one now. Unset: no catch-up.
   */
  catchUpMs?: number;
  /**
   * What a schedule's tick does while the run of an earlier tick of it is still unfinished
   * (running, waiting or paused): `allow` (the default) starts another beside it, `skip` starts
   * none and logs the skip (a nightly job that overruns is not started twice).
   */
  overlap?: 'allow' | 'skip';
}

/** How often a server with a retention prunes: every hour, or every tenth of the retention if that is shorter (at least every second). */
export function pruneEveryMs(retainMs: number): number {
  return Math.max(1000, Math.min(3_600_000, Math.round(retainMs / 10)));
}

/** How often a server looks for runs left behind by a process that stopped (a `weft run` killed). */
export const ADOPT_EVERY_MS = 5000;

/** An HTTP error answered as `{ error, message }` with its status. */
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly extra: Record<string, unknown> = {}) {
    super(message);
  }
}

interface Route {
  method: string;
  /** Literal segments, or `:name` for a parameter. */
  segments: readonly string[];
  role: Role | undefined;
  handle(request: ServedRequest): Promise<Answer>;
}

interface ServedRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  caller: Caller;
  body(): Promise<unknown>;
  /** A request header's value (one string; a repeated header's values joined), or undefined. */
  header(name: string): string | undefined;
  /** The request's headers a run may see (`trigger.headers`): credentials and secrets left out (`runVisibleHeaders`). */
  headers(): Record<string, string>;
  /** Aborted when the client goes away (or the server stops) before the answer: a held answer stops waiting. */
  gone: AbortSignal;
}

interface Answer {
  status: number;
  /** JSON, unless `contentType` says otherwise (then a string, sent as it is). */
  body: unknown;
  contentType?: string;
  /** Headers besides the content type and `cache-control`. */
  headers?: Record<string, string>;
}

export class WeftServer {
  private readonly routes: Route[] = [];
  private readonly crons: Cron[] = [];
  private readonly workflows = new Map<string, { bundle: WorkflowBundle; definition: WorkflowDefinition }>();
  private readonly stopEventTriggers: Array<() => void> = [];
  private server: Server | undefined;
  /** The engine requests act on, from `listen` on. */
  private engineOrNone: Engine | undefined;
  /** The periodic look for runs left behind (`adoptUnfinished`). */
  private adoptTimer: ReturnType<typeof setInterval> | undefined;
  /** A look is in progress (the next tick skips). */
  private adopting: Promise<void> | undefined;
  /** Each unfinished run nothing carried at the last look, with its journal's length then. */
  private quietAtLastLook = new Map<string, number>();
  /** The store's figures for `GET /stats` and `GET /metrics`, folded incrementally (from `listen` on). */
  private storeMetricsOrNone: StoreMetrics | undefined;
  /** Runs that could not be resumed (a secret no longer set…): logged once, not tried again. */
  private readonly unresumable = new Set<string>();
  /** The periodic prune of runs past the retention (`retainMs`), and the one in progress. */
  private pruneTimer: ReturnType<typeof setInterval> | undefined;
  private pruning: Promise<void> | undefined;
  /** Runs this server pruned since it started (`weft_runs_pruned_total`). */
  private prunedRuns = 0;
  /** Starts this server answered with the run their key already had, since it started (`weft_starts_repeated_total`). */
  private repeatedStarts = 0;

  /**
   * Checks what is served (one workflow per name; no webhook on another route) and makes the
   * routes: throws, before any store or engine exists, when they cannot be served.
   */
  constructor(private readonly options: ServerOptions) {
    for (const bundle of options.bundles) {
      const definition = bundle.workflows[bundle.entry]!;
      if (this.workflows.has(definition.id)) throw new Error(`Two served workflows are named '${definition.id}'`);
      this.workflows.set(definition.id, { bundle, definition });
    }
    this.addApiRoutes();
    this.addWebhookRoutes();
  }

  /** The webhook routes and schedules, one line each (what `weft serve` prints when it starts). */
  describe(): string[] {
    const lines: string[] = [];
    for (const { definition } of this.workflows.values()) {
      for (const t of definition.triggers) {
        if (t.kind === 'webhook') lines.push(`${t.method} ${t.path} → ${definition.id}`);
        else if (t.kind === 'schedule') lines.push(`schedule "${t.cron}"${t.timeZone ? ` (${t.timeZone})` : ''} → ${definition.id}`);
        else if (t.kind === 'event') lines.push(`event "${t.eventType}" → ${definition.id}`);
      }
    }
    return lines;
  }

  private get storeMetrics(): StoreMetrics {
    return (this.storeMetricsOrNone ??= new StoreMetrics(this.engine.store));
  }

  private get engine(): Engine {
    if (!this.engineOrNone) throw new Error('The server is not listening');
    return this.engineOrNone;
  }

  /** Serves on `engine`: listens on `host:port` (0: any free port), resumes its store's unfinished runs, arms the schedules and event triggers. */
  async listen(engine: Engine, host: string, port: number): Promise<string> {
    this.engineOrNone = engine;
    // Listening first: a port in use fails the start before any run is touched.
    const server = createServer((req, res) => { void this.answer(req, res); });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => { server.off('error', reject); resolve(); });
    });
    await this.adoptUnfinished(true);
    const every = this.options.adoptEveryMs ?? ADOPT_EVERY_MS;
    if (every > 0) {
      this.adoptTimer = setInterval(() => { this.adopting ??= this.adoptUnfinished(false).finally(() => { this.adopting = undefined; }); }, every);
      this.adoptTimer.unref();
    }
    const retainMs = this.options.retainMs;
    if (retainMs !== undefined) {
      await this.pruneEnded(retainMs);
      this.pruneTimer = setInterval(() => { this.pruning ??= this.pruneEnded(retainMs).finally(() => { this.pruning = undefined; }); }, pruneEveryMs(retainMs));
      this.pruneTimer.unref();
    }
    for (const { bundle, definition } of this.workflows.values()) {
      if (definition.triggers.some((t) => t.kind === 'event')) this.stopEventTriggers.push(engine.registerEventTriggers(bundle, definition.id));
      for (const t of definition.triggers) {
        if (t.kind !== 'schedule') continue;
        const cron = t.cron;
        // The workflow's time zone is UTC unless `tz` names one (LANGUAGE.md), not the host's.
        const job = new Cron(cron, { timezone: t.timeZone ?? 'UTC' }, () => {
          // The tick this call is for (croner calls at the tick's second, or later on a busy loop).
          const [tick] = job.previousRuns(1, new Date());
          if (tick) this.startTick(bundle, definition, cron, tick, 'started');
        });
        this.crons.push(job);
        const catchUpMs = this.options.catchUpMs;
        if (catchUpMs !== undefined) {
          const now = Date.now();
          const [last] = job.previousRuns(1, new Date(now));
          if (last && now - last.getTime() <= catchUpMs) this.startTick(bundle, definition, cron, last, 'caught up');
        }
      }
    }
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shown}:${address.port}`;
  }

  /**
   * Starts the run of a schedule's tick, keyed by the schedule and the tick's time: a tick starts
   * one run, however often it is asked for (a catch-up at the start, a tick the server ran before
   * it was restarted in the same second). A tick that has its run already is left alone.
   */
  private startTick(bundle: WorkflowBundle, definition: WorkflowDefinition, cron: string, tick: Date, done: 'started' | 'caught up'): void {
    const at = tick.toISOString();
    if (this.options.overlap !== 'skip') {
      this.startTickRun(bundle, definition, cron, at, done);
      return;
    }
    this.unfinishedRunOf(definition.id, cron).then((going) => {
      if (going === undefined) this.startTickRun(bundle, definition, cron, at, done);
      else this.options.log(`schedule "${cron}" skipped its tick at ${at}: run ${going} of ${definition.id} is still unfinished (--overlap skip)`);
    }, (err: unknown) => this.options.log(`schedule "${cron}" could not start ${definition.id}: ${(err as Error).message}`));
  }

  /** An unfinished run an earlier tick of the schedule started (in this server's life or before: by its key), if any. */
  private async unfinishedRunOf(workflow: string, cron: string): Promise<string | undefined> {
    const prefix = `schedule ${cron} `;
    const unfinished = await this.engine.store.listRuns({ workflow, status: ['running', 'paused'] });
    return unfinished.find((r) => r.key?.startsWith(prefix))?.runId;
  }

  private startTickRun(bundle: WorkflowBundle, definition: WorkflowDefinition, cron: string, at: string, done: 'started' | 'caught up'): void {
    this.engine.start(bundle, { workflow: definition.id, trigger: { kind: 'schedule', cron }, key: `schedule ${cron} ${at}` }).then(
      (h) => this.options.log(`schedule "${cron}" ${done} ${definition.id} ${h.runId}${done === 'caught up' ? ` for its tick at ${at}, missed while no server ran` : ''}`),
      (err: unknown) => {
        if (err instanceof RunKeyTakenError) {
          if (done === 'caught up') this.options.log(`schedule "${cron}": its tick at ${at} has its run already (${err.runId})`);
          return;
        }
        this.options.log(`schedule "${cron}" could not start ${definition.id}: ${(err as Error).message}`);
      },
    );
  }

  /**
   * Carries on the store's unfinished top-level runs (sub-runs resume with their parents) that
   * neither this engine nor another live process carries: at the start (`starting`: a previous
   * server that was stopped or crashed), and then every `adoptEveryMs` — a `weft run` on this
   * store that was killed, or an editor closed, mid-run, leaves its run to the server rather than
   * to a restart. A run another live process carries (`run-carriers.ts`) is left to it. After the
   * start, a run is taken only once it has been unfinished, uncarried and quiet (the same journal
   * length) at two looks in a row: a process that has just created a run records that it carries
   * it at its first commit, so a run between the two is never taken from under it, whatever the
   * clocks say. A run that cannot be resumed (a secret no longer set) is logged once and left as
   * it is.
   */
  private async adoptUnfinished(starting: boolean): Promise<void> {
    const engine = this.engine;
    let listed;
    try {
      listed = await engine.store.listRuns({ status: ['running', 'paused'] });
    } catch (err) {
      this.options.log(`could not look for unfinished runs: ${(err as Error).message}`);
      return;
    }
    const active = new Set(engine.activeRuns());
    const candidates = listed.filter((r) => !r.parentRunId && !active.has(r.runId) && !this.unresumable.has(r.runId));
    // A store shared across machines says in one look which of them other processes hold, rather
    // than a refused claim per run at every look (thousands of runs waiting for approvals).
    let heldElsewhere = new Map<string, string>();
    if (engine.store.heldElsewhere && candidates.length) {
      try {
        heldElsewhere = await engine.store.heldElsewhere(candidates.map((r) => r.runId));
      } catch (err) {
        this.options.log(`could not look for unfinished runs: ${(err as Error).message}`);
        return;
      }
    }
    const quiet = new Map<string, number>();
    // Runs left to other processes are named at the start, the first `NAMED_AT_START` one by one.
    let leftAtStart = 0;
    const leftToOthers = (line: string) => {
      if (!starting) return;
      if (++leftAtStart <= NAMED_AT_START) this.options.log(line);
    };
    for (const r of candidates) {
      const holder = heldElsewhere.get(r.runId);
      const carried = this.options.carriedElsewhere?.(r.runId) ?? (holder === undefined ? undefined : `Run ${r.runId} is ${carriedOnBy(holder)}`);
      if (carried !== undefined) {
        // Said once, at the start: a later look takes the run when that process has stopped.
        leftToOthers(`could not resume ${r.runId} of ${r.workflow}: ${carried}`);
        continue;
      }
      quiet.set(r.runId, r.lastSeq);
      if (!starting && this.quietAtLastLook.get(r.runId) !== r.lastSeq) continue;
      try {
        await engine.resume(r.runId);
        quiet.delete(r.runId);
        this.options.log(starting ? `resumed ${r.runId} of ${r.workflow}` : `resumed ${r.runId} of ${r.workflow}: no live process carries it (the one that did has stopped)`);
      } catch (err) {
        quiet.delete(r.runId);
        // Carried elsewhere (since the look above, or claimed in a store shared across machines):
        // left to that process, said once at the start; a later look takes it once it has stopped.
        if (err instanceof RunCarriedElsewhereError) {
          leftToOthers(`could not resume ${r.runId} of ${r.workflow}: ${err.message}`);
          continue;
        }
        this.unresumable.add(r.runId);
        this.options.log(`could not resume ${r.runId} of ${r.workflow}: ${(err as Error).message}`);
      }
    }
    if (leftAtStart > NAMED_AT_START) {
      this.options.log(`…and ${leftAtStart - NAMED_AT_START} more unfinished run(s) that other live processes carry, left to them`);
    }
    this.quietAtLastLook = quiet;
  }

  /**
   * Prunes the runs that ended longer than `retainMs` ago, with their sub-runs (those this engine
   * or another live process holds, such as a failed run a control is reopening, are left).
   */
  private async pruneEnded(retainMs: number): Promise<void> {
    const store = this.engine.store;
    if (!store.pruneRuns) return;
    const endedBefore = Date.now() - retainMs;
    try {
      const pruned = await store.pruneRuns({ endedBefore, keep: this.heldElsewhereOrHere() });
      if (pruned.length === 0) return;
      const subRuns = pruned.reduce((n, p) => n + p.subRuns.length, 0);
      this.prunedRuns += pruned.length + subRuns;
      this.options.log(`pruned ${pruned.length} run(s)${subRuns ? ` and ${subRuns} sub-run(s)` : ''} that ended before ${new Date(endedBefore).toISOString()}`);
    } catch (err) {
      this.options.log(`could not prune ended runs: ${(err as Error).message}`);
    }
  }

  /** `PruneRequest.keep`: runs this engine carries or another live process does. */
  private heldElsewhereOrHere(): (runId: string) => boolean {
    const active = new Set(this.engine.activeRuns());
    const carried = this.options.carriedRunsNow?.() ?? new Set<string>();
    return (runId) => active.has(runId) || carried.has(runId);
  }

  /** Next fire time of each schedule (for the start-up lines). */
  nextRuns(): Array<{ cron: string; next: Date | null }> {
    return this.crons.map((c) => ({ cron: c.getPattern() ?? '', next: c.nextRun() }));
  }

  /** Stops accepting requests and schedules; the engine and store are the caller's to close. */
  async close(): Promise<void> {
    if (this.adoptTimer) clearInterval(this.adoptTimer);
    this.adoptTimer = undefined;
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = undefined;
    await this.adopting;
    await this.pruning;
    for (const c of this.crons) c.stop();
    for (const stop of this.stopEventTriggers) stop();
    const server = this.server;
    if (!server) return;
    // Requests in progress get a moment to finish; a start held by `?wait` (up to minutes) does
    // not hold the shutdown: its connection is closed after the grace.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    await closed;
    clearTimeout(grace);
  }

  // -------------------------------------------------------------------------------------------
  // Requests

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://weft');
    let answer: Answer;
    let who = '-';
    // The client went away before its answer (a long poll given up): whatever holds it stops waiting.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    try {
      answer = await this.route(req, url, gone.signal, (caller) => { who = caller.name; });
    } catch (err) {
      if (err instanceof HttpError) answer = { status: err.status, body: { error: err.code, message: err.message, ...err.extra } };
      else {
        answer = { status: 500, body: { error: 'InternalError', message: (err as Error).message } };
        this.options.log(`internal error on ${req.method} ${url.pathname}: ${(err as Error).stack ?? String(err)}`);
      }
    }
    let text = answer.contentType !== undefined ? String(answer.body) : JSON.stringify(answer.body);
    if (answer.status >= 400 && this.options.mask) text = this.options.mask(text);
    const headers: Record<string, string> = { ...answer.headers, 'content-type': answer.contentType ?? 'application/json; charset=utf-8', 'cache-control': 'no-store' };
    if (answer.status === 401) headers['www-authenticate'] = 'Bearer realm="weft"';
    res.writeHead(answer.status, headers);
    res.end(text);
    this.options.log(`${req.method} ${url.pathname} ${answer.status} ${who} ${Date.now() - started}ms`);
  }

  private async route(req: IncomingMessage, url: URL, gone: AbortSignal, identified: (caller: Caller) => void): Promise<Answer> {
    let segments: string[];
    try {
      segments = segmentsOf(url.pathname).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, 'BadRequest', `The path ${url.pathname} is not well-formed (a bad % escape)`);
    }
    const matching = this.routes.map((r) => ({ r, params: match(r.segments, segments) })).filter((m) => m.params !== undefined);
    if (matching.length === 0) throw new HttpError(404, 'NotFound', `No route ${url.pathname}`);
    const found = matching.find((m) => m.r.method === req.method);
    if (!found) throw new HttpError(405, 'MethodNotAllowed', `${req.method} is not allowed on ${url.pathname} (allowed: ${[...new Set(matching.map((m) => m.r.method))].join(', ')})`);
    const route = found.r;
    // The body is read before the caller is known: a signed webhook's credentials are its body's
    // HMAC. It is read once, within the size limit, whatever the route.
    const raw = await readBody(req);
    const header = (name: string): string | undefined => headerText(req.headers[name]);
    let caller: Caller = { name: 'anonymous', roles: new Set() };
    if (route.role !== undefined) {
      const signature = SIGNATURE_HEADERS.map((h) => req.headers[h]).find((v): v is string => typeof v === 'string');
      const known = this.options.access.caller({
        authorization: req.headers.authorization, signature, body: raw,
        stripeSignature: header('stripe-signature'), slackSignature: header('x-slack-signature'), slackTimestamp: header('x-slack-request-timestamp'),
      });
      if (!known) throw new HttpError(401, 'Unauthorized', 'A bearer token (Authorization: Bearer <token>) or a signed body (X-Hub-Signature-256: sha256=<hmac>; Stripe-Signature; X-Slack-Signature) is needed');
      if (!known.roles.has(route.role)) throw new HttpError(403, 'Forbidden', `The token '${known.name}' does not have the '${route.role}' role`);
      caller = known;
      identified(known);
    }
    return route.handle({ params: found.params!, query: url.searchParams, caller, body: async () => parseBody(raw, header('content-type')), header, headers: () => runVisibleHeaders(req), gone });
  }

  private add(method: string, path: string, role: Role | undefined, handle: Route['handle']): void {
    this.routes.push({ method, segments: segmentsOf(path), role, handle });
  }

  private addApiRoutes(): void {
    this.add('GET', '/health', undefined, async () => ({ status: 200, body: { ok: true } }));
    this.add('GET', '/workflows', 'read', async () => ({
      status: 200,
      body: [...this.workflows.values()].map(({ bundle, definition }) => ({
        name: definition.id, version: definition.version, bundleHash: bundle.hash,
        inputs: definition.variables.filter((v) => v.role === 'input').map((v) => v.name),
        triggers: definition.triggers.map(({ range: _range, where: _where, ...t }: { range: unknown; where?: unknown } & Record<string, unknown>) => t),
      })),
    }));
    this.add('POST', '/workflows/:name/runs', 'trigger', async (r) => {
      const served = this.workflows.get(r.params.name!);
      if (!served) throw new HttpError(404, 'UnknownWorkflow', `No served workflow '${r.params.name}' (served: ${[...this.workflows.keys()].join(', ')})`);
      const body = await r.body();
      const given = body === undefined ? {} : objectOf(body, 'the body');
      const asked = runLimitsOf(given.timeout, given.stepBudget, { timeout: '"timeout"', stepBudget: '"stepBudget"' }, 'json');
      if ('problem' in asked) throw new HttpError(400, 'BadRequest', asked.problem);
      return this.startRun(served.bundle, served.definition, objectOf(given.inputs ?? {}, '"inputs"'), { kind: 'manual' }, r, body, asked.limits);
    });
    this.add('POST', '/events', 'trigger', async (r) => {
      const body = objectOf(await r.body(), 'the body');
      if (typeof body.type !== 'string' || body.type === '') throw new HttpError(400, 'BadRequest', 'The event needs a "type" (a non-empty string)');
      // Named here when the caller did not: the answer gives it, so an event some carrier did not
      // take up can be sent again under the same name (no run takes it twice).
      const id = typeof body.id === 'string' && body.id !== '' ? body.id : randomUUID();
      const source = typeof body.source === 'string' && body.source !== '' ? body.source : EXTERNAL_EVENT_SOURCE;
      const notOffered: Array<{ holder: string; runIds: string[]; message: string }> = [];
      const took = await this.engine.deliverEvent(body.type, body.data ?? null, {
        actor: `api:${r.caller.name}`, loadUnfinished: true, id, source,
        // Other processes that carry runs (a weft run beside the server, workers on other machines)
        // offer it to their runs; one that does not answer is logged and named in the answer.
        offeredElsewhere: (answers) => {
          for (const a of answers) {
            const text = notOfferedText(a);
            if (text === undefined) continue;
            this.options.log(`event ${body.type}: ${text}`);
            notOffered.push({ holder: a.holder, runIds: a.runIds, message: text });
          }
        },
      });
      return { status: 202, body: { type: body.type, id, source, took, ...(notOffered.length ? { notOffered } : {}) } };
    });
    this.add('GET', '/runs', 'read', async (r) => {
      const status = r.query.getAll('status');
      for (const s of status) if (!STATUSES.includes(s as RunStatus)) throw new HttpError(400, 'BadRequest', `Unknown status '${s}' (one of ${STATUSES.join(', ')})`);
      const limit = r.query.get('limit');
      // A page after the last run of the one before (`after=<runId>`), newest first.
      const afterId = r.query.get('after');
      let after: { createdAt: number; runId: string } | undefined;
      if (afterId !== null) {
        const run = await this.engine.store.getRun(afterId);
        if (!run) throw new HttpError(400, 'BadRequest', `after=${afterId}: no run with that id (give the last run id of the page before)`);
        after = { createdAt: run.createdAt, runId: run.runId };
      }
      const runs = await listRunsAsTheyStand(this.engine.store, {
        ...(r.query.get('workflow') ? { workflow: r.query.get('workflow')! } : {}),
        ...(r.query.get('key') !== null ? { key: r.query.get('key')! } : {}),
        ...(status.length ? { status: status as RunStatus[] } : {}),
        ...windowOf(r.query),
        ...(after ? { after } : {}),
        limit: limit === null ? 100 : Math.max(1, Math.min(1000, Number(limit) || 100)),
      }, (id) => this.engine.peek(id));
      return { status: 200, body: runs };
    });
    this.add('GET', '/runs/:id', 'read', async (r) => ({ status: 200, body: await this.runBody(r.params.id!) }));
    this.add('GET', '/runs/:id/events', 'read', async (r) => ({ status: 200, body: await this.eventsBody(r) }));
    // What `weft stats --json` prints: per workflow and node, folded from the store's journals.
    // With `since`/`until`, of the runs started then (folded for the request, not kept).
    this.add('GET', '/stats', 'read', async (r) => {
      const workflow = r.query.get('workflow') ?? undefined;
      const window = windowOf(r.query);
      if (window.since === undefined && window.until === undefined) return { status: 200, body: await this.storeMetrics.current(workflow) };
      return { status: 200, body: await metricsOf(this.engine.store, workflow, window) };
    });
    // The same figures for a Prometheus scraper (text exposition format), with the runs this server carries now.
    this.add('GET', '/metrics', 'read', async () => ({
      status: 200,
      contentType: PROMETHEUS_CONTENT_TYPE,
      body: prometheusText(await this.storeMetrics.current(), [
        { name: 'weft_runs_carried', help: 'Unfinished runs this server carries now (running or waiting in its engine).', value: this.engine.activeRuns().length },
        { name: 'weft_runs_pruned_total', help: 'Runs (sub-runs included) this server deleted since it started: past the retention, or asked for.', value: this.prunedRuns, type: 'counter' },
        { name: 'weft_starts_repeated_total', help: 'Starts this server answered with the run their idempotency key already had (retries, redeliveries) since it started: no run was started for them.', value: this.repeatedStarts, type: 'counter' },
      ]),
    }));
    // Deletes an ended top-level run with its sub-runs and journals (`weft prune <run>`).
    this.add('DELETE', '/runs/:id', 'delete', async (r) => {
      const id = r.params.id!;
      const store = this.engine.store;
      const run = await store.getRun(id);
      if (!run) throw new HttpError(404, 'UnknownRun', `No run with id '${id}'`);
      if (run.parentRunId !== undefined) throw new HttpError(409, 'SubRun', `Run ${id} is a sub-run of ${run.parentRunId}: it is deleted with that run`);
      if (!TERMINAL_STATUSES.has(run.status)) throw new HttpError(409, 'RunNotEnded', `Run ${id} is ${run.status}: only ended runs are deleted (cancel it first)`);
      if (!store.pruneRuns) throw new HttpError(501, 'NotSupported', 'This store cannot delete runs');
      const keep = this.heldElsewhereOrHere();
      if (keep(id)) throw new HttpError(409, 'RunHeld', `Run ${id} is being acted on (${this.options.carriedElsewhere?.(id) ?? 'by this server'})`);
      const [pruned] = await store.pruneRuns({ runIds: [id], keep });
      if (!pruned) throw new HttpError(409, 'RunNotEnded', `Run ${id} was reopened meanwhile: nothing was deleted`);
      this.prunedRuns += 1 + pruned.subRuns.length;
      this.options.log(`deleted run ${id} of ${pruned.workflow}${pruned.subRuns.length ? ` and its ${pruned.subRuns.length} sub-run(s)` : ''} (${r.caller.name})`);
      return { status: 200, body: { runId: id, workflow: pruned.workflow, status: pruned.status, subRuns: pruned.subRuns } };
    });
    this.add('POST', '/runs/:id/approve', 'operate', async (r) => this.decide(r, true));
    this.add('POST', '/runs/:id/reject', 'operate', async (r) => this.decide(r, false));
    this.add('POST', '/runs/:id/retry', 'operate', async (r) => {
      const id = r.params.id!;
      const node = nodeOf(objectOf(await r.body(), 'the body'), 'the failed node');
      await this.control(id, () => this.engine.retryNode(id, node, `api:${r.caller.name}`));
      return { status: 200, body: await this.runBody(id) };
    });
    this.add('POST', '/runs/:id/skip', 'operate', async (r) => {
      const id = r.params.id!;
      const body = objectOf(await r.body(), 'the body');
      const node = nodeOf(body, 'the node to skip');
      await this.control(id, () => this.engine.skipNode(id, node, body.result ?? null, `api:${r.caller.name}`));
      return { status: 200, body: await this.runBody(id) };
    });
    this.add('PUT', '/runs/:id/variables/:name', 'operate', async (r) => {
      const id = r.params.id!;
      const body = objectOf(await r.body(), 'the body');
      if (!Object.hasOwn(body, 'value')) throw new HttpError(400, 'BadRequest', 'Give the new value: { "value": <JSON> }');
      await this.control(id, () => this.engine.setVariable(id, r.params.name!, body.value, `api:${r.caller.name}`));
      return { status: 200, body: await this.runBody(id) };
    });
    for (const action of ['pause', 'resume', 'cancel'] as const) {
      this.add('POST', `/runs/:id/${action}`, 'operate', async (r) => {
        const id = r.params.id!;
        const actor = `api:${r.caller.name}`;
        await this.control(id, async () => {
          if (action === 'pause') await this.engine.pause(id, actor);
          else if (action === 'resume') await this.engine.resumeRun(id, actor);
          else {
            const body = await r.body();
            const reason = body === undefined ? undefined : objectOf(body, 'the body').reason;
            await this.engine.cancel(id, actor, typeof reason === 'string' ? reason : undefined);
          }
        });
        return { status: 200, body: await this.runBody(id) };
      });
    }
  }

  private addWebhookRoutes(): void {
    for (const { bundle, definition } of this.workflows.values()) {
      for (const t of definition.triggers) {
        if (t.kind !== 'webhook') continue;
        const taken = this.routes.find((r) => r.method === t.method && r.segments.join('/') === segmentsOf(t.path).join('/'));
        if (taken) throw new Error(`Two routes are ${t.method} ${t.path} (the webhook of ${definition.id} and another)`);
        const trigger = { kind: 'webhook' as const, method: t.method, path: t.path };
        const inputs = new Set(definition.variables.filter((v) => v.role === 'input').map((v) => v.name));
        this.add(t.method, t.path, 'trigger', async (r) => {
          const body = await r.body();
          // Slack checks a new Events API URL with a signed challenge, to be echoed, not run.
          const challenge = slackChallenge(r.caller, body);
          if (challenge !== undefined) return { status: 200, body: { challenge } };
          // The sender's payload has fields the workflow does not take (GitHub's, Stripe's events
          // carry dozens, and add more): its inputs are the fields it declares, checked as any
          // start's; the rest is left out, not refused.
          const given = body === undefined ? {} : objectOf(body, 'the webhook body');
          const taken: Record<string, unknown> = {};
          for (const name of Object.keys(given)) if (inputs.has(name)) taken[name] = given[name];
          return this.startRun(bundle, definition, taken, { ...trigger, headers: r.headers() }, r, body);
        });
      }
    }
  }

  /** Starts a run: 202 with its id, or with `?wait` the run once it ends or waits for the outside. */
  private async startRun(bundle: WorkflowBundle, definition: WorkflowDefinition, inputs: Record<string, unknown>, trigger: { kind: 'manual' } | { kind: 'webhook'; method: string; path: string; headers: Record<string, string> }, r: ServedRequest, body: unknown, limits: RunLimits = {}): Promise<Answer> {
    const engine = this.engine;
    const keyed = deliveryKey(r.header, body, trigger.kind === 'webhook', r.caller.signedAs);
    if (keyed) {
      const problem = runKeyProblem(keyed.key);
      if (problem !== undefined) throw new HttpError(400, 'BadRequest', `${problem} (${keyed.from})`);
    }
    const source = trigger.kind === 'webhook' ? `${trigger.method} ${trigger.path}` : 'manual';
    let runId: string;
    try {
      ({ runId } = await engine.start(bundle, { workflow: definition.id, inputs, ...limits, ...(trigger.kind === 'webhook' ? { trigger } : {}), ...(keyed ? { key: keyed.key } : {}) }));
    } catch (err) {
      if (err instanceof RunKeyTakenError) return this.repeatedStart(err, keyed!, source, r);
      if (!(err instanceof RunStartError)) throw err;
      throw new HttpError(400, 'RunStartError', err.message, {
        // `file` as `weft run` shows it (relative to where the server runs): callers learn the
        // workflow's file, not the server's file system.
        problems: err.problems.map((p) => ({ code: p.code, message: p.message, ...(p.range ? { at: { file: this.options.displayFile(p.range.uri), line: p.range.start.line + 1, column: p.range.start.character + 1 } } : {}) })),
      });
    }
    this.options.log(`${source} started ${definition.id} ${runId} (${r.caller.name})`);
    if (r.caller.signedAs === 'slack') return SLACK_ACK;
    if (!r.query.has('wait')) return { status: 202, body: { runId, status: 'running' } };
    return { status: 200, body: await this.heldRunBody(runId, r) };
  }

  /**
   * A start whose key a run of the workflow has already (a client's retry, a sender's
   * redelivery): nothing new starts. The same inputs are answered with that run (`200`, held by
   * `?wait` as a start is, `duplicate: true` and the header `Idempotent-Replayed: true`); other
   * inputs under the same key are a mistake of the caller's (`409`).
   */
  private async repeatedStart(taken: RunKeyTakenError, keyed: DeliveryKey, source: string, r: ServedRequest): Promise<Answer> {
    if (!taken.sameInputs) {
      throw new HttpError(409, 'IdempotencyKeyReused', `${taken.message}: a key names one request; send a new key for other inputs`, { runId: taken.runId });
    }
    this.repeatedStarts += 1;
    this.options.log(`${source} repeated (${keyed.from} ${keyed.key}): ${taken.workflow} ${taken.runId} (${r.caller.name})`);
    if (r.caller.signedAs === 'slack') return SLACK_ACK;
    const headers = { 'idempotent-replayed': 'true' };
    if (!r.query.has('wait')) {
      const state = this.engine.peek(taken.runId) ?? await this.engine.inspect(taken.runId);
      return { status: 200, headers, body: { runId: taken.runId, status: state.status, duplicate: true } };
    }
    return { status: 200, headers, body: { ...(await this.heldRunBody(taken.runId, r)) as object, duplicate: true } };
  }

  /** The run once it ends or waits for the outside (an approval, an event), or `?wait=<seconds>` pass: a timer in the run is not the outside, and no client waits days. */
  private async heldRunBody(runId: string, r: ServedRequest): Promise<unknown> {
    const seconds = waitSeconds(r.query);
    let timer: NodeJS.Timeout | undefined;
    // Unref'd: a held answer does not keep a stopping server's process alive.
    await Promise.race([driveRuns(this.engine, [runId]), new Promise<void>((resolve) => { timer = setTimeout(resolve, seconds * 1000).unref(); })]);
    clearTimeout(timer);
    return this.runBody(runId);
  }

  private async decide(r: ServedRequest, approved: boolean): Promise<Answer> {
    const id = r.params.id!;
    const body = objectOf(await r.body(), 'the body');
    const node = nodeOf(body, 'the approval');
    const decision = { approved, by: typeof body.by === 'string' ? body.by : r.caller.name, ...(typeof body.comment === 'string' ? { comment: body.comment } : {}) };
    await this.control(id, () => this.engine.approve(id, node, decision, `api:${r.caller.name}`));
    return { status: 200, body: await this.runBody(id) };
  }

  /** A control: an unknown run is 404, one that does not apply (`ControlError`) 409. */
  private async control(runId: string, act: () => Promise<unknown>): Promise<void> {
    if (!(await this.engine.store.getRun(runId))) throw new HttpError(404, 'UnknownRun', `No run with id '${runId}'`);
    try {
      await act();
    } catch (err) {
      if (err instanceof ControlError) throw new HttpError(409, (err as Error).name, (err as Error).message);
      // The worker on another machine that carries the run did not answer (504: try again, or see the run).
      if (err instanceof RequestNotAnsweredError) throw new HttpError(504, err.name, err.message);
      throw err;
    }
  }

  /**
   * What `GET /runs/:id/events?after=<seq>&wait=<seconds>` answers: the run's journal after
   * `after` (default 0), at most `MAX_EVENTS` of them, with `next` (the `after` of the next call)
   * and `ended` (the run has ended: nothing more will come unless a control reopens it). With
   * `wait`, an answer that would be empty for a run not ended holds until an event is appended
   * or the seconds pass (default 30, at most 300), or the client goes away: a client follows a
   * run by calling again with `after=next`. The journal holds no secret (they are masked before
   * anything is recorded).
   */
  private async eventsBody(r: ServedRequest): Promise<unknown> {
    const runId = r.params.id!;
    const afterText = r.query.get('after') ?? '0';
    if (!/^\d+$/.test(afterText)) throw new HttpError(400, 'BadRequest', `after must be a journal seq (a whole number from 0), not '${afterText}'`);
    const after = Number(afterText);
    const store = this.engine.store;
    const record = await store.getRun(runId);
    if (!record) throw new HttpError(404, 'UnknownRun', `No run with id '${runId}'`);
    // The run as this engine has it, else as the store has it (read again for the answer: it may have ended meanwhile).
    const endedNow = (listed: { status: RunStatus }) => TERMINAL_STATUSES.has((this.engine.peek(runId) ?? listed).status);
    let events = await store.readEvents(runId, after);
    if (events.length === 0 && r.query.has('wait') && !endedNow(record)) {
      const signal = AbortSignal.any([r.gone, AbortSignal.timeout(waitSeconds(r.query) * 1000)]);
      try {
        events = await store.waitForEvents(runId, after, { signal });
      } catch (err) {
        if (!signal.aborted) throw err;
      }
    }
    const page = events.length > MAX_EVENTS ? events.slice(0, MAX_EVENTS) : events;
    const ended = endedNow((await store.getRun(runId)) ?? record);
    return { runId, events: page, next: page.length ? page[page.length - 1]!.seq : after, more: events.length > page.length, ended };
  }

  /** What `GET /runs/:id` answers: the run as `weft run --json` reports it, where it stands, and its audit trail. */
  private async runBody(runId: string): Promise<unknown> {
    const engine = this.engine;
    const record = await engine.store.getRun(runId);
    if (!record) throw new HttpError(404, 'UnknownRun', `No run with id '${runId}'`);
    const live = engine.peek(runId);
    const state = live ?? await engine.inspect(runId);
    const events = await engine.store.readEvents(runId);
    const ended = TERMINAL_STATUSES.has(state.status);
    // An unfinished run another worker carries (a PostgreSQL store): which one, as `weft show --json` says.
    const holder = !live && !ended && engine.store.heldElsewhere ? (await engine.store.heldElsewhere([runId])).get(runId) : undefined;
    const slots = ended ? [] : await slotsOf(engine.store, runId);
    return {
      ...runResultJson(state), workflow: record.workflow, version: record.version, trigger: triggerJson(state.trigger), ...(record.key !== undefined ? { key: record.key } : {}), inputs: state.inputs, paused: state.paused,
      ended, ...(holder !== undefined ? { carriedBy: { holder } } : {}),
      current: currentNodes(state), ...(slots.length ? { slots: slots.map(slotJson) } : {}),
      audit: auditJson(events),
    };
  }
}

/** A run's trigger as the API shows it (an event trigger by its event's type and id). */
function triggerJson(trigger: WorkflowState['trigger']): unknown {
  return trigger.kind === 'event' ? { kind: 'event', type: trigger.event.type, id: trigger.event.id } : trigger;
}

/** A path's segments, empty ones (a leading, trailing or doubled `/`) left out. */
/** `since` and `until` of a query: ISO 8601 times or epoch milliseconds (400 otherwise). */
function windowOf(query: URLSearchParams): { since?: number; until?: number } {
  const window: { since?: number; until?: number } = {};
  for (const key of ['since', 'until'] as const) {
    const text = query.get(key);
    if (text === null) continue;
    const at = /^\d+$/.test(text) ? Number(text) : isoTime(text);
    if (Number.isNaN(at)) throw new HttpError(400, 'BadRequest', `${key}=${text}: give an ISO 8601 time (2026-11-01T09:00:00Z) or epoch milliseconds`);
    window[key] = at;
  }
  return window;
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function match(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = segments[i]!;
    else if (p !== segments[i]) return undefined;
  }
  return params;
}

/** How long `?wait=<seconds>` holds an answer: the seconds given, else 30, at most 300. */
function waitSeconds(query: URLSearchParams): number {
  const given = Number(query.get('wait') || DEFAULT_WAIT_S);
  return Number.isFinite(given) && given > 0 ? Math.min(given, MAX_WAIT_S) : DEFAULT_WAIT_S;
}

/** The body's `node` (a non-empty string); 400 naming `what` otherwise. */
function nodeOf(body: Record<string, unknown>, what: string): string {
  if (typeof body.node !== 'string' || body.node === '') throw new HttpError(400, 'BadRequest', `Name ${what}: { "node": "<node>" }`);
  return body.node;
}

function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'BadRequest', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** The request's body as sent; 413 past `MAX_BODY_BYTES`. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'PayloadTooLarge', `The body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A body as JSON (undefined when empty); 400 for bad JSON. */
/**
 * Headers that could authenticate a caller or carry a secret, by name: never shown to a run (its
 * journal would keep them). `Authorization`, cookies, signatures, and any name with auth, token,
 * key, secret, password, credential or session in it (GitLab sends its webhook secret in plain
 * as `X-Gitlab-Token`; many APIs take an `X-Api-Key`).
 */
const HIDDEN_HEADER = /auth|cookie|token|key|secret|signature|password|credential|session/i;

/** The request's headers a webhook run sees as `trigger.headers` (lower-case names; repeated ones joined). */
function runVisibleHeaders(req: IncomingMessage): Record<string, string> {
  const visible: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    const text = headerText(value);
    if (text !== undefined && !HIDDEN_HEADER.test(name)) visible[name] = text;
  }
  return visible;
}

/** A header's value as one string (a repeated header's values joined, as HTTP joins them). */
function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * A request's body: JSON, or for `application/x-www-form-urlencoded` (Slack's slash commands,
 * GitHub's default webhook content type) an object of its fields as strings (a field given
 * several times: the list of its values).
 */
function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (contentType !== undefined && /^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    // A map, then own properties: a field named `__proto__` or `constructor` is a field like any other.
    const fields = new Map<string, string | string[]>();
    for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) {
      const had = fields.get(name);
      fields.set(name, had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value]);
    }
    return Object.fromEntries(fields);
  }
  return parseJson(raw);
}

function parseJson(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, 'BadRequest', `The body is not JSON: ${(err as Error).message}`);
  }
}

/**
 * The answer to a start from a caller signed as Slack (after the run is started, or found by its
 * `event_id`): `200` with an empty body. Slack takes any other status as a failure and retries
 * (Events API), and shows a slash command's answer body in the channel; an empty `200` is an
 * acknowledgement only.
 */
const SLACK_ACK: Answer = { status: 200, body: '', contentType: 'text/plain; charset=utf-8' };

/** The challenge of Slack's `url_verification` request from a caller signed as Slack, else undefined. */
function slackChallenge(caller: Caller, body: unknown): string | undefined {
  if (caller.signedAs !== 'slack' || body === null || typeof body !== 'object') return undefined;
  const { type, challenge } = body as Record<string, unknown>;
  return type === 'url_verification' && typeof challenge === 'string' ? challenge : undefined;
}
