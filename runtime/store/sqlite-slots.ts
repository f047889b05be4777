// Store — the locks and concurrency slots that every process using one SQLite store file sees
// (`RunStore.sharedSlots`): `weft run` in a terminal, the editor, `weft serve`, the debugger. A
// slot asked for is a row of `slots` (its ticket, in the order asked); a ticket holds a slot of
// its key while fewer than the key's capacity of live tickets are before it. Live: its process
// lives (pid and start time, as a carrier record's, `process-identity.ts`); a ticket of a process
// that died is deleted by whoever looks. The ticket order only grows, so a ticket that holds goes
// on holding until it is released: a look needs no transaction. See docs/runtime.md "Locks and
// concurrency limits".
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ownProcessStart, processLives } from './process-identity.js';
import type { SharedSlots, SlotHolder, SlotState, SlotTicket } from './run-store.js';
import { slotStates } from './slot-states.js';

interface TicketRow {
  ticket: number;
  pid: number;
  pid_start: string | null;
}

export class SqliteSlots implements SharedSlots {
  private prepared: { ask: StatementSync; before: StatementSync; drop: StatementSync } | undefined;
  private ofRunStmt: StatementSync | undefined;
  /** The tickets this store took and has not released: released when the store closes. */
  private readonly mine = new Set<number>();

  constructor(private readonly db: DatabaseSync, private readonly isClosed: () => boolean) {}

  /**
   * Deletes the tickets of processes that have died, of every key (a look deletes only those
   * before the ticket it asks about, so a key nobody asks for again would keep them): once per
   * store, on its first ask.
   */
  private sweep(): void {
    const rows = this.db.prepare('SELECT DISTINCT pid, pid_start FROM slots').all() as unknown as Array<{ pid: number; pid_start: string | null }>;
    const drop = this.db.prepare('DELETE FROM slots WHERE pid = ? AND pid_start IS ?');
    for (const r of rows) if (!this.lives(r)) drop.run(r.pid, r.pid_start);
  }

  /** Whether the process a ticket names lives (this one, when it is this process and not an earlier one given its pid). */
  private lives(row: { pid: number; pid_start: string | null }): boolean {
    return row.pid === process.pid ? (row.pid_start ?? undefined) === ownProcessStart() : processLives(row.pid, row.pid_start ?? undefined);
  }

  /** The statements, prepared on the first ask (most engines never take a lock). */
  private get stmt(): { ask: StatementSync; before: StatementSync; drop: StatementSync } {
    if (this.prepared === undefined) this.sweep();
    return (this.prepared ??= {
      ask: this.db.prepare('INSERT INTO slots (key, capacity, pid, pid_start, run_id, node, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ticket'),
      before: this.db.prepare('SELECT ticket, pid, pid_start FROM slots WHERE key = ? AND ticket < ? ORDER BY ticket'),
      drop: this.db.prepare('DELETE FROM slots WHERE ticket = ?'),
    });
  }

  ask(key: string, capacity: number, holder: SlotHolder): SlotTicket {
    if (this.isClosed()) throw new Error('The run store is closed');
    const row = this.stmt.ask.get(key, capacity, process.pid, ownProcessStart() ?? null, holder.runId, holder.node, Date.now()) as { ticket: number };
    const ticket = Number(row.ticket);
    this.mine.add(ticket);
    // Taken: a look that fails now is made again later with this ticket (another ask would queue behind it).
    let holds = false;
    try {
      holds = this.holds(key, capacity, ticket);
    } catch {
      // busy past the timeout
    }
    return { ticket, holds };
  }

  holds(key: string, capacity: number, ticket: number): boolean {
    if (this.isClosed()) throw new Error('The run store is closed');
    let ahead = 0;
    for (const row of this.stmt.before.all(key, ticket) as unknown as TicketRow[]) {
      if (this.lives(row)) ahead++;
      else this.stmt.drop.run(row.ticket); // its process died with the slot
    }
    return ahead < capacity;
  }

  /** Reads only (a read-only store may ask): a dead process's tickets are left out, not deleted. */
  ofRun(runId: string): SlotState[] {
    // Prepared once, apart from the askers' statements (whose first use sweeps, which writes): `weft watch` reads this every 500 ms.
    this.ofRunStmt ??= this.db.prepare(`SELECT key, capacity, pid, pid_start, run_id, node FROM slots
      WHERE key IN (SELECT key FROM slots WHERE run_id = ?) ORDER BY key, ticket`);
    const rows = this.ofRunStmt.all(runId) as unknown as Array<TicketRow & { key: string; capacity: number; run_id: string; node: string }>;
    const live = rows.filter((r) => this.lives(r));
    return slotStates(live.map((r) => ({ key: r.key, capacity: Number(r.capacity), runId: r.run_id, node: r.node, by: `pid ${r.pid}` })), runId);
  }

  closed(): boolean {
    return this.isClosed();
  }

  release(ticket: number): void {
    this.mine.delete(ticket);
    if (this.isClosed()) return;
    try {
      this.stmt.drop.run(ticket);
    } catch {
      // Busy past the timeout: the ticket stays until this process ends (then it is not live).
    }
  }

  /** Gives back every ticket this store still has (its engine halted without releasing them): called as the store closes. */
  releaseAll(): void {
    if (this.mine.size === 0) return;
    for (const ticket of this.mine) {
      try {
        this.stmt.drop.run(ticket);
      } catch {
        break;
      }
    }
    this.mine.clear();
  }
}
