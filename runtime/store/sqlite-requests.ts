// Store — requests to the process on this machine that carries a run of a SQLite store: a control
// or an event asked for by another process (`weft approve` in a second terminal while `weft run`
// carries the run, the editor's run approved from the command line, `weft emit` while runs wait in
// other processes) reaches the run's carrier instead of being refused. The asker writes the
// request into the store's `requests` table, addressed to the carrier's record
// (`run-carriers.ts`); the carrier, which looks for requests while it carries runs
// (`engine-carrier.ts`), takes it up (`asked` → `taken`), applies it with its engine and writes
// the answer, which the asker reads and deletes. A request not taken up in time is withdrawn, so
// "nothing was done" is certain when the asker says it; one whose carrier died before taking it
// up is withdrawn at once and the run is the asker's to carry on. The same protocol as a
// PostgreSQL store's (`postgres-requests.ts`), with a look every `INBOX_LOOK_MS` instead of
// `NOTIFY`. See docs/runtime.md "Requests to another process".

import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { carrierHolder, carrierLives, carrierName, carrierOf, carriedRunsIn, liveCarriersIn, type FoundCarrier } from './run-carriers.js';
import {
  awaitAnswer, offerToEach,
  type BroadcastAnswer, type EventRequest, type ForwardedAnswer, type RequestAnswer, type RunControlRequest,
} from './run-requests.js';

/** How often a process that carries runs looks for requests addressed to it (ms). */
export const INBOX_LOOK_MS = 100;

/** Rows older than this are an asker's that died before reading its answer: deleted when a store opens (ms). */
const REQUESTS_KEPT_MS = 3_600_000;

/** How long an asker sleeps at most between looks at its request (ms; `awaitAnswer`). */
const LONGEST_LOOK_MS = 100;

/** A request taken up by its carrier: its row and its JSON. */
export interface TakenRequest {
  id: number;
  request: string;
}

/** The store's side of the requests to carriers on this machine: asking (`forward`, `broadcast`) and answering (`take`, `answer`). */
export class SqliteRequests {
  private readonly stmt: {
    ask: StatementSync; answered: StatementSync; withdraw: StatementSync; drop: StatementSync;
    waiting: StatementSync; takeUp: StatementSync; answer: StatementSync;
  };

  constructor(db: DatabaseSync, private readonly storeFile: string, private readonly isClosed: () => boolean) {
    this.stmt = {
      ask: db.prepare('INSERT INTO requests (carrier, request, asked_at) VALUES (?, ?, ?) RETURNING id'),
      answered: db.prepare("DELETE FROM requests WHERE id = ? AND state = 'answered' RETURNING answer"),
      withdraw: db.prepare("DELETE FROM requests WHERE id = ? AND state = 'asked' RETURNING id"),
      drop: db.prepare('DELETE FROM requests WHERE id = ?'),
      waiting: db.prepare("SELECT 1 FROM requests WHERE carrier = ? AND state = 'asked' LIMIT 1"),
      takeUp: db.prepare("UPDATE requests SET state = 'taken' WHERE carrier = ? AND state = 'asked' RETURNING id, request"),
      answer: db.prepare("UPDATE requests SET state = 'answered', answer = ? WHERE id = ? AND state = 'taken'"),
    };
    // An asker that died before it read its answer (or withdrew) left its row behind.
    db.prepare('DELETE FROM requests WHERE asked_at < ?').run(Date.now() - REQUESTS_KEPT_MS);
  }

  /**
   * Asks the live process on this machine that carries `request.runId` to apply the control (or
   * another engine of this process than `asker`), and waits for its answer; `undefined` when no
   * other live carrier has the run now.
   */
  async forward(request: RunControlRequest, asker?: object): Promise<ForwardedAnswer | undefined> {
    const carrier = carrierOf(this.storeFile, request.runId, asker);
    if (!carrier) return undefined;
    const holder = carrierHolder(carrier);
    return { holder, answer: await this.ask(carrier, holder, request) };
  }

  /**
   * Offers the event to the runs of `runIds` that other live processes carry (without `runIds`:
   * to every other live process that carries runs): one request per process, asked at once; each
   * process's answer, or none when it did not answer in time.
   */
  async broadcast(request: EventRequest, runIds?: readonly string[], asker?: object): Promise<BroadcastAnswer[]> {
    const byCarrier = new Map<string, { carrier: FoundCarrier; outcome: BroadcastAnswer }>();
    if (runIds === undefined) {
      for (const carrier of liveCarriersIn(this.storeFile, asker)) byCarrier.set(carrier.file, { carrier, outcome: { holder: carrierHolder(carrier), runIds: [] } });
    } else {
      const carried = carriedRunsIn(this.storeFile, asker);
      for (const runId of runIds) {
        const carrier = carried.get(runId);
        if (!carrier) continue;
        const at = byCarrier.get(carrier.file);
        if (at) at.outcome.runIds.push(runId);
        else byCarrier.set(carrier.file, { carrier, outcome: { holder: carrierHolder(carrier), runIds: [runId] } });
      }
    }
    return offerToEach([...byCarrier.values()].map(({ carrier, outcome }) => ({ outcome, ask: () => this.ask(carrier, outcome.holder, request) })));
  }

  /** Writes the request for `carrier` and waits for its answer, watching that its process lives. */
  private async ask(carrier: FoundCarrier, holder: string, request: RunControlRequest | EventRequest): Promise<RequestAnswer> {
    const id = Number((this.stmt.ask.get(carrierName(carrier), JSON.stringify(request), Date.now()) as { id: number }).id);
    // A closed store's statements cannot run: its row is left (deleted an hour on, when a store opens).
    return awaitAnswer({
      answered: () => (this.isClosed() ? undefined : (this.stmt.answered.get(id) as { answer: string } | undefined)?.answer),
      withdraw: () => this.stmt.withdraw.get(id) !== undefined,
      drop: () => { if (!this.isClosed()) this.stmt.drop.run(id); },
    }, holder, { longestLookMs: LONGEST_LOOK_MS, isClosed: this.isClosed, carrierGone: () => !carrierLives(carrier) });
  }

  /** Takes up the requests addressed to carrier `name` (one read when there are none). */
  take(name: string): TakenRequest[] {
    if (this.stmt.waiting.get(name) === undefined) return [];
    return (this.stmt.takeUp.all(name) as Array<{ id: number; request: string }>).map((r) => ({ id: Number(r.id), request: r.request }));
  }

  /** Writes the answer to a request this process took up. */
  answer(id: number, answer: RequestAnswer): void {
    this.stmt.answer.run(JSON.stringify(answer), id);
  }
}
