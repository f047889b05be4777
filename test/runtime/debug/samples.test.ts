// Wire test of the debug adapter on a shipped sample (samples/booking-saga.weft, events only,
// no servers): a breakpoint on an edge line, evaluation of the event that routed there, a step
// to the next node and the run's outcome.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { fromRoot } from '../../support/paths.js';
import { WAIT_MS, launch, lineOf, startClient, topFrame, untilStopped } from './debug-adapter-support.js';

describe('debug adapter: samples', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => { client = await startClient(); });
  afterEach(async () => { await client.stop(); });

  it('booking-saga: stops where the captured payment routes to confirm, evaluates the event, steps on, completes', async () => {
    const program = fromRoot('samples', 'booking-saga.weft');
    const text = readFileSync(program, 'utf8');
    const outputs: string[] = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, {
      program,
      input: { booking: { id: 'b-1', customerId: 'c-1', flight: 'LH400', hotel: 'Ritz', amount: 500 } },
      events: [
        { type: 'flight.reserved', data: { bookingId: 'b-1', ok: true }, at: 60_000 },
        { type: 'hotel.reserved', data: { bookingId: 'b-1' }, at: 120_000 },
        { type: 'payment.captured', data: { bookingId: 'b-1', captureId: 'cap-9' }, at: 180_000 },
      ],
    }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(text, 'payment -> confirm on "payment.captured"') }] }));
    const event = await stopped as DebugProtocol.StoppedEvent;
    const thread = event.body.threadId!;
    let frame = await topFrame(client, thread);
    assert.equal(frame.name, 'BookingSaga.confirm');
    assert.equal(frame.line, lineOf(text, 'set confirm'));
    const captured = await client.evaluateRequest({ expression: 'payment.data.captureId', frameId: frame.id, context: 'repl' });
    assert.equal(captured.body.result, '"cap-9"');

    await untilStopped(client, () => client.nextRequest({ threadId: thread }));
    frame = await topFrame(client, thread);
    assert.equal(frame.name, 'BookingSaga.confirmed');
    const confirmation = await client.evaluateRequest({ expression: 'confirmation', frameId: frame.id, context: 'watch' });
    assert.equal(confirmation.body.result, '"b-1/cap-9"');

    const exited = client.waitForEvent('exited', WAIT_MS);
    await client.continueRequest({ threadId: thread });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.ok(outputs.some(o => o.includes('"confirmation":"b-1/cap-9"')), outputs.join(''));
  });
});
