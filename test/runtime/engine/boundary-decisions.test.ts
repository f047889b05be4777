// Two boundary cases LANGUAGE.md leaves open, decided in docs/runtime.md and pinned here on the
// virtual clock: a task's `lock` is released during its retry's backoff (another holder may run
// then), and an event arriving at exactly a wait's timeout instant loses to the timeout.

import assert from 'node:assert/strict';
import type { JournalEvent, NodeStarted, RetryScheduled } from '../../../runtime/journal/journal-event.js';
import { bundleOf, listen, lit, ms, setNode, task, timer, waitEvent, workflow, retry } from '../support/ir-builder.js';
import { harness, trace } from '../support/engine-harness.js';

const HOUR = 3_600_000;

function startsOf(events: readonly JournalEvent[], node: string): NodeStarted[] {
  return events.filter((e): e is NodeStarted => e.type === 'NodeStarted' && e.node === node);
}

describe('engine: a lock during a retry\'s backoff', () => {
  it('is released between attempts: another task holding the lock runs during the backoff, and the retry queues for it again', async () => {
    const h = harness();
    // a fails its first attempt and retries 200 ms later; b, started 50 ms in, wants the same lock
    // and holds it (its gate closed) until 260 ms, past the retry's due time.
    const wf = workflow('LockBackoff', {
      nodes: [
        task('a', 'flaky', [lit(1)], { lock: 'L', retry: retry(1, 200) }),
        timer('w', 'for', ms(50)),
        task('b', 'gate', [lit('b')], { lock: 'L' }),
      ],
      edges: ['start -> [a, w]', 'w -> b'],
    });
    const t0 = h.clock.now();
    h.clock.setTimer(t0 + 260, () => {
      // At 260 ms the retry is due but b still holds the lock: a's second attempt has not run.
      assert.deepEqual(h.connector.calls, ['a#1', 'b#1']);
      h.connector.gate('b').open('b done');
    });
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(h.connector.calls, ['a#1', 'b#1', 'a#2']);
    const log = o.state.log;
    const retried = log.find((e): e is RetryScheduled => e.type === 'RetryScheduled')!;
    const bStart = startsOf(log, 'b')[0]!;
    const bDone = log.find((e) => e.type === 'NodeCompleted' && e.node === 'b')!;
    const aSecond = startsOf(log, 'a')[1]!;
    assert.ok(bStart.at < retried.dueAt, 'b took the lock during a\'s backoff');
    assert.ok(aSecond.seq > bDone.seq, 'a\'s retry started only once b gave the lock back');
    assert.deepEqual(trace(o.state), ['w', 'b', 'a']);
  });
});

describe('engine: an event at exactly a wait\'s timeout instant', () => {
  it('loses to the timeout: the `listen` takes `on timeout` (an event scheduled at the deadline)', async () => {
    const h = harness();
    const wf = workflow('ListenTie', {
      nodes: [listen('l', ['a.done'], HOUR), setNode('got'), setNode('late')],
      edges: ['start -> l', ['l -> got', { event: 'a.done' }], ['l -> late', { timeout: true }]],
    });
    const o = await (await h.engine.start(bundleOf(wf), { events: [{ type: 'a.done', data: {}, at: HOUR }] })).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['late']);
    // The event still reached the run, after the timeout: kept for a later wait of its type.
    assert.deepEqual(o.state.bufferedEvents.map((e) => e.type), ['a.done']);
  });

  it('loses to the timeout whichever of the two was set on the clock first (delivered to every run at the deadline)', async () => {
    const h = harness();
    const wf = workflow('WaitTie', {
      nodes: [waitEvent('w', 'go', { timeoutMs: HOUR, transient: true }), setNode('got'), setNode('late')],
      edges: ['start -> w -> got', ['w -> late', { timeout: true }]],
    });
    const t0 = h.clock.now();
    // Set before the run starts, so before the wait's own timer: it fires first at that instant.
    h.clock.setTimer(t0 + HOUR, () => void h.engine.deliverEvent('go', { n: 1 }));
    const o = await (await h.engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(trace(o.state), ['late']);
    assert.equal(o.state.log.filter((e) => e.type === 'EventReceived').length, 0);
  });

  it('an event one millisecond before the deadline is taken', async () => {
    const h = harness();
    const wf = workflow('ListenJustInTime', {
      nodes: [listen('l', ['a.done'], HOUR), setNode('got'), setNode('late')],
      edges: ['start -> l', ['l -> got', { event: 'a.done' }], ['l -> late', { timeout: true }]],
    });
    const o = await (await h.engine.start(bundleOf(wf), { events: [{ type: 'a.done', data: {}, at: HOUR - 1 }] })).outcome;
    assert.deepEqual(trace(o.state), ['l', 'got']);
  });
});
