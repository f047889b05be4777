// Store — the claims of a PostgreSQL store: which process carries a run, across machines. Each
// process holds one advisory lock, on a random key of its own (its carrier token), on a
// connection of its own; a run it carries names that token in `runs.carrier`. A run is free
// when its carrier is unset or its token's lock is gone, so a process that dies lets go of all
// its runs with its session, and a process carrying any number of runs takes one entry of the
// server's lock table. Claims and releases asked for in one turn go as one statement each.
// Used only by `postgres-run-store.ts`; see docs/runtime.md "The PostgreSQL store".

import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A claim waiting for its statement: told the holder's name when another process holds the run. */
interface ClaimWaiter {
  resolve(holder: string | undefined): void;
  reject(err: unknown): void;
}

/** The most runs one claim or release statement names. */
const RUNS_PER_STATEMENT = 1000;

/** The sessions that hold an advisory lock of this database (a carrier token's), by the 64-bit key it was taken with: `token`, `pid`. */
export const LIVE_CARRIERS = `SELECT (l.classid::bigint << 32) | l.objid::bigint AS token, l.pid FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.mode = 'ExclusiveLock'
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

/** A random positive 63-bit carrier token (0 is never drawn, so a token is never falsy). */
function newToken(): bigint {
  const token = randomBytes(8).readBigUInt64BE() >> 1n;
  return token === 0n ? 1n : token;
}

/** How a holding session is named to a process that wanted its run: its `application_name`, and where it connects from unless this machine. */
function holderText(row: { name: string | null; addr: string | null } | undefined): string {
  if (!row?.name) return 'another process';
  return `${row.name}${row.addr && row.addr !== '127.0.0.1' && row.addr !== '::1' ? ` (from ${row.addr})` : ''}`;
}

export class PostgresClaims {
  /** The runs this process holds under its current token. */
  private readonly held = new Set<string>();
  /** Runs whose claim went with a token whose connection ended: their appends are refused until claimed again. */
  private readonly lost = new Set<string>();
  /** The connection that holds the token's lock, and the token, once taken. */
  private carrier: Promise<{ client: pg.Client; token: string }> | undefined;
  /** The token while its connection lives (what a claim's or a creation's token is checked against). */
  private current: string | undefined;
  /** Claims and releases asked for and not yet sent, and the claims sent and not yet answered (a second ask joins the first). */
  private claimsDue = new Map<string, ClaimWaiter[]>();
  private releasesDue: string[] = [];
  private readonly inFlight = new Map<string, Promise<string | undefined>>();
  /** The statements' loop, while it runs (one round at a time, so a release and a later claim of a run keep their order). */
  private pumping: Promise<void> | undefined;
  private closed = false;
  private readonly sql: { claim: string; release: string; holders: string; carriers: string; unheld: string };
  /** Told each time a carrier connection holds its token (the requests to this process are listened for on it). */
  onCarrier: ((client: pg.Client, token: string) => Promise<void>) | undefined;

  constructor(
    private readonly url: string,
    private readonly holder: string,
    schema: string,
    private readonly pool: pg.Pool,
    private readonly unavailable: (err: unknown) => Error,
  ) {
    // The sessions that hold an advisory lock of this database, by the 64-bit key it was taken with.
    const live = LIVE_CARRIERS;
    this.sql = {
      // A run is taken when it has no carrier, is this process's already, or its carrier's lock is
      // free (the shared try-lock succeeds only then; it is checked again, with the row's newest
      // carrier, when another claim of the row commits first). Each id is answered: taken, or
      // known (held elsewhere) or not (no such run: nothing to carry).
      claim: `WITH taken AS (
          UPDATE ${schema}.runs r SET carrier = $1 WHERE r.run_id = ANY($2::text[])
            AND (r.carrier IS NULL OR r.carrier = $1 OR pg_try_advisory_xact_lock_shared(r.carrier)) RETURNING r.run_id)
        SELECT i.id, t.run_id IS NOT NULL AS ok, EXISTS (SELECT 1 FROM ${schema}.runs k WHERE k.run_id = i.id) AS known
        FROM unnest($2::text[]) AS i(id) LEFT JOIN taken t ON t.run_id = i.id`,
      release: `UPDATE ${schema}.runs SET carrier = NULL WHERE run_id = ANY($2::text[]) AND carrier = $1`,
      // Of the runs, those a live carrier other than `$1` holds, with that session's name and address.
      holders: `WITH live AS (${live})
        SELECT r.run_id AS id, r.carrier::text AS token, a.application_name AS name, host(a.client_addr) AS addr
        FROM ${schema}.runs r JOIN live ON live.token = r.carrier LEFT JOIN pg_stat_activity a ON a.pid = live.pid
        WHERE r.run_id = ANY($2::text[]) AND r.carrier <> $1`,
      // The live carriers other than `$1` that carry unfinished runs, each once, named.
      carriers: `WITH live AS (${live})
        SELECT DISTINCT ON (r.carrier) r.carrier::text AS token, a.application_name AS name, host(a.client_addr) AS addr
        FROM ${schema}.runs r JOIN live ON live.token = r.carrier LEFT JOIN pg_stat_activity a ON a.pid = live.pid
        WHERE r.status NOT IN ('completed', 'failed', 'cancelled') AND r.carrier <> $1`,
      // The unfinished runs no live process holds (no carrier, or one whose lock is gone).
      unheld: `WITH live AS (${live})
        SELECT r.run_id AS id FROM ${schema}.runs r LEFT JOIN live ON live.token = r.carrier
        WHERE r.status NOT IN ('completed', 'failed', 'cancelled') AND live.token IS NULL`,
    };
  }

  /** This process's carrier token while its connection lives (what its appends are checked against). */
  currentToken(): string | undefined {
    return this.current;
  }

  /** Whether this process holds the run now. */
  holds(runId: string): boolean {
    return this.held.has(runId);
  }

  /** Whether the run's claim went with a carrier connection that ended (and it was not claimed again). */
  wasLost(runId: string): boolean {
    return this.lost.has(runId);
  }

  /**
   * This process's carrier token, for a run it creates (`runs.carrier`: the new run is held from
   * its insert on); opens the carrier connection on first use.
   */
  async token(): Promise<string> {
    return (await this.connection()).token;
  }

  /**
   * Records that the run was taken under `token` (created with it, or claimed): held, or lost
   * already if that token's connection has ended since.
   */
  heldUnder(runId: string, token: string): void {
    if (this.current === token) {
      this.held.add(runId);
      this.lost.delete(runId);
    } else {
      this.lost.add(runId);
    }
  }

  /** Claims the run: `undefined` once this process holds it (or no such run exists), else who does. */
  claim(runId: string): Promise<string | undefined> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    if (this.held.has(runId)) return Promise.resolve(undefined);
    const asked = this.inFlight.get(runId);
    if (asked) return asked;
    const answer = new Promise<string | undefined>((resolve, reject) => {
      const waiters = this.claimsDue.get(runId);
      if (waiters) waiters.push({ resolve, reject });
      else this.claimsDue.set(runId, [{ resolve, reject }]);
    });
    this.inFlight.set(runId, answer);
    const forget = () => { if (this.inFlight.get(runId) === answer) this.inFlight.delete(runId); };
    answer.then(forget, forget);
    this.pump();
    return answer;
  }

  /** Lets go of the run, if this process holds it (sent with the turn's other claims and releases). */
  release(runId: string): void {
    this.lost.delete(runId);
    if (!this.held.delete(runId)) return;
    this.releasesDue.push(runId);
    this.pump();
  }

  /**
   * Of the runs, those another live process holds now, with its name: one statement, for a look
   * over many runs (a server's look for runs left behind). A hint only: a claim can be taken or
   * let go the moment after.
   */
  async heldElsewhere(runIds: readonly string[]): Promise<Map<string, string>> {
    return new Map([...await this.carriersElsewhere(runIds)].map(([id, c]) => [id, c.holder]));
  }

  /** `heldElsewhere` with each holder's carrier token too (where requests to it are sent). */
  async carriersElsewhere(runIds: readonly string[]): Promise<Map<string, { token: string; holder: string }>> {
    const ids = runIds.filter((id) => !this.held.has(id));
    if (ids.length === 0) return new Map();
    const own = this.current ?? '0';
    const rows = (await this.pool.query<{ id: string; token: string; name: string | null; addr: string | null }>(this.sql.holders, [own, ids])).rows;
    return new Map(rows.map((row) => [row.id, { token: row.token, holder: holderText(row) }]));
  }

  /** The other live processes that carry unfinished runs of the store, by carrier token, each named. */
  async liveCarriers(): Promise<Map<string, string>> {
    const rows = (await this.pool.query<{ token: string; name: string | null; addr: string | null }>(this.sql.carriers, [this.current ?? '0'])).rows;
    return new Map(rows.map((row) => [row.token, holderText(row)]));
  }

  /** The store's unfinished runs that no live process holds (this one included): free to claim. */
  async unheld(): Promise<string[]> {
    return (await this.pool.query<{ id: string }>(this.sql.unheld)).rows.map((row) => row.id);
  }

  /** Sends the releases asked for, then ends the carrier connection (its lock, and so every claim, goes with it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pump();
    await this.pumping;
    const carrier = this.carrier;
    this.carrier = undefined;
    this.current = undefined;
    this.held.clear();
    if (carrier) await carrier.then((c) => c.client.end(), () => undefined).catch(() => undefined);
  }

  /** Sends what was asked for, once the turn's asks have gathered, until nothing is left. */
  private pump(): void {
    this.pumping ??= (async () => {
      try {
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (this.claimsDue.size || this.releasesDue.length) await this.sendDue();
      } finally {
        this.pumping = undefined;
      }
    })();
  }

  /** One round of statements: the releases first (a run let go and claimed again in one turn ends held), then the claims. */
  private async sendDue(): Promise<void> {
    const claims = this.claimsDue;
    const releases = this.releasesDue;
    this.claimsDue = new Map();
    this.releasesDue = [];
    let token: string;
    try {
      token = (await this.connection()).token;
    } catch (err) {
      for (const waiters of claims.values()) for (const w of waiters) w.reject(err);
      return;
    }
    // A release that fails leaves the run's carrier set to this process's token; it is free
    // again when this process's connection ends, or when this process claims and releases it.
    for (let at = 0; at < releases.length; at += RUNS_PER_STATEMENT) {
      await this.pool.query(this.sql.release, [token, releases.slice(at, at + RUNS_PER_STATEMENT)]).catch(() => undefined);
    }
    const ids = [...claims.keys()];
    for (let at = 0; at < ids.length; at += RUNS_PER_STATEMENT) await this.claimSome(token, ids.slice(at, at + RUNS_PER_STATEMENT), claims);
  }

  /** Claims `ids` in one statement and tells their waiters (in `claims`) the outcome. */
  private async claimSome(token: string, ids: string[], claims: Map<string, ClaimWaiter[]>): Promise<void> {
    try {
      const rows = (await this.pool.query<{ id: string; ok: boolean; known: boolean }>(this.sql.claim, [token, ids])).rows;
      const missed: string[] = [];
      for (const row of rows) {
        // Taken under this token: held, unless its connection ended meanwhile.
        if (row.ok) this.heldUnder(row.id, token);
        else if (row.known) {
          missed.push(row.id);
        }
      }
      const holders = new Map<string, string>();
      if (missed.length) {
        for (const row of (await this.pool.query<{ id: string; name: string | null; addr: string | null }>(this.sql.holders, [token, missed])).rows) {
          holders.set(row.id, holderText(row));
        }
      }
      const known = new Set(missed);
      for (const id of ids) {
        // No such run: nothing to carry (the reader that follows says the run is unknown).
        const holder = known.has(id) ? holders.get(id) ?? 'another process' : undefined;
        for (const w of claims.get(id)!) w.resolve(holder);
      }
    } catch (err) {
      for (const id of ids) for (const w of claims.get(id)!) w.reject(err);
    }
  }

  /**
   * The connection whose session holds this process's carrier token (one lock, taken with a
   * fresh random token). When it ends, every claim under the token is gone: the runs held are
   * told apart (`wasLost`) and their appends refused, so a run another process may have taken
   * over meanwhile is not written by two. A later claim opens a new connection with a new token.
   */
  private connection(): Promise<{ client: pg.Client; token: string }> {
    if (this.carrier !== undefined) return this.carrier;
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    let made: Promise<{ client: pg.Client; token: string }> | undefined = undefined;
    made = (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: this.holder.slice(0, 63), keepAlive: true });
      const ended = () => {
        if (this.carrier !== made) return;
        this.carrier = undefined;
        this.current = undefined;
        for (const id of this.held) this.lost.add(id);
        this.held.clear();
      };
      client.on('error', ended);
      client.on('end', ended);
      try {
        await client.connect();
        for (;;) {
          const token = newToken().toString();
          if ((await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [token])).rows[0]?.ok) {
            if (this.carrier === made) this.current = token;
            // Requests to this process come on this connection; claims work without them.
            await this.onCarrier?.(client, token).catch(() => undefined);
            return { client, token };
          }
        }
      } catch (err) {
        if (this.carrier === made) this.carrier = undefined;
        await client.end().catch(() => undefined);
        throw this.unavailable(err);
      }
    })();
    this.carrier = made;
    return made;
  }
}
