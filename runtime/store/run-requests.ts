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
