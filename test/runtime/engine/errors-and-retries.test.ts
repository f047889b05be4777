// Conformance — LANGUAGE.md §4 rules 5 and 6 and the `retry` option: on-edges for named
// errors, `on error` and `on timeout`; retries with delay, backoff, max, jitter and `unless`;
// compensation in reverse completion order; the step budget.

import assert from 'node:assert/strict';
import { bin, bundleOf, fail, lit, setNode, task, v, workflow, retry, timer, ms } from '../support/ir-builder.js';
import { fullTrace, harness, trace } from '../support/engine-harness.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import type { JournalEvent, RetryScheduled } from '../../../runtime/journal/journal-event.js';

describe('engine errors, retries and compensation (LANGUAGE.md §4 rules 5–6)', () => {
  it('routes a named error to its `on Name` edge', async () => {
    const { engine } = harness();
    const wf = workflow('OnName', {
      nodes: [task('charge', 'fail', [lit('PaymentDeclined')]), setNode('declined'), setNode('other')],
      edges: ['start -> charge', ['charge -> declined', { on: 'PaymentDeclined' }], ['charge -> other', { on: 'error' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state), ['charge:failed', 'declined:completed']);
  });

  it('routes any other error to `on error`', async () => {
    const { engine } = harness();
    const wf = workflow('OnError', {
      nodes: [task('t', 'fail', [lit('Boom')]), setNode('declined'), setNode('other')],
      edges: ['start -> t', ['t -> declined', { on: 'PaymentDeclined' }], ['t -> other', { on: 'error' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['other']);
  });

  it('matches an error by its aliases too', async () => {
    const { engine } = harness();
    const { TaskError } = await import('../../../runtime/executors/task-error.js');
    const wf = workflow('Alias', { nodes: [task('t', 'custom'), setNode('http')], edges: ['start -> t', ['t -> http', { on: 'HttpError' }]] });
    const h = harness({ executors: { connector: { execute: async () => { throw new TaskError('PaymentDeclined', 'no', { aliases: ['HttpError'] }); } } } });
    void engine;
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['http']);
  });

  it('fails the run with an uncaught error, naming the node', async () => {
    const { engine } = harness();
    const wf = workflow('Uncaught', { nodes: [task('t', 'fail', [lit('Boom'), lit('it broke')])], edges: ['start -> t'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual(o.error, { name: 'Boom', message: 'it broke', node: 't' });
  });

  it('retries N times (N + 1 attempts) before the error counts', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Retry', { nodes: [task('t', 'flaky', [lit(3)], { retry: retry(3, 1000) })], edges: ['start -> t'], outputs: [] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(connector.calls, ['t#1', 't#2', 't#3', 't#4']);
    assert.equal(o.state.results.get('t'), 4);
  });

  it('gives up after the last retry and then takes the on-edge', async () => {
    const { engine, connector } = harness();
    const wf = workflow('RetryThenCatch', {
      nodes: [task('t', 'flaky', [lit(9), lit('Flaky')], { retry: retry(2, 10) }), setNode('caught')],
      edges: ['start -> t', ['t -> caught', { on: 'Flaky' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(connector.calls.length, 3);
    assert.deepEqual(trace(o.state), ['caught']);
  });

  it('spaces retries by every × backoff^n, capped by max, on the run clock', async () => {
    const { engine, store } = harness();
    const wf = workflow('Backoff', { nodes: [task('t', 'flaky', [lit(4)], { retry: retry(4, 1000, { backoff: 2, maxDelayMs: 5000 }) })], edges: ['start -> t'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await outcome;
    const events = await store.readEvents(runId);
    const retries = events.filter((e): e is RetryScheduled => e.type === 'RetryScheduled');
    assert.deepEqual(retries.map((r) => r.delayMs), [1000, 2000, 4000, 5000]);
    const starts = events.filter((e) => e.type === 'NodeStarted' && e.node === 't').map((e) => e.at);
    assert.deepEqual(starts.slice(1).map((at, i) => at - starts[i]!), [1000, 2000, 4000, 5000]);
  });

  it('jitters delays within [delay/2, delay], reproducibly for the same run id', async () => {
    const delays = async (): Promise<number[]> => {
      const { engine, store } = harness();
      const wf = workflow('Jitter', { nodes: [task('t', 'flaky', [lit(5)], { retry: retry(5, 1000, { jitter: true }) })], edges: ['start -> t'] });
      const { runId, outcome } = await engine.start(bundleOf(wf), { runId: 'fixed-run' });
      await outcome;
      return (await store.readEvents(runId)).filter((e): e is RetryScheduled => e.type === 'RetryScheduled').map((r) => r.delayMs);
    };
    const first = await delays();
    assert.equal(first.length, 5);
    for (const d of first) assert.ok(d >= 500 && d <= 1000, `delay ${d}`);
    assert.ok(new Set(first).size > 1);
    assert.deepEqual(await delays(), first);
  });

  it('never retries errors listed in `unless`', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Unless', { nodes: [task('t', 'fail', [lit('PaymentDeclined')], { retry: retry(5, 10, { unless: ['PaymentDeclined'] }) })], edges: ['start -> t'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.deepEqual(connector.calls, ['t#1']);
  });

  it('times a task out, retries the timeout, then takes `on timeout`', async () => {
    const { engine, connector } = harness({ clock: new RealClock() });
    const wf = workflow('Timeout', {
      nodes: [task('t', 'hang', [], { timeoutMs: 20, retry: retry(1, 1) }), setNode('late')],
      edges: ['start -> t', ['t -> late', { timeout: true }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(connector.calls, ['t#1', 't#2']);
    assert.deepEqual(trace(o.state), ['late']);
    assert.equal(o.state.history[1]!.error?.name, 'Timeout');
    assert.equal(connector.running.size, 0);
  });

  it('fails the run when its per-run timeout passes, on the run clock', async () => {
    const { engine } = harness();
    const wf = workflow('RunTimeout', { nodes: [timer('w', 'for', ms(60_000))], edges: ['start -> w'] });
    const o = await (await engine.start(bundleOf(wf), { timeoutMs: 1000 })).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'Timeout');
    assert.equal(o.state.endedAt! - o.state.startedAt, 1000);
  });

  it('compensates completed tasks in reverse completion order when the run fails', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Saga', {
      nodes: [
        task('book', 'ok', [], { compensate: 'unbook' }), task('charge', 'ok', [], { compensate: 'refund' }),
        task('ship', 'fail', [lit('ShipFailed')]), task('unbook', 'ok'), task('refund', 'ok'),
      ],
      edges: ['start -> book -> charge -> ship'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'ShipFailed');
    assert.deepEqual(connector.calls, ['book#1', 'charge#1', 'ship#1', 'refund#1', 'unbook#1']);
    const events = await engine.store.readEvents(runId);
    const comp = events.find((e) => e.type === 'CompensationStarted');
    assert.deepEqual(comp && 'tasks' in comp ? comp.tasks : undefined, [{ node: 'charge', compensate: 'refund' }, { node: 'book', compensate: 'unbook' }]);
    assert.equal(events.at(-1)!.type, 'RunFailed');
  });

  it('keeps compensating after a compensation fails, and still fails with the original error', async () => {
    const { engine, connector } = harness();
    const wf = workflow('SagaFail', {
      nodes: [task('a', 'ok', [], { compensate: 'undoA' }), task('b', 'ok', [], { compensate: 'undoB' }), fail('stop', 'no'), task('undoA', 'ok'), task('undoB', 'fail', [lit('UndoFailed')])],
      edges: ['start -> a -> b -> stop'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(connector.calls, ['a#1', 'b#1', 'undoB#1', 'undoA#1']);
    assert.equal(o.error?.name, 'WorkflowFailed');
  });

  it('does not compensate tasks whose errors were caught', async () => {
    const { engine, connector } = harness();
    const wf = workflow('Caught', {
      nodes: [task('a', 'ok', [], { compensate: 'undoA' }), task('b', 'fail', [lit('X')]), setNode('handled'), task('undoA', 'ok')],
      edges: ['start -> a -> b', ['b -> handled', { on: 'X' }]],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(connector.calls, ['a#1', 'b#1']);
  });

  it('rule 6: allows cycles and stops a runaway loop at the step budget with a clear error', async () => {
    const { engine } = harness();
    const wf = workflow('Runaway', {
      nodes: [setNode('poll', { n: bin('+', v('n'), lit(1)) })],
      edges: ['start -> poll', ['poll -> poll', { when: lit(true) }]],
      vars: { n: lit(0) },
      stepBudget: 50,
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'StepBudgetExceeded');
    assert.match(o.error!.message, /step budget of 50 node executions/);
    assert.equal(o.state.steps, 50);
  });

  it('rule 6: a bounded loop finishes within the budget', async () => {
    const { engine } = harness();
    const wf = workflow('Poll', {
      nodes: [setNode('check', { n: bin('+', v('n'), lit(1)) })],
      edges: ['start -> check', ['check -> check', { when: bin('<', v('n'), lit(10)) }], ['check -> end', { otherwise: true }]],
      vars: { n: lit(0) },
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal(o.state.variables['n'], 10);
  });

  it('fails a node whose expression cannot be evaluated, with the expression error', async () => {
    const { engine } = harness();
    const wf = workflow('BadExpr', { nodes: [setNode('s', { x: bin('-', lit('text'), lit(1)) })], edges: ['start -> s'], vars: { x: null } });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'ExpressionError');
    assert.equal(o.error?.node, 's');
  });

  it('records every retry and failure in the journal before the next attempt', async () => {
    const { engine, store } = harness();
    const wf = workflow('Journal', { nodes: [task('t', 'flaky', [lit(1)], { retry: retry(1, 100) })], edges: ['start -> t'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await outcome;
    const types = (await store.readEvents(runId)).map((e: JournalEvent) => e.type === 'NodeStarted' || e.type === 'NodeCompleted' ? `${e.type}:${e.node}` : e.type);
    assert.deepEqual(types, ['RunStarted', 'NodeStarted:start', 'NodeCompleted:start', 'NodeStarted:t', 'RetryScheduled', 'NodeStarted:t', 'NodeCompleted:t', 'RunCompleted']);
  });
});
