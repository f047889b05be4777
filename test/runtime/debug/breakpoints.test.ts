// Wire tests of the debug adapter's breakpoints against the standalone adapter process: line
// breakpoints (verified, moved, refused), conditions, hit counts, logpoints, function
// breakpoints and exception breakpoints on a failing node with retries.
import assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { FLAKY, LOOP, SAGA, SEQUENCE } from './debug-fixtures.js';
import { WAIT_MS, launch, lineOf, scopeVariables, startClient, topFrame, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: breakpoints', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => { client = await startClient(); });
  afterEach(async () => { await client.stop(); });

  it('stops at a node line with the stack at that line', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const line = lineOf(SEQUENCE, 'task double');
    let verified: DebugProtocol.Breakpoint[] = [];
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, async () => {
      verified = (await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] })).body.breakpoints;
    });
    const event = await stopped as DebugProtocol.StoppedEvent;
    assert.equal(event.body.reason, 'breakpoint');
    assert.equal(verified.length, 1);
    const frame = await topFrame(client, event.body.threadId!);
    assert.equal(frame.line, line);
    assert.equal(frame.name, 'Main.double');
    assert.equal(frame.source?.path, program);
  });

  it('moves a breakpoint on a blank line to the next node line and refuses one outside a workflow', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const blank = lineOf(SEQUENCE, 'secret apiKey') + 1;
    const between = lineOf(SEQUENCE, 'input x: number') - 2;
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    let result: DebugProtocol.Breakpoint[] = [];
    await launch(client, { program }, async () => {
      result = (await client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: blank }, { line: between }] })).body.breakpoints;
    });
    assert.equal(result[0]!.verified, true);
    assert.equal(result[0]!.line, lineOf(SEQUENCE, 'set bump'));
    assert.equal(result[1]!.verified, false);
    assert.match(result[1]!.message ?? '', /Not inside a workflow/);
    const event = await stopped as DebugProtocol.StoppedEvent;
    assert.equal((await topFrame(client, event.body.threadId!)).name, 'Main.bump');
  });

  it('stops only where the condition holds, evaluated in the node scope', async () => {
    const program = writeFixture('loop.weft', LOOP);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(LOOP, 'set tick'), condition: 'i == 3' }] }));
    const event = await stopped as DebugProtocol.StoppedEvent;
    const frame = await topFrame(client, event.body.threadId!);
    assert.equal((await scopeVariables(client, frame.id, 'Variables')).i, '3');
  });

  it('stops on the hit count given', async () => {
    const program = writeFixture('loop.weft', LOOP);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(LOOP, 'set tick'), hitCondition: '4' }] }));
    const event = await stopped as DebugProtocol.StoppedEvent;
    const frame = await topFrame(client, event.body.threadId!);
    assert.equal((await scopeVariables(client, frame.id, 'Variables')).i, '3', 'the 4th arrival at tick sees i = 3');
  });

  it('logs a logpoint message with evaluated expressions and does not stop', async () => {
    const program = writeFixture('loop.weft', LOOP);
    const line = lineOf(LOOP, 'set tick');
    const outputs: DebugProtocol.OutputEvent[] = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e));
    let stops = 0;
    client.on('stopped', () => { stops++; });
    const terminated = client.waitForEvent('terminated', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line, logMessage: 'tick with i={i}' }] }));
    await terminated;
    const logs = outputs.filter(o => o.body.output.startsWith('tick with'));
    assert.deepEqual(logs.map(o => o.body.output), [0, 1, 2, 3, 4].map(i => `tick with i=${i}\n`));
    assert.equal(logs[0]!.body.line, line);
    assert.equal(stops, 0);
  });

  it('stops at a function breakpoint named after a node', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Child.inner' }] }));
    const event = await stopped as DebugProtocol.StoppedEvent;
    assert.equal(event.body.reason, 'function breakpoint');
    const frame = await topFrame(client, event.body.threadId!);
    assert.equal(frame.name, 'Child.inner');
    assert.equal(frame.line, lineOf(SEQUENCE, 'set inner'));
  });

  it('stops on a node whose retries are exhausted, with the error in the exception info', async () => {
    const program = writeFixture('flaky.weft', FLAKY);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setExceptionBreakpointsRequest({ filters: ['retryExhausted'] }));
    const event = await stopped as DebugProtocol.StoppedEvent;
    assert.equal(event.body.reason, 'exception');
    const info = await client.exceptionInfoRequest({ threadId: event.body.threadId! });
    assert.match(info.body.description ?? '', /service unavailable \(after 3 attempts\)/);
    const frame = await topFrame(client, event.body.threadId!);
    assert.equal(frame.line, lineOf(FLAKY, 'task call'));
    const exited = client.waitForEvent('exited', WAIT_MS);
    await client.continueRequest({ threadId: event.body.threadId! });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
  });

  it('stops on every failed attempt with the node failure filter', async () => {
    const program = writeFixture('flaky.weft', FLAKY);
    let stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setExceptionBreakpointsRequest({ filters: ['failure'] }));
    const texts: string[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const event = await stopped as DebugProtocol.StoppedEvent;
      texts.push(event.body.text ?? '');
      stopped = client.waitForEvent('stopped', WAIT_MS);
      if (attempt < 3) await client.continueRequest({ threadId: event.body.threadId! });
    }
    assert.equal(texts.length, 3);
    assert.ok(texts.every(t => /service unavailable/.test(t)));
  });

  // Under virtual time too: the clock runs at real speed while `slow` is in flight, so its timeout fires.
  for (const virtualTime of [false, true]) it(`stops on a timeout, then on the compensation of the failed run (${virtualTime ? 'virtual' : 'real'} time)`, async () => {
    const program = writeFixture('saga.weft', SAGA);
    const first = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program, virtualTime }, () => client.setExceptionBreakpointsRequest({ filters: ['timeout', 'compensation'] }));
    const timeout = await first as DebugProtocol.StoppedEvent;
    assert.equal(timeout.body.reason, 'exception');
    assert.match(timeout.body.text ?? '', /^Timeout: Node 'slow' timed out/);
    assert.equal((await topFrame(client, timeout.body.threadId!)).name, 'Saga.slow');
    const second = client.waitForEvent('stopped', WAIT_MS);
    await client.continueRequest({ threadId: timeout.body.threadId! });
    const compensation = await second as DebugProtocol.StoppedEvent;
    assert.match(compensation.body.text ?? '', /^Compensation/);
    const exited = client.waitForEvent('exited', WAIT_MS);
    await client.continueRequest({ threadId: compensation.body.threadId! });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 1);
  });
});
