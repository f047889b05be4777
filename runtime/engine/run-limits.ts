// Engine — a run's own limits as a start asks for them: its timeout (the whole run, from
// its start: LANGUAGE.md §4 has no syntax for one, so the caller gives it, as a Temporal client
// gives a workflow's execution timeout) and its step budget (rule 6: "default 10,000 node
// executions, configurable"). Both are journaled in `RunStarted`, so a resumed run keeps them.
// `weft run --timeout 10m --step-budget 50000`; `POST /workflows/<name>/runs` `{timeout, stepBudget}`.

import { parseDuration } from '../expressions/stdlib/time-functions.js';

export interface RunLimits {
  timeoutMs?: number;
  stepBudget?: number;
}

/** The largest step budget taken: a run of more steps is a runaway loop in all but name. */
export const MAX_STEP_BUDGET = 100_000_000;

/**
 * The limits given as `timeout` (a duration such as `10m` or `1d12h`; in JSON also a number of
 * ms) and `stepBudget` (a whole number: on the command line its text, in JSON a number), or what
 * is wrong with one, said with the name the caller knows it by (`names`).
 */
export function runLimitsOf(timeout: unknown, stepBudget: unknown, names: { timeout: string; stepBudget: string }, from: 'text' | 'json'): { limits: RunLimits } | { problem: string } {
  const limits: RunLimits = {};
  if (timeout !== undefined) {
    let ms = Number.NaN;
    if (typeof timeout === 'number' && from === 'json') ms = timeout;
    else if (typeof timeout === 'string') {
      try {
        ms = parseDuration(timeout);
      } catch {
        ms = Number.NaN;
      }
    }
    if (!Number.isSafeInteger(ms) || ms <= 0) {
      return { problem: `${names.timeout} needs a duration longer than 0, such as 30s, 10m or 1d12h${typeof timeout === 'number' ? ' (or a whole number of milliseconds)' : ''}, not ${JSON.stringify(timeout)}` };
    }
    limits.timeoutMs = ms;
  }
  if (stepBudget !== undefined) {
    const n = from === 'text' && typeof stepBudget === 'string' && /^\d+$/.test(stepBudget.trim()) ? Number(stepBudget) : stepBudget;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_STEP_BUDGET) {
      return { problem: `${names.stepBudget} needs a whole number of node executions from 1 to ${MAX_STEP_BUDGET.toLocaleString('en')}, not ${JSON.stringify(stepBudget)}` };
    }
    limits.stepBudget = n;
  }
  return { limits };
}
