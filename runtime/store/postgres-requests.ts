// Store — requests to the process that carries a run, through a PostgreSQL store (`requests`
// table, `NOTIFY`): a control or an event asked for on one machine reaches the run another
// machine's process carries. The asker writes the request addressed to the carrier's token and
// wakes it; the carrier, listening on the connection that holds its token, takes the request up
// (`asked` → `taken`), applies it with its engine and writes the answer, which the asker reads
// and deletes. A request not taken up in time is withdrawn, so "nothing was done" is certain when
// the asker says it. Used only by `postgres-run-store.ts`; see docs/runtime.md "Requests to
// another process".

import type pg from 'pg';
import type { PostgresClaims } from './postgres-claims.js';
import {
  answerTaken, awaitAnswer, offerToEach,
  type BroadcastAnswer, type EventRequest, type ForwardedAnswer, type RequestAnswer, type RunControlRequest, type RunRequest,
} from './run-requests.js';

/** The requests table of a store's schema (made with the store's other tables). */
export function requestTables(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.requests (
  id bigserial PRIMARY KEY,
  carrier bigint NOT NULL,
  request text NOT NULL,
  state text NOT NULL DEFAULT 'asked',
  answer text,
  asked_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS requests_asked ON ${s}.requests (carrier) WHERE state = 'asked';
`;
}

/** Rows older than this are an asker's that died before reading its answer: deleted when a store opens (ms). */
export const REQUESTS_KEPT_MS = 3_600_000;

/** How long an asker sleeps at most between looks at its request (ms; `awaitAnswer`). */
const LONGEST_LOOK_MS = 200;

export class PostgresRequests {
  private handler: ((request: RunRequest) => Promise<RequestAnswer>) | undefined;
  /** A round of taking up requests runs; another was asked for meanwhile. */
  private takingUp = false;
  private again = false;
  private readonly channel: string;
  private readonly sql: { ask: string; answered: string; withdraw: string; drop: string; takeUp: string; answer: string };

  constructor(private readonly pool: pg.Pool, private readonly claims: PostgresClaims, schema: string, private readonly isClosed: () => boolean) {
    // One channel per schema (a payload names the carrier token it is for, so a channel name cut
    // to PostgreSQL's 63 bytes that two schemas share only wakes a process for nothing).
    this.channel = `weft_requests_${schema.toLowerCase()}`.slice(0, 63);
    const s = schema;
    this.sql = {
      // The request and its wake-up in one statement: the notification goes with the commit.
      ask: `WITH r AS (INSERT INTO ${s}.requests (carrier, request, asked_at) VALUES ($1, $2, $3) RETURNING id)
        SELECT id, pg_notify('${this.channel}', $1::text) FROM r`,
      answered: `DELETE FROM ${s}.requests WHERE id = $1 AND state = 'answered' RETURNING answer`,
      withdraw: `DELETE FROM ${s}.requests WHERE id = $1 AND state = 'asked' RETURNING id`,
      drop: `DELETE FROM ${s}.requests WHERE id = $1`,
      takeUp: `UPDATE ${s}.requests SET state = 'taken' WHERE carrier = $1 AND state = 'asked' RETURNING id, request`,
      answer: `UPDATE ${s}.requests SET state = 'answered', answer = $2 WHERE id = $1 AND state = 'taken'`,
    };
    claims.onCarrier = (client, token) => this.listen(client, token);
  }

  /** This process answers the requests addressed to it with `handler` (its engine's). */
  answerWith(handler: (request: RunRequest) => Promise<RequestAnswer>): void {
    this.handler = handler;
  }

  /**
   * Asks the live process that carries `request.runId` to apply the control, and waits for its
   * answer; `undefined` when no other live process carries the run now.
   */
  async forward(request: RunControlRequest): Promise<ForwardedAnswer | undefined> {
    const carrier = (await this.claims.carriersElsewhere([request.runId])).get(request.runId);
    if (!carrier) return undefined;
    return { holder: carrier.holder, answer: await this.ask(carrier.token, carrier.holder, request) };
  }

  /**
   * Offers the event to the runs of `runIds` that other live processes carry (without `runIds`:
   * to every other live process that carries unfinished runs): one request per process, asked at
   * once; each process's answer, or none when it did not answer in time.
   */
  async broadcast(request: EventRequest, runIds?: readonly string[]): Promise<BroadcastAnswer[]> {
    const byToken = new Map<string, BroadcastAnswer>();
    if (runIds === undefined) {
      for (const [token, holder] of await this.claims.liveCarriers()) byToken.set(token, { holder, runIds: [] });
    } else {
      for (const [runId, { token, holder }] of await this.claims.carriersElsewhere(runIds)) {
        const at = byToken.get(token);
        if (at) at.runIds.push(runId);
        else byToken.set(token, { holder, runIds: [runId] });
      }
    }
    return offerToEach([...byToken].map(([token, outcome]) => ({ outcome, ask: () => this.ask(token, outcome.holder, request) })));
  }

  /** Writes the request for the process holding `token`, wakes it, and waits for its answer. */
  private async ask(token: string, holder: string, request: RunRequest): Promise<RequestAnswer> {
    const id = (await this.pool.query<{ id: string }>(this.sql.ask, [token, JSON.stringify(request), Date.now()])).rows[0]!.id;
    return awaitAnswer({
      answered: async () => (await this.pool.query<{ answer: string }>(this.sql.answered, [id])).rows[0]?.answer,
      withdraw: async () => Boolean((await this.pool.query(this.sql.withdraw, [id])).rowCount),
      drop: () => this.pool.query(this.sql.drop, [id]),
    }, holder, { longestLookMs: LONGEST_LOOK_MS, isClosed: this.isClosed });
  }

  /** On the connection that holds this process's token: listens, and takes up what waits already. */
  private async listen(client: pg.Client, token: string): Promise<void> {
    client.on('notification', (message) => {
      if (message.channel === this.channel && message.payload === token) this.takeUp(token);
    });
    await client.query(`LISTEN ${this.channel}`);
    this.takeUp(token);
  }

  /** Takes up every request addressed to `token` and answers each (rounds until no wake-up came meanwhile). */
  private takeUp(token: string): void {
    if (this.takingUp) {
      this.again = true;
      return;
    }
    this.takingUp = true;
    void (async () => {
      try {
        do {
          this.again = false;
          if (this.isClosed() || this.claims.currentToken() !== token) return;
          const rows = (await this.pool.query<{ id: string; request: string }>(this.sql.takeUp, [token])).rows;
          for (const row of rows) void this.answer(row.id, row.request);
        } while (this.again);
      } catch {
        // The store closed or the server went away: the askers withdraw or time out.
      } finally {
        this.takingUp = false;
      }
    })();
  }

  private async answer(id: string, text: string): Promise<void> {
    const answer = await answerTaken(text, this.handler);
    await this.pool.query(this.sql.answer, [id, JSON.stringify(answer)]).catch(() => undefined);
  }
}
