// Store — a request to act on a run that another process carries, passed through a store that
// processes on several machines share (PostgreSQL): the carrier applies it with its own engine
// and answers. Plain JSON both ways. See docs/runtime.md "Requests to another process".

import type { CloudEvent } from '../journal/journal-event.js';

/** A control of one run, as the engine's control methods take it. */
export type RunControlRequest =
  | { kind: 'approve'; runId: string; node: string; decision: { approved: boolean; by?: string; comment?: string }; actor: string }
  | { kind: 'pause' | 'resume'; runId: string; actor: string }
  | { kind: 'cancel'; runId: string; actor: string; reason?: string }
  | { kind: 'set'; runId: string; name: string; value: unknown; actor: string }
  | { kind: 'skip'; runId: string; node: string; result: unknown; actor: string }
  | { kind: 'retry'; runId: string; node: string; actor: string };

/** An event offered to the runs the answering process carries (all of them, or `runId`). */
export interface EventRequest {
  kind: 'event';
  event: CloudEvent;
  actor?: string;
  runId?: string;
}

export type RunRequest = RunControlRequest | EventRequest;

/**
 * What the carrier answered: done (an event: the runs that took it), or the control's error as
 * the carrier's engine raised it. `notHere`: the process no longer carries the run (it ended or
 * stopped there meanwhile), so the asker may carry it on itself.
 */
export type RequestAnswer =
  | { ok: true; took?: string[] }
  | { ok: false; name: string; message: string; notHere?: boolean };

/** A request's answer from the process that carries the run (`holder`: how that process is named). */
export interface ForwardedAnswer {
  holder: string;
  answer: RequestAnswer;
}

/** An event request's outcome at one other process: its answer, or none (it did not answer in time). */
export interface BroadcastAnswer {
  holder: string;
  /** The runs of the event's candidates that process carries (none named when it was offered to every process). */
  runIds: string[];
  answer?: RequestAnswer;
}

/**
 * What is said of an event's offer to another process that did not take it up as asked (no
 * answer in time, or an error), naming the runs when known; `undefined` when it answered.
 */
export function notOfferedText(offer: BroadcastAnswer): string | undefined {
  if (offer.answer?.ok) return undefined;
  const runs = offer.runIds.length ? `run(s) ${offer.runIds.join(', ')}` : 'the runs it carries';
  return offer.answer
    ? `${offer.holder} could not offer it to ${runs}: ${offer.answer.message}`
    : `not offered to ${runs}: ${offer.holder} carries them on and did not answer in time`;
}

/** How long an asker waits for the carrier to take up a request before withdrawing it (ms). */
export const REQUEST_TAKE_UP_MS = 10_000;
/** How long an asker waits for the answer once the carrier took the request up (ms). */
export const REQUEST_ANSWER_MS = 30_000;

/** Thrown when the carrier did not answer: nothing was done (withdrawn before it was taken up) or the outcome is unknown. */
export class RequestNotAnsweredError extends Error {
  override name = 'RequestNotAnsweredError';
}

/** How long an asker first sleeps between looks at its request; it doubles to the store's longest (ms). */
const FIRST_LOOK_MS = 10;

/** One asked request's row, as the asker's looks see it (`awaitAnswer`); each store reaches it its own way. */
export interface AskedRow {
  /** The answer's JSON once the carrier answered (the row deleted with it); undefined before. */
  answered(): Promise<string | undefined> | string | undefined;
  /** Deletes the row only while it is still `asked`; true when it did (so nothing was done). */
  withdraw(): Promise<boolean> | boolean;
  /** Deletes the row, whatever its state. */
  drop(): Promise<unknown> | unknown;
}

/**
 * The asker's side of a request, the same for every store: looks at the row (10 ms, doubling to
 * `longestLookMs`) until the carrier (`holder`) answers. Withdraws it when not taken up within
 * `REQUEST_TAKE_UP_MS` ("nothing was done") or at once when `carrierGone` says the carrier died
 * (then answers `notHere`: the run is the asker's); gives up after `REQUEST_ANSWER_MS` more.
 */
export async function awaitAnswer(row: AskedRow, holder: string, options: { longestLookMs: number; isClosed(): boolean; carrierGone?(): boolean }): Promise<RequestAnswer> {
  const asked = Date.now();
  const drop = async () => {
    try {
      await row.drop();
    } catch {
      // The row goes with the asker's next store open anyway (rows older than an hour).
    }
  };
  for (let wait = FIRST_LOOK_MS; ; wait = Math.min(wait * 2, options.longestLookMs)) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const answer = await row.answered();
    if (answer !== undefined) return JSON.parse(answer) as RequestAnswer;
    if (options.isClosed()) {
      await drop();
      throw new RequestNotAnsweredError(`the run store closed before ${holder} answered`);
    }
    if (options.carrierGone?.()) {
      // Gone (killed): before it took the request up, nothing was done and the run is free.
      if (await row.withdraw()) return { ok: false, name: 'RunNotCarriedHere', message: `${holder} stopped before it took the request up`, notHere: true };
      await drop();
      throw new RequestNotAnsweredError(`${holder} stopped after it took the request up, before it answered; it may have been applied (see weft show)`);
    }
    const waited = Date.now() - asked;
    if (waited > REQUEST_TAKE_UP_MS && await row.withdraw()) {
      throw new RequestNotAnsweredError(`${holder} did not take the request up within ${REQUEST_TAKE_UP_MS / 1000} s; nothing was done`);
    }
    if (waited > REQUEST_TAKE_UP_MS + REQUEST_ANSWER_MS) {
      await drop();
      throw new RequestNotAnsweredError(`${holder} took the request up but did not answer within ${(REQUEST_TAKE_UP_MS + REQUEST_ANSWER_MS) / 1000} s; it may have been applied (see weft show)`);
    }
  }
}

/** Asks each process its offer names at once (`ask`); fills in each answer, none for one that did not answer in time. */
export async function offerToEach(offers: ReadonlyArray<{ outcome: BroadcastAnswer; ask(): Promise<RequestAnswer> }>): Promise<BroadcastAnswer[]> {
  await Promise.all(offers.map(async (offer) => {
    try {
      offer.outcome.answer = await offer.ask();
    } catch (err) {
      if (!(err instanceof RequestNotAnsweredError)) throw err;
    }
  }));
  return offers.map((offer) => offer.outcome);
}

/** The carrier's side: the answer to a taken request's JSON from `handler` (its engine's), or why there is none. */
export async function answerTaken(text: string, handler: ((request: RunRequest) => Promise<RequestAnswer>) | undefined): Promise<RequestAnswer> {
  try {
    const request = JSON.parse(text) as RunRequest;
    return handler
      ? await handler(request)
      : { ok: false, name: 'RunNotCarriedHere', message: 'the process that carried the run does not take requests', notHere: true };
  } catch (err) {
    return { ok: false, name: (err as Error)?.name ?? 'Error', message: (err as Error)?.message ?? String(err) };
  }
}
