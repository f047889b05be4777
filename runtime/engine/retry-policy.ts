// Engine — what `retry N times every d [backoff f] [max d] [jitter] [unless E, …]` means
// (LANGUAGE.md §3.2): whether a failed attempt is retried and after how long. Pure functions.

import type { RetryPolicy } from '../ir/index.js';
import type { Random } from './seeded-random.js';

/** Whether attempt `attempt` (1-based) that failed with an error answering to `names` is retried. */
export function shouldRetry(policy: RetryPolicy | undefined, attempt: number, names: readonly string[]): boolean {
  if (!policy) return false;
  if (attempt > policy.maxRetries) return false;
  return !names.some((n) => policy.unless.includes(n));
}

/**
 * Delay before the retry that follows failed attempt `attempt` (1-based): `every` times
 * `backoff^(attempt-1)`, capped by `max`; with `jitter`, uniform in [delay/2, delay].
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random: Random): number {
  let delay = policy.delayMs * Math.pow(policy.backoff || 1, attempt - 1);
  if (policy.maxDelayMs !== undefined) delay = Math.min(delay, policy.maxDelayMs);
  if (policy.jitter) delay = delay / 2 + random() * (delay / 2);
  return Math.round(delay);
}
