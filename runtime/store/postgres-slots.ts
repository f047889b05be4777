// Store — the locks and concurrency slots that every process using one PostgreSQL store sees
// (`RunStore.sharedSlots`): several `weft serve` workers, a CLI on a laptop. The same tickets as
// a SQLite file's (`sqlite-slots.ts`): a slot asked for is a row of `slots`, in the order asked,
// and holds while fewer than the key's capacity of live tickets are before it. Live: the ticket's
// carrier token (`postgres-claims.ts`) is still locked by its process's session, so a process
// that dies (or whose machine goes) lets go of its slots without any clean-up; its tickets are
// deleted by whoever looks. Tickets of one key are taken one at a time (a transaction-scoped
// advisory lock on the key, in the two-key space, which carrier tokens do not use), so their
// order is the order in which they became visible: without it a ticket could commit after a
// later one had already looked and found nothing before it, and both would hold.
import type pg from 'pg';
import { LIVE_CARRIERS, type PostgresClaims } from './postgres-claims.js';
import type { SharedSlots, SlotHolder, SlotState, SlotTicket } from './run-store.js';
import { slotStates } from './slot-states.js';

/** The first key of the advisory locks that order the tickets of a slot key (the second is the key's hash). */
const TICKET_LOCK_CLASS = 0x5746_5400; // "WFT\0"

export function slotTables(s: string): string {
  return `
CREATE TABLE IF NOT EXISTS ${s}.slots (
  ticket bigserial PRIMARY KEY,
  key text NOT NULL,
  capacity integer NOT NULL,
  carrier bigint NOT NULL,
  run_id text NOT NULL,
  node text NOT NULL,
  asked_at bigint NOT NULL);
CREATE INDEX IF NOT EXISTS slots_by_key ON ${s}.slots (key, ticket);
`;
}

export class PostgresSlots implements SharedSlots {
  private readonly sql: { ask: string; holds: string; drop: string; ofRun: string; sweep: string };
  /** Whether this store has swept the tickets of dead carriers yet (once, on its first ask). */
  private swept = false;
  /** The tickets this store took and has not released: released when the store closes. */
  private readonly mine = new Set<number>();
  /** Releases on their way to the server (`releaseAll` waits for them before the pool ends). */
  private readonly releasing = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly claims: PostgresClaims,
    schema: string,
    private readonly prepared: () => Promise<void>,
    private readonly isClosed: () => boolean,
  ) {
    this.sql = {
      ask: `WITH turn AS (SELECT pg_advisory_xact_lock(${TICKET_LOCK_CLASS}, hashtext($1::text)))
        INSERT INTO ${schema}.slots (key, capacity, carrier, run_id, node, asked_at)
          SELECT $1::text, $6::integer, $2::bigint, $3::text, $4::text, $5::bigint FROM turn RETURNING ticket`,
      // The live tickets before `$2`: those of a carrier whose session is gone are deleted (the
      // shared try-lock on a token succeeds only then), the rest counted.
      holds: `WITH gone AS (
          DELETE FROM ${schema}.slots WHERE key = $1::text AND ticket < $2::bigint AND carrier <> $3::bigint AND pg_try_advisory_xact_lock_shared(carrier) RETURNING ticket)
        SELECT (SELECT count(*) FROM ${schema}.slots WHERE key = $1 AND ticket < $2) - (SELECT count(*) FROM gone) AS ahead`,
      drop: `DELETE FROM ${schema}.slots WHERE ticket = ANY($1::bigint[])`,
      // Every key's tickets whose carrier's session is gone (a look deletes only those before its own ticket).
      sweep: `DELETE FROM ${schema}.slots WHERE carrier <> $1::bigint AND pg_try_advisory_xact_lock_shared(carrier)`,
      // The live tickets of the keys run `$1` has tickets for, each with its carrier session's name.
      ofRun: `WITH live AS (${LIVE_CARRIERS})
        SELECT s.key, s.capacity, s.run_id, s.node, a.application_name AS name
        FROM ${schema}.slots s JOIN live ON live.token = s.carrier LEFT JOIN pg_stat_activity a ON a.pid = live.pid
        WHERE s.key IN (SELECT key FROM ${schema}.slots WHERE run_id = $1) ORDER BY s.key, s.ticket`,
    };
  }

  async ask(key: string, capacity: number, holder: SlotHolder): Promise<SlotTicket> {
    await this.prepared();
    const carrier = await this.claims.token();
    if (!this.swept) {
      this.swept = true;
      await this.pool.query(this.sql.sweep, [carrier]);
    }
    const row = (await this.pool.query<{ ticket: string }>(this.sql.ask, [key, carrier, holder.runId, holder.node, Date.now(), capacity])).rows[0]!;
    const ticket = Number(row.ticket);
    this.mine.add(ticket);
    // Taken: a look that fails now is made again later with this ticket (another ask would queue behind it).
    return { ticket, holds: await this.holds(key, capacity, ticket).catch(() => false) };
  }

  async holds(key: string, capacity: number, ticket: number): Promise<boolean> {
    const carrier = this.claims.currentToken() ?? '0';
    const row = (await this.pool.query<{ ahead: string }>(this.sql.holds, [key, ticket, carrier])).rows[0]!;
    return Number(row.ahead) < capacity;
  }

  async ofRun(runId: string): Promise<SlotState[]> {
    await this.prepared();
    const rows = (await this.pool.query<{ key: string; capacity: number; run_id: string; node: string; name: string | null }>(this.sql.ofRun, [runId])).rows;
    return slotStates(rows.map((r) => ({ key: r.key, capacity: Number(r.capacity), runId: r.run_id, node: r.node, by: r.name ?? 'a live process' })), runId);
  }

  closed(): boolean {
    return this.isClosed();
  }

  release(ticket: number): void {
    this.mine.delete(ticket);
    // A failure leaves the row to its carrier's end (then it is not live, and goes at the next look).
    const sent: Promise<unknown> = this.pool.query(this.sql.drop, [[ticket]]).catch(() => undefined)
      .finally(() => this.releasing.delete(sent));
    this.releasing.add(sent);
  }

  /** Gives back every ticket this store still has (its engine halted without releasing them), before the store's pool ends. */
  async releaseAll(): Promise<void> {
    if (this.releasing.size) await Promise.all(this.releasing);
    if (this.mine.size === 0) return;
    const tickets = [...this.mine];
    this.mine.clear();
    await this.pool.query(this.sql.drop, [tickets]).catch(() => undefined);
  }
}
