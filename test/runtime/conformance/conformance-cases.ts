// Conformance — the expected behaviour of each workflow control-flow pattern fixture
// (fixtures/wcp-*.weft): inputs, events delivered on the run's clock, and the expected trace
// (completed nodes in completion order), status, outputs and lock exclusion. Data only.

import type { ScheduledEvent } from '../../../runtime/engine/engine.js';

export interface ConformanceRun {
  /** What this run shows, when a fixture has several runs. */
  title?: string;
  inputs?: Record<string, unknown>;
  events?: ScheduledEvent[];
  trace: string[];
  /** `true`: compare the trace as a multiset (the pattern leaves the order open). */
  anyOrder?: boolean;
  status?: string;
  outputs?: Record<string, unknown>;
  /** How many runs of each workflow the store holds afterwards (sub-workflow instances). */
  runsOf?: Record<string, number>;
  /** Locks that must never have been held by two running tasks at once. */
  exclusive?: string[];
  /** The run's step budget (`StartOptions.stepBudget`), for the budget cases. */
  stepBudget?: number;
  /** The name of the error a failed run ends with. */
  error?: string;
}

export interface ConformanceCase {
  pattern: string;
  name: string;
  fixture: string;
  runs: ConformanceRun[];
}

export const CASES: ConformanceCase[] = [
  { pattern: 'WCP-1', name: 'sequence', fixture: 'wcp-01-sequence.weft', runs: [{ trace: ['a', 'b', 'c'] }] },
  { pattern: 'WCP-2', name: 'parallel split', fixture: 'wcp-02-parallel-split.weft', runs: [{ trace: ['a', 'fast', 'slow'] }] },
  { pattern: 'WCP-3', name: 'synchronization', fixture: 'wcp-03-synchronization.weft', runs: [{ trace: ['c', 'b', 'j', 'd'] }] },
  {
    pattern: 'WCP-4', name: 'exclusive choice', fixture: 'wcp-04-exclusive-choice.weft',
    runs: [
      { title: 'the first true guard wins though a later one holds too', inputs: { n: 500 }, trace: ['big'] },
      { title: 'a later guard when the earlier ones fail', inputs: { n: 50 }, trace: ['medium'] },
      { title: 'otherwise when no guard holds', inputs: { n: 3 }, trace: ['small'] },
    ],
  },
  {
    pattern: 'WCP-5', name: 'simple merge', fixture: 'wcp-05-simple-merge.weft',
    runs: [
      { inputs: { express: true }, trace: ['courier', 'merged'] },
      { inputs: { express: false }, trace: ['post', 'merged'] },
    ],
  },
  {
    pattern: 'WCP-6', name: 'multi-choice', fixture: 'wcp-06-multi-choice.weft',
    runs: [{ inputs: { wantsEmail: true, wantsSms: false, wantsLetter: true }, trace: ['f', 'email', 'letter'] }],
  },
  { pattern: 'WCP-7', name: 'structured synchronizing merge', fixture: 'wcp-07-structured-synchronizing-merge.weft', runs: [{ trace: ['f', 'c', 'a', 'j', 'd'] }] },
  { pattern: 'WCP-8', name: 'multi-merge', fixture: 'wcp-08-multi-merge.weft', runs: [{ trace: ['a', 'm', 'b', 'm'] }] },
  { pattern: 'WCP-9', name: 'structured discriminator', fixture: 'wcp-09-structured-discriminator.weft', runs: [{ trace: ['b', 'j', 'd', 'a'] }] },
  { pattern: 'WCP-10', name: 'arbitrary cycles', fixture: 'wcp-10-arbitrary-cycles.weft', runs: [{ trace: ['a', 'b', 'a', 'b', 'a', 'b', 'c'] }] },
  { pattern: 'WCP-11', name: 'implicit termination', fixture: 'wcp-11-implicit-termination.weft', runs: [{ trace: ['a', 'b'] }] },
  {
    pattern: 'WCP-12', name: 'multiple instances without synchronization (idiom)', fixture: 'wcp-12-multiple-instances-without-synchronization.weft',
    runs: [{ trace: ['next', 'instance', 'again', 'next', 'instance', 'again', 'next', 'instance', 'again'], anyOrder: true, runsOf: { SpawnInstances: 1, Handle: 3 } }],
  },
  {
    pattern: 'WCP-13', name: 'multiple instances with design-time knowledge (idiom)', fixture: 'wcp-13-multiple-instances-design-time.weft',
    runs: [{ trace: ['r1', 'r2', 'r3', 'reviewed', 'sum'], anyOrder: true, outputs: { total: 6 }, runsOf: { ThreeReviews: 1, Review: 3 } }],
  },
  {
    pattern: 'WCP-14', name: 'multiple instances with run-time knowledge (idiom: recursion)', fixture: 'wcp-14-multiple-instances-run-time.weft',
    runs: [
      { title: 'one instance per item, results in item order', inputs: { items: [1, 2, 3] }, trace: ['split', 'head', 'tail', 'both', 'collect'], outputs: { results: [2, 4, 6] }, runsOf: { HandleAll: 4, Double: 3 } },
      { title: 'no instance for an empty list', inputs: { items: [] }, trace: ['none'], outputs: { results: [] }, runsOf: { HandleAll: 1 } },
    ],
  },
  {
    pattern: 'WCP-14', name: 'multiple instances with run-time knowledge (foreach)', fixture: 'wcp-14-multiple-instances-run-time-foreach.weft',
    runs: [
      { title: 'one body instance per item, results in item order', inputs: { items: [1, 2, 3] }, trace: ['each[0].double', 'each[1].double', 'each[2].double', 'each', 'collect'], outputs: { results: [2, 4, 6] } },
      { title: 'no instance for an empty list', inputs: { items: [] }, trace: ['each', 'collect'], outputs: { results: [] } },
    ],
  },
  {
    pattern: 'WCP-15', name: 'multiple instances without a priori run-time knowledge (idiom: foreach until)', fixture: 'wcp-15-multiple-instances-no-run-time-knowledge.weft',
    // Two at a time: 1 and 2 run; each completion starts the next while sum < 5; after 3 (sum 6) no
    // further instance starts and the one in flight (4) finishes.
    runs: [{ inputs: { target: 5 }, trace: ['batch[0].produce', 'batch[1].produce', 'batch[2].produce', 'batch[3].produce', 'batch', 'done'], outputs: { made: 4, total: 10 } }],
  },
  {
    pattern: 'WCP-16', name: 'deferred choice', fixture: 'wcp-16-deferred-choice.weft',
    runs: [
      { title: 'the first event wins', events: [{ type: 'rejected', at: 10 }, { type: 'approved', at: 20 }], trace: ['decision', 'refund'] },
      { title: 'the other event, the other route', events: [{ type: 'approved', at: 10 }], trace: ['decision', 'ship'] },
    ],
  },
  {
    pattern: 'WCP-17', name: 'interleaved parallel routing (idiom: lock)', fixture: 'wcp-17-interleaved-parallel-routing.weft',
    runs: [{ trace: ['pick', 'invoice', 'pack', 'done'], exclusive: ['order'] }],
  },
  { pattern: 'WCP-19', name: 'cancel task (idiom: timeout)', fixture: 'wcp-19-cancel-task.weft', runs: [{ trace: ['chase'] }, { title: 'not cancelled when the reply comes', events: [{ type: 'reply', at: 50 }], trace: ['reply', 'thank'] }] },
  {
    pattern: 'WCP-20', name: 'cancel case (idiom: listen + terminate)', fixture: 'wcp-20-cancel-case.weft',
    runs: [
      { title: 'cancelled', events: [{ type: 'order.cancelled', at: 60_000 }], trace: ['watch', 'cancelled'] },
    ],
  },
  { pattern: 'WCP-21', name: 'structured loop', fixture: 'wcp-21-structured-loop.weft', runs: [{ trace: ['check', 'body', 'check', 'body', 'check'] }] },
  { pattern: 'WCP-22', name: 'recursion', fixture: 'wcp-22-recursion.weft', runs: [{ inputs: { n: 4 }, trace: ['smaller', 'step'], outputs: { value: 24 } }] },
  { pattern: 'WCP-23', name: 'transient trigger', fixture: 'wcp-23-transient-trigger.weft', runs: [{ events: [{ type: 'go', at: 10 }], trace: ['warmUp', 'missed'] }] },
  { pattern: 'WCP-24', name: 'persistent trigger', fixture: 'wcp-24-persistent-trigger.weft', runs: [{ events: [{ type: 'go', at: 10 }], trace: ['warmUp', 'signal', 'got'] }] },
  {
    pattern: 'WCP-25', name: 'cancel region', fixture: 'wcp-25-cancel-region.weft',
    runs: [{ events: [{ type: 'stop', at: 10 }], trace: ['work.stop', 'cleanUp'] }],
  },
  {
    pattern: 'WCP-26', name: 'cancel multiple-instance activity (idiom: error in an instance)', fixture: 'wcp-26-cancel-multiple-instance-activity.weft',
    runs: [{ events: [{ type: 'cancel', at: 10 }], trace: ['each[1].stop', 'withdrawn'] }],
  },
  {
    pattern: 'WCP-28', name: 'blocking discriminator', fixture: 'wcp-28-blocking-discriminator.weft',
    runs: [{ trace: ['split', 'a', 'j', 'after', 'split', 'b', 'a', 'j', 'after', 'b'] }],
  },
  { pattern: 'WCP-29', name: 'cancelling discriminator', fixture: 'wcp-29-cancelling-discriminator.weft', runs: [{ trace: ['b', 'j', 'd'] }] },
  { pattern: 'WCP-30', name: 'structured partial join', fixture: 'wcp-30-structured-partial-join.weft', runs: [{ trace: ['b', 'c', 'j', 'd', 'a'] }] },
  {
    pattern: 'WCP-31', name: 'blocking partial join', fixture: 'wcp-31-blocking-partial-join.weft',
    // Turn 2 has a at 30 ms and b at 40 ms; turn 1's c also arrives at 40 ms (before b). A
    // non-blocking count would fire on a + c; the join absorbs c for turn 1 and fires after b.
    runs: [{ trace: ['split', 'a', 'b', 'j', 'after', 'split', 'a', 'c', 'b', 'j', 'after', 'c'] }],
  },
  { pattern: 'WCP-32', name: 'cancelling partial join', fixture: 'wcp-32-cancelling-partial-join.weft', runs: [{ trace: ['b', 'c', 'j', 'd'] }] },
  {
    pattern: 'WCP-33', name: 'generalized AND-join', fixture: 'wcp-33-generalized-and-join.weft',
    runs: [{ trace: ['split', 'a', 'b', 'j', 'after', 'split', 'a', 'b', 'j', 'after'] }],
  },
  {
    pattern: 'WCP-37', name: 'local synchronizing merge', fixture: 'wcp-37-local-synchronizing-merge.weft',
    runs: [
      { title: 'both fork branches', inputs: { both: true }, trace: ['f', 'b', 'a', 'c', 'c', 'j', 'd'] },
      { title: 'one fork branch', inputs: { both: false }, trace: ['f', 'a', 'c', 'j', 'd'] },
    ],
  },
  { pattern: 'WCP-38', name: 'general synchronizing merge', fixture: 'wcp-38-general-synchronizing-merge.weft', runs: [{ trace: ['f', 'a', 'b', 'a', 'a', 'j'] }] },
  { pattern: 'WCP-39', name: 'critical section', fixture: 'wcp-39-critical-section.weft', runs: [{ trace: ['x', 'w1', 'w2'], exclusive: ['db'] }] },
  {
    pattern: 'WCP-39', name: 'critical section (region exclusive)', fixture: 'wcp-39-critical-section-region.weft',
    runs: [{
      trace: [
        'each[0].crit.enter', 'each[0].crit.note', 'each[0].crit.leave', 'each[0].crit',
        'each[1].crit.enter', 'each[1].crit.note', 'each[1].crit.leave', 'each[1].crit',
        'each[2].crit.enter', 'each[2].crit.note', 'each[2].crit.leave', 'each[2].crit', 'each', 'done',
      ],
      outputs: { order: ['a', 'b', 'c'] },
      exclusive: [''],
    }],
  },
  { pattern: 'WCP-40', name: 'interleaved routing', fixture: 'wcp-40-interleaved-routing.weft', runs: [{ trace: ['a', 'b', 'c', 'done'], exclusive: ['desk'] }] },
  { pattern: 'WCP-43', name: 'explicit termination', fixture: 'wcp-43-explicit-termination.weft', runs: [{ trace: ['a', 'stop'] }] },
  // Language-contract cases (LANGUAGE.md §4 rules, §3.2): not patterns, but traces the engine
  // must give (docs/conformance.md, "Language-contract cases").
  {
    pattern: 'Rule 6', name: 'step budget: a runaway loop fails the run and compensates', fixture: 'rule-06-budget-runaway-compensates.weft',
    runs: [{ stepBudget: 20, trace: ['t', ...Array<string>(18).fill('loop'), 'undo'], status: 'failed', error: 'StepBudgetExceeded' }],
  },
  {
    pattern: 'Rule 6', name: 'step budget: a `fail` at the last step compensates past the budget', fixture: 'rule-06-budget-fail-compensates.weft',
    runs: [{ stepBudget: 20, trace: ['t', ...Array<string>(17).fill('loop'), 'undo'], status: 'failed', error: 'WorkflowFailed' }],
  },
  {
    pattern: 'Rule 5', name: 'a guard that throws after the task\'s work is done: the task is compensated', fixture: 'rule-05-guard-error-compensates.weft',
    runs: [{ trace: ['t1', 'u2', 'u1'], status: 'failed', error: 'ExpressionError' }],
  },
  {
    pattern: 'Rule 5', name: 'a task `set` that throws, caught by `on`: a later `fail` compensates the task in its place', fixture: 'rule-05-set-error-caught-compensates.weft',
    runs: [{ trace: ['t1', 'handled', 't3', 'u3', 'u2', 'u1'], status: 'failed', error: 'WorkflowFailed' }],
  },
  {
    pattern: 'Rule 3', name: '`join first` absorbs a late branch that passes through an inner join', fixture: 'rule-03-first-absorbs-through-join.weft',
    runs: [{ trace: ['b1', 'a', 'J', 'd', 'b2', 'K', 'k2'], outputs: { dn: 1 } }],
  },
  {
    pattern: 'Rule 3', name: '`join 2` absorbs a third branch that passes through an inner join', fixture: 'rule-03-count-absorbs-through-join.weft',
    runs: [{ trace: ['b1', 'a', 'c', 'J', 'd', 'b2', 'K'], outputs: { dn: 1 } }],
  },
  {
    pattern: 'Rule 3', name: '`join first` absorbs through an inner `join first`', fixture: 'rule-03-first-absorbs-through-first-join.weft',
    runs: [{ trace: ['a', 'J', 'd', 'b1', 'K', 'k2', 'b2'], outputs: { dn: 1 } }],
  },
  {
    pattern: 'Rule 3', name: '`join first` in a loop absorbs the turns\' branches merged by an inner join', fixture: 'rule-03-first-absorbs-through-join-loop.weft',
    runs: [{ trace: ['split', 'b1', 'a', 'J', 'after', 'split', 'b1', 'a', 'J', 'after', 'b2', 'b2', 'K'], outputs: { fires: 2 } }],
  },
  {
    pattern: '§3.2', name: 'sub-workflow task: `timeout` cancels the child, per attempt', fixture: 'rule-task-options-sub-timeout.weft',
    runs: [{ trace: ['t'], outputs: { path: 'timeout' }, runsOf: { SubTimeout: 1, Hour: 2 } }],
  },
  {
    pattern: '§3.2', name: 'sub-workflow task: `lock` is held for the child\'s whole run', fixture: 'rule-task-options-sub-lock.weft',
    runs: [{ trace: ['c1', 'probe', 'c2', 'J'], runsOf: { SubLock: 1, Sleeper: 2 } }],
  },
  {
    pattern: '§3.2', name: 'sub-workflow task: `limits { concurrency 1 }` runs one child at a time', fixture: 'rule-task-options-sub-concurrency.weft',
    runs: [{ trace: ['a', 'b', 'c', 'probe', 'c'], runsOf: { SubConcurrency: 1, Sleeper: 2 } }],
  },
  {
    pattern: '§3.2', name: 'sub-workflow task: `cache for` hits on the same input and starts no child', fixture: 'rule-task-options-sub-cache.weft',
    runs: [{ trace: ['c', 'next', 'c', 'next', 'c', 'next', 'fin'], outputs: { results: [10, 10, 20] }, runsOf: { SubCache: 1, Count: 2 } }],
  },
];
