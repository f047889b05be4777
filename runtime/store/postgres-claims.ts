// Store — the claims of a PostgreSQL store: which process carries a run, across machines. A
// claim is a session advisory lock on one connection of the process's own, so a process that
// dies lets go of every claim with its session. Claims and releases asked for in one turn go to
// the database as one statement each. Used only by `postgres-run-store.ts`; see
// docs/runtime.md "The PostgreSQL store".

import pg from 'pg';

/** A claim waiting for its statement: told the holder's name when another process holds the run. */
interface ClaimWaiter {
  resolve(holder: string | undefined): void;
  reject(err: unknown): void;
}

/** The advisory lock of each id's claim key, as `pg_locks` shows it (the 64-bit hash split in two). */
const LOCKS_OF_KEYS = `k AS (SELECT id, hashtextextended($1 || id, 0) AS k FROM unnest($2::text[]) AS id),
  l AS (SELECT k.id, l.pid FROM k JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.classid = ((k.k >> 32) & 4294967295)::oid AND l.objid = (k.k & 4294967295)::oid AND l.objsubid = 1)`;

/** Of the ids, those whose claim a session other than `$3` holds, with that session's name and address. */
const HOLDERS = `WITH ${LOCKS_OF_KEYS}
  SELECT l.id, a.application_name AS name, host(a.client_addr) AS addr FROM l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.pid <> $3`;

const CLAIM = 'SELECT id, pg_try_advisory_lock(hashtextextended($1 || id, 0)) AS ok FROM unnest($2::text[]) AS id';
const RELEASE = 'SELECT pg_advisory_unlock(hashtextextended($1 || id, 0)) FROM unnest($2::text[]) AS id';

/** How a holding session is named to a process that wanted its run: its `application_name`, and where it connects from unless this machine. */
function holderText(row: { name: string | null; addr: string | null } | undefined): string {
  if (!row?.name) return 'another process';
  return `${row.name}${row.addr && row.addr !== '127.0.0.1' && row.addr !== '::1' ? ` (from ${row.addr})` : ''}`;
}

export class PostgresClaims {
  /** The runs this process holds on the current claims connection. */
  private readonly held = new Set<string>();
  /** Runs whose claim went with a claims connection that ended: their appends are refused until claimed again. */
  private readonly lost = new Set<string>();
  /** The claims connection, once opened. */
  private client: Promise<pg.Client> | undefined;
  /** Claims and releases asked for and not yet sent, and the claims sent and not yet answered (a second ask joins the first). */
  private claimsDue = new Map<string, ClaimWaiter[]>();
  private releasesDue: string[] = [];
  private readonly inFlight = new Map<string, Promise<string | undefined>>();
  /** The statements' loop, while it runs (one statement at a time on the connection: `pg` wants no overlap). */
  private pumping: Promise<void> | undefined;
  private closed = false;

  /**
   * @param keyPrefix what a run's id follows in its lock's key text (the store's schema in it),
   *   hashed to 64 bits by the server
   * @param unavailable the error for a connection that cannot be opened
   */
  constructor(
    private readonly url: string,
    private readonly holder: string,
    private readonly keyPrefix: string,
    private readonly pool: pg.Pool,
    private readonly unavailable: (err: unknown) => Error,
  ) {}

  /** Whether this process holds the run now. */
  holds(runId: string): boolean {
    return this.held.has(runId);
  }

  /** Whether the run's claim went with a claims connection that ended (and it was not claimed again). */
  wasLost(runId: string): boolean {
    return this.lost.has(runId);
  }

  /** Claims the run: `undefined` once this process holds it, else who does. */
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
    if (!this.held.delete(runId) || this.client === undefined) return;
    this.releasesDue.push(runId);
    this.pump();
  }

  /**
   * Of the runs, those another process holds now, with its name (`pg_locks`): one statement,
   * for a look over many runs (a server's look for runs left behind). A hint only: a claim can
   * be taken or let go the moment after.
   */
  async heldElsewhere(runIds: readonly string[]): Promise<Map<string, string>> {
    const ids = runIds.filter((id) => !this.held.has(id));
    if (ids.length === 0) return new Map();
    const own = this.client === undefined ? -1 : await this.client.then((c) => (c as unknown as { processID: number | null }).processID ?? -1, () => -1);
    const rows = (await this.pool.query<{ id: string; name: string | null; addr: string | null }>(HOLDERS, [this.keyPrefix, ids, own])).rows;
    return new Map(rows.map((row) => [row.id, holderText(row)]));
  }

  /** Ends the claims connection (its session's claims go with it), after the statements asked for. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pumping;
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    if (client) await client.then((c) => c.end(), () => undefined).catch(() => undefined);
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

  /**
   * One round of statements: the releases first (a run let go and claimed again in one turn ends
   * held), then the claims, then who holds the runs not claimed.
   */
  private async sendDue(): Promise<void> {
    const claims = this.claimsDue;
    const releases = this.releasesDue;
    this.claimsDue = new Map();
    this.releasesDue = [];
    let client: pg.Client;
    try {
      client = await this.connection();
    } catch (err) {
      for (const waiters of claims.values()) for (const w of waiters) w.reject(err);
      return;
    }
    // A release that fails needs nothing more: its session has ended, and the claim with it.
    if (releases.length) await client.query(RELEASE, [this.keyPrefix, releases]).catch(() => undefined);
    if (claims.size === 0) return;
    const ids = [...claims.keys()];
    try {
      const got = new Set((await client.query<{ id: string; ok: boolean }>(CLAIM, [this.keyPrefix, ids])).rows.filter((r) => r.ok).map((r) => r.id));
      for (const id of got) {
        this.held.add(id);
        this.lost.delete(id);
      }
      const missed = ids.filter((id) => !got.has(id));
      const holders = new Map<string, string>();
      if (missed.length) {
        for (const row of (await client.query<{ id: string; name: string | null; addr: string | null }>(HOLDERS, [this.keyPrefix, missed, -1])).rows) {
          holders.set(row.id, holderText(row));
        }
      }
      for (const [id, waiters] of claims) {
        const holder = got.has(id) ? undefined : holders.get(id) ?? 'another process';
        for (const w of waiters) w.resolve(holder);
      }
    } catch (err) {
      for (const waiters of claims.values()) for (const w of waiters) w.reject(err);
    }
  }

  /**
   * The connection whose session holds this process's claims (one, so that its end lets go of
   * all of them at once). When it ends, the claims are gone: the runs claimed on it are told
   * apart (`wasLost`) and their appends refused, so a run another process may have taken over
   * meanwhile is not written by two.
   */
  private connection(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('The run store is closed'));
    if (this.client !== undefined) return this.client;
    // Which connection this is, for its handlers (a later one replaces it in `client`).
    let made: Promise<pg.Client> | undefined = undefined;
    made = (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: this.holder.slice(0, 63), keepAlive: true });
      const ended = () => {
        if (this.client !== made) return;
        this.client = undefined;
        for (const id of this.held) this.lost.add(id);
        this.held.clear();
      };
      client.on('error', ended);
      client.on('end', ended);
      try {
        await client.connect();
      } catch (err) {
        if (this.client === made) this.client = undefined;
        throw this.unavailable(err);
      }
      return client;
    })();
    this.client = made;
    return made;
  }
}
