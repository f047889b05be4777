// Conformance — the waiting node kinds: timers (`for`, `until`) on virtual time, event waits
// (persistent vs transient, `where`, `correlate`, timeout), `listen` (first event wins, routed
// by event edges), `emit` (CloudEvents shape, received in the same engine) and approvals.

import assert from 'node:assert/strict';
import {
  approval, bin, bundleOf, emit, event, input, listen, lit, member, ms, node, obj, setNode, timer, waitEvent, workflow,
} from '../support/ir-builder.js';
import { harness, trace, waitUntil } from '../support/engine-harness.js';
import type { CloudEvent } from '../../../runtime/journal/journal-event.js';

describe('engine timers, events and approvals', () => {
  it('a `wait for` timer finishes at once on virtual time, with the clock advanced by its duration', async () => {
    const { engine, clock } = harness();
    const t0 = clock.now();
    const wf = workflow('Wait', { nodes: [timer('w', 'for', ms(2 * 86_400_000)), setNode('after')], edges: ['start -> w -> after'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['w', 'after']);
    assert.equal(clock.now() - t0, 2 * 86_400_000);
  });

  it('fires timers in the order real time would', async () => {
    const { engine } = harness();
    const wf = workflow('Order', {
      nodes: [timer('long', 'for', ms(3000)), timer('short', 'for', ms(1000)), timer('mid', 'for', ms(2000))],
      edges: ['start -> [long, short, mid]'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['short', 'mid', 'long']);
  });

  it('a `wait until` timer waits for an absolute time', async () => {
    const { engine, clock } = harness();
    const at = clock.now() + 5000;
    const wf = workflow('Until', { nodes: [timer('w', 'until', lit(new Date(at).toISOString()))], edges: ['start -> w'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.state.endedAt, at);
  });

  it('an event wait completes with the event that matches its type, where and correlate', async () => {
    const { engine } = harness();
    const wf = workflow('Settle', {
      nodes: [waitEvent('settled', 'payment.settled', { correlate: bin('==', member(event, 'data', 'orderId'), input('orderId')), where: bin('>', member(event, 'data', 'amount'), lit(0)) })],
      edges: ['start -> settled'],
      inputs: { orderId: {} },
    });
    const { runId, outcome } = await engine.start(bundleOf(wf), {
      inputs: { orderId: 'o-1' },
      events: [
        { type: 'payment.settled', data: { orderId: 'o-2', amount: 5 }, at: 10 },
        { type: 'payment.settled', data: { orderId: 'o-1', amount: 0 }, at: 20 },
        { type: 'payment.settled', data: { orderId: 'o-1', amount: 7 }, at: 30 },
      ],
    });
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual((o.state.results.get('settled') as CloudEvent).data, { orderId: 'o-1', amount: 7 });
    assert.equal((o.state.results.get('settled') as CloudEvent).specversion, '1.0');
    assert.ok(runId);
  });

  it('keeps an event that arrived before the wait for it (persistent)', async () => {
    const { engine } = harness();
    const wf = workflow('Persistent', { nodes: [timer('first', 'for', ms(1000)), waitEvent('w', 'go')], edges: ['start -> first -> w'] });
    const o = await (await engine.start(bundleOf(wf), { events: [{ type: 'go', data: 1, at: 10 }] })).outcome;
    assert.equal(o.status, 'completed');
    assert.equal((o.state.results.get('w') as CloudEvent).data, 1);
    assert.equal(o.state.bufferedEvents.length, 0);
  });

  it('a transient wait ignores events that arrived before it started', async () => {
    const { engine } = harness();
    const wf = workflow('Transient', { nodes: [timer('first', 'for', ms(1000)), waitEvent('w', 'go', { transient: true, timeoutMs: 5000 }), setNode('late')], edges: ['start -> first -> w', ['w -> late', { timeout: true }]] });
    const o = await (await engine.start(bundleOf(wf), { events: [{ type: 'go', at: 10 }] })).outcome;
    assert.deepEqual(trace(o.state), ['first', 'late']);
  });

  it('an event wait that times out takes `on timeout`, or fails the run with Timeout', async () => {
    const { engine } = harness();
    const caught = workflow('Caught', { nodes: [waitEvent('w', 'never', { timeoutMs: 3_600_000 }), setNode('late')], edges: ['start -> w', ['w -> late', { timeout: true }]] });
    assert.deepEqual(trace((await (await engine.start(bundleOf(caught))).outcome).state), ['late']);
    const uncaught = workflow('Uncaught', { nodes: [waitEvent('w', 'never', { timeoutMs: 1000 })], edges: ['start -> w'] });
    const o = await (await engine.start(bundleOf(uncaught))).outcome;
    assert.equal(o.error?.name, 'Timeout');
  });

  it('a run waiting for an event is `waiting` until it arrives', async () => {
    const { engine, clock } = harness();
    const wf = workflow('Idle', { nodes: [waitEvent('w', 'go')], edges: ['start -> w'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    assert.equal((await engine.inspect(runId)).status, 'waiting');
    assert.deepEqual(await engine.deliverEvent('go', { n: 1 }), [runId]);
    assert.equal((await outcome).status, 'completed');
  });

  it('takes an event once: a redelivery (the same source and id) is not a second event, another id is', async () => {
    const { engine, clock } = harness();
    const wf = workflow('Twice', { nodes: [waitEvent('first', 'go'), waitEvent('second', 'go')], edges: ['start -> first -> second'] });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    assert.deepEqual(await engine.deliverEvent('go', 1, { id: 'e1', source: 'shop' }), [runId]);
    await clock.whenIdle();
    assert.deepEqual(await engine.deliverEvent('go', 1, { id: 'e1', source: 'shop' }), [], 'a redelivery');
    assert.equal((await engine.inspect(runId)).status, 'waiting');
    assert.deepEqual(await engine.deliverEvent('go', 2, { id: 'e1', source: 'till' }), [runId], 'another source, another event');
    const done = await outcome;
    assert.equal(done.status, 'completed');
    assert.deepEqual((await engine.store.readEvents(runId)).filter((e) => e.type === 'EventReceived').map((e) => e.type === 'EventReceived' && [e.event.source, e.event.id]), [['shop', 'e1'], ['till', 'e1']]);
  });

  it('listen: the first matching event wins and routes by its event edge; the others are withdrawn', async () => {
    const { engine } = harness();
    const wf = workflow('Listen', {
      nodes: [listen('l', ['a.done', 'b.failed'], 60_000), setNode('onA'), setNode('onB'), setNode('late')],
      edges: ['start -> l', ['l -> onA', { event: 'a.done' }], ['l -> onB', { event: 'b.failed' }], ['l -> late', { timeout: true }]],
    });
    const o = await (await engine.start(bundleOf(wf), { events: [{ type: 'b.failed', at: 5 }, { type: 'a.done', at: 6 }] })).outcome;
    assert.deepEqual(trace(o.state), ['l', 'onB']);
    assert.equal((o.state.results.get('l') as CloudEvent).type, 'b.failed');
  });

  it('emit publishes a CloudEvent that waits of other runs in the engine receive', async () => {
    const { engine } = harness();
    const waiter = workflow('Waiter', { nodes: [waitEvent('w', 'order.shipped', { correlate: bin('==', member(event, 'data', 'id'), lit(42)) })], edges: ['start -> w'] });
    const emitter = workflow('Emitter', { nodes: [emit('e', 'order.shipped', obj({ id: lit(42) }))], edges: ['start -> e'] });
    const w = await engine.start(bundleOf(waiter));
    const e = await engine.start(bundleOf(emitter));
    const eo = await e.outcome;
    const wo = await w.outcome;
    assert.equal(wo.status, 'completed');
    const received = wo.state.results.get('w') as CloudEvent;
    assert.equal(received.type, 'order.shipped');
    assert.equal(received.id, eo.state.results.get('e'));
    assert.match(received.source, /^weft:\/\/Emitter\//);
    assert.deepEqual(received.data, { id: 42 });
  });

  it('a run receives the events it emits itself', async () => {
    const { engine } = harness();
    const wf = workflow('Self', { nodes: [emit('e', 'ping', lit(1)), waitEvent('w', 'ping')], edges: ['start -> [e, w]'] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.status, 'completed');
    assert.equal((o.state.results.get('w') as CloudEvent).data, 1);
  });

  it('an approval waits for a decision and yields { approved, by, comment }', async () => {
    const { engine, clock } = harness();
    const wf = workflow('Approve', {
      nodes: [approval('review', 'Approve it?'), setNode('yes'), setNode('no')],
      edges: ['start -> review', ['review -> yes', { when: member(node('review'), 'approved') }], ['review -> no', { otherwise: true }]],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    await clock.whenIdle();
    const state = await engine.inspect(runId);
    assert.equal(state.status, 'waiting');
    await engine.approve(runId, 'review', { approved: false, comment: 'too risky' }, 'cli:alice');
    const o = await outcome;
    assert.deepEqual(o.state.results.get('review'), { approved: false, by: 'cli:alice', comment: 'too risky' });
    assert.deepEqual(trace(o.state), ['review', 'no']);
    const decided = (await engine.store.readEvents(runId)).find((e) => e.type === 'ApprovalDecided');
    assert.equal(decided?.actor, 'cli:alice');
  });

  it('an approval times out after its timeout on the run clock', async () => {
    const { engine } = harness();
    const wf = workflow('ApproveTimeout', { nodes: [approval('review', 'ok?', { timeoutMs: 2 * 86_400_000 }), setNode('expired')], edges: ['start -> review', ['review -> expired', { timeout: true }]] });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.deepEqual(trace(o.state), ['expired']);
    assert.equal(o.state.endedAt! - o.state.startedAt, 2 * 86_400_000);
  });
});

describe('engine event delivery across processes', () => {
  it('wakes unfinished runs from the store for an emitted event (`weft emit`)', async () => {
    const first = harness();
    const wf = workflow('Sleeper', { nodes: [waitEvent('w', 'wake')], edges: ['start -> w'] });
    const { runId } = await first.engine.start(bundleOf(wf));
    await first.clock.whenIdle();
    first.engine.halt();
    const second = harness({ store: first.store });
    assert.deepEqual(await second.engine.deliverEvent('wake', { x: 1 }), []);
    assert.deepEqual(await second.engine.deliverEvent('wake', { x: 2 }, { loadUnfinished: true }), [runId]);
    const o = await second.engine.waitFor(runId);
    assert.equal(o.status, 'completed');
    assert.deepEqual((o.state.results.get('w') as CloudEvent).data, { x: 2 });
  });
});

describe('engine event triggers', () => {
  it('starts a run for each event matching `trigger event "type" where …`, with the event as trigger.event', async () => {
    const { engine } = harness();
    const base = workflow('OnOrder', {
      nodes: [setNode('seen', { id: member({ kind: 'ref', name: 'trigger', scope: 'trigger' }, 'event', 'data', 'id') })],
      edges: ['start -> seen'],
      outputs: ['id'],
    });
    const wf = { ...base, triggers: [{ kind: 'event' as const, eventType: 'order.created', where: bin('>', member(event, 'data', 'total'), lit(0)), range: base.range }] };
    const stop = engine.registerEventTriggers(bundleOf(wf));
    await engine.deliverEvent('order.created', { id: 'a', total: 5 });
    await engine.deliverEvent('order.created', { id: 'b', total: 0 });
    await engine.deliverEvent('order.updated', { id: 'c', total: 5 });
    await waitUntil(() => engine.triggeredRuns.length === 1);
    const o = await engine.triggeredRuns[0]!.outcome;
    assert.deepEqual(o.outputs, { id: 'a' });
    assert.equal(o.state.trigger.kind, 'event');
    stop();
    await engine.deliverEvent('order.created', { id: 'd', total: 5 });
    assert.equal((await engine.store.listRuns()).length, 1);
  });

  it('starts one run per event: a redelivered event (the same source and id) starts none, and says so', async () => {
    const { engine } = harness();
    const logs: string[] = [];
    engine.onEvent((e) => { if (e.kind === 'log') logs.push(`${e.level} ${e.message}`); });
    const base = workflow('OnPaid', { nodes: [setNode('seen')], edges: ['start -> seen'] });
    engine.registerEventTriggers(bundleOf({ ...base, triggers: [{ kind: 'event' as const, eventType: 'paid', range: base.range }] }));
    await engine.deliverEvent('paid', { n: 1 }, { id: 'evt_1', source: 'stripe' });
    await waitUntil(() => engine.triggeredRuns.length === 1);
    await engine.deliverEvent('paid', { n: 1 }, { id: 'evt_1', source: 'stripe' });
    await engine.deliverEvent('paid', { n: 2 }, { id: 'evt_2', source: 'stripe' });
    await waitUntil(() => engine.triggeredRuns.length === 2);
    await waitUntil(() => logs.length === 1);
    const runs = await engine.store.listRuns();
    assert.deepEqual(runs.map((r) => r.key).sort(), ['event stripe evt_1', 'event stripe evt_2']);
    assert.deepEqual(logs, [`info event paid evt_1 from stripe started run ${engine.triggeredRuns[0]!.runId} of OnPaid already: no second run`]);
    // A key too long for a run's key is hashed.
    await engine.deliverEvent('paid', null, { id: 'x'.repeat(300), source: 'stripe' });
    await waitUntil(() => engine.triggeredRuns.length === 3);
    assert.match((await engine.store.getRun(engine.triggeredRuns[2]!.runId))!.key!, /^event sha256:[0-9a-f]{64}$/);
  });
});
