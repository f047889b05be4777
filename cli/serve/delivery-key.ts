// Serve — the idempotency key of a request that starts a run (`StartOptions.key`): what makes a
// repeated request, or a webhook sender's redelivery of an event, find the run the first one
// started instead of starting another. See docs/cli.md, "Repeated requests".

import type { Signing } from './access.js';

/** Headers in which webhook senders name each delivery (one id per event, the same on a redelivery). */
export const DELIVERY_HEADERS = ['x-github-delivery', 'x-gitea-delivery', 'x-gogs-delivery', 'x-gitlab-event-uuid'] as const;

/** A request's key and where it came from (for the log and the answer). */
export interface DeliveryKey {
  key: string;
  /** `Idempotency-Key`, the delivery header's name, or the body field (`body.id`). */
  from: string;
}

/**
 * The key of a start request, in this order: its `Idempotency-Key` header (any start route);
 * then, for a webhook route, a sender's delivery header (`DELIVERY_HEADERS`); then, for a caller
 * identified by a Stripe signature, the event's `id` in the body, by a Slack signature its
 * `event_id` (those senders name a delivery only there). Undefined: the request has no key, and
 * every such request starts a run.
 */
export function deliveryKey(header: (name: string) => string | undefined, body: unknown, webhook: boolean, signedAs: Signing | undefined): DeliveryKey | undefined {
  const given = header('idempotency-key');
  if (given !== undefined) return { key: given, from: 'Idempotency-Key' };
  if (!webhook) return undefined;
  for (const name of DELIVERY_HEADERS) {
    const id = header(name);
    if (id !== undefined) return { key: id, from: name };
  }
  const field = signedAs === 'stripe' ? 'id' : signedAs === 'slack' ? 'event_id' : undefined;
  if (field !== undefined && body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const id = (body as Record<string, unknown>)[field];
    if (typeof id === 'string') return { key: id, from: `body.${field}` };
  }
  return undefined;
}
