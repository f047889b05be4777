// Engine — the shared frozen empty values of the scheduler (`run-execution.ts`) and its fast
// paths (`run-fast-paths.ts`): one instance each for the process, never written.

import type { Route } from '../journal/journal-event.js';

/** No routes (a node without out-edges, a compensation): one frozen list, never changed. */
export const NO_ROUTES = Object.freeze([]) as unknown as Route[];
/** The shared empty object for a task without `with` and a run completing without outputs. */
export const NO_INPUT: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;
