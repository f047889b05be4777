// Engine — an engine's runs recorded as carried by this process (`runtime/store/run-carriers.ts`):
// each run it journals while the record lives, until the run ends. The CLI's commands, the
// editor's engine and the debugger use it for a store on disk. While the record names runs, the
// requests other processes on this machine address to it (a control, an event: the store's
// `requests`, `sqlite-requests.ts`) are taken up every `INBOX_LOOK_MS` and answered by the engine.

import { RunCarrier } from '../store/run-carriers.js';
import { answerTaken, type RequestAnswer } from '../store/run-requests.js';
import { INBOX_LOOK_MS, type TakenRequest } from '../store/sqlite-requests.js';
import type { Engine } from './engine.js';

/** A store that passes requests to the carriers of its runs on this machine (`SqliteRunStore`). */
interface RequestInbox {
  takeRequests(name: string): TakenRequest[];
  answerTaken(id: number, answer: RequestAnswer): void;
}

function inboxOf(store: object): RequestInbox | undefined {
  const s = store as Partial<RequestInbox>;
  return typeof s.takeRequests === 'function' && typeof s.answerTaken === 'function' ? s as RequestInbox : undefined;
}

/** Records the runs `engine` carries (as `what`, e.g. `weft run`) for other processes of `storeFile`; `release` when done. */
export function recordCarriedRuns(engine: Engine, storeFile: string, what: string): { release(): void } {
  const carrier = new RunCarrier(storeFile, what, engine);
  const stop = engine.onEvent((e) => {
    if (e.kind === 'journal') carrier.carry(e.runId);
    // A run that ended here, or that this engine gave up (its journal could not be written): not carried here any more.
    else if (e.kind === 'run-finished' || e.kind === 'run-crashed') carrier.drop(e.runId);
  });
  const inbox = inboxOf(engine.store);
  const look = inbox && setInterval(() => {
    if (!carrier.carriesAny()) return;
    let taken: TakenRequest[];
    try {
      taken = inbox.takeRequests(carrier.name);
    } catch {
      return; // the store is busy or closed: the askers wait, withdraw or time out
    }
    for (const t of taken) void answer(engine, inbox, t);
  }, INBOX_LOOK_MS);
  look?.unref();
  return {
    release() {
      if (look) clearInterval(look);
      stop();
      carrier.release();
    },
  };
}

/** Applies one taken request with the engine and writes its answer (a request that does not parse is answered with why). */
async function answer(engine: Engine, inbox: RequestInbox, taken: TakenRequest): Promise<void> {
  const reply = await answerTaken(taken.request, (request) => engine.answerRequest(request));
  try {
    inbox.answerTaken(taken.id, reply);
  } catch {
    // The store closed meanwhile: the asker times out and says the outcome is unknown.
  }
}
