// Wire tests of stepping with the standalone adapter: stop on entry, step over / in / out
// across a sub-workflow (the stack grows and shrinks), two threads at a parallel split with
// one branch continued alone, step back twice then continue, and terminate.
import assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { PARALLEL, SEQUENCE } from './debug-fixtures.js';
import { WAIT_MS, launch, lineOf, scopeVariables, startClient, topFrame, untilStopped, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: stepping', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => { client = await startClient(); });
  afterEach(async () => { await client.stop(); });

  async function stopAt(program: string, line: number): Promise<number> {
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] }));
    return ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
  }

  it('stops on entry at the start node', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program, stopOnEntry: true });
    const event = await stopped as DebugProtocol.StoppedEvent;
    assert.equal(event.body.reason, 'entry');
    assert.equal((await topFrame(client, event.body.threadId!)).name, 'Main.start');
  });

  it('steps over a sub-workflow node to the next node of the same workflow', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const thread = await stopAt(program, lineOf(SEQUENCE, 'task sub'));
    const event = await untilStopped(client, () => client.nextRequest({ threadId: thread }));
    assert.equal(event.body.reason, 'step');
    const frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Main.finish');
    assert.equal(frame.line, lineOf(SEQUENCE, 'set finish'));
  });

  it('steps into a sub-workflow (the stack grows) and out again (it shrinks)', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const thread = await stopAt(program, lineOf(SEQUENCE, 'task sub'));
    await untilStopped(client, () => client.stepInRequest({ threadId: thread }));
    let trace = (await client.stackTraceRequest({ threadId: thread })).body.stackFrames;
    assert.deepEqual(trace.map(f => f.name), ['Child.start', 'Main.sub']);
    await untilStopped(client, () => client.stepInRequest({ threadId: thread }));
    trace = (await client.stackTraceRequest({ threadId: thread })).body.stackFrames;
    assert.deepEqual(trace.map(f => f.name), ['Child.inner', 'Main.sub']);
    assert.equal(trace[0]!.line, lineOf(SEQUENCE, 'set inner'));
    await untilStopped(client, () => client.stepOutRequest({ threadId: thread }));
    trace = (await client.stackTraceRequest({ threadId: thread })).body.stackFrames;
    assert.deepEqual(trace.map(f => f.name), ['Main.finish']);
  });

  it('shows two threads at a parallel split and continues one branch while the other stays stopped', async () => {
    const program = writeFixture('par.weft', PARALLEL);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({
      source: { path: program },
      breakpoints: ['set left', 'set right', 'join both', 'set total'].map(text => ({ line: lineOf(PARALLEL, text) })),
    }));
    const first = await stopped as DebugProtocol.StoppedEvent;
    assert.equal(first.body.allThreadsStopped, true);
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 2);
    const a = first.body.threadId!;
    const b = threads.find(t => t.id !== a)!.id;
    const aNode = (await topFrame(client, a)).name;
    const bNode = (await topFrame(client, b)).name;
    assert.deepEqual([aNode, bNode].sort(), ['Par.left', 'Par.right']);

    const atJoin = await untilStopped(client, () => client.continueRequest({ threadId: a, singleThread: true }));
    assert.equal(atJoin.body.threadId, a);
    assert.equal((await topFrame(client, a)).name, 'Par.both');
    assert.equal((await topFrame(client, b)).name, bNode, 'the other branch stayed where it was');

    const bStops = await untilStopped(client, () => client.continueRequest({ threadId: a }));
    assert.equal(bStops.body.threadId, b);
    assert.equal((await topFrame(client, b)).name, bNode);
    const bAtJoin = await untilStopped(client, () => client.continueRequest({ threadId: b }));
    assert.equal((await topFrame(client, bAtJoin.body.threadId!)).name, 'Par.both');
    const atTotal = await untilStopped(client, () => client.continueRequest({ threadId: b }));
    const frame = await topFrame(client, atTotal.body.threadId!);
    assert.equal(frame.name, 'Par.total');
    assert.deepEqual(await scopeVariables(client, frame.id, 'Variables'), { l: '1', r: '2' });
  });

  it('steps back twice through the journal, then continues forward without re-running anything', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const outputs: string[] = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    const thread = await stopAt(program, lineOf(SEQUENCE, 'set finish'));
    await untilStopped(client, () => client.stepBackRequest({ threadId: thread }));
    let frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Main.sub (recorded)');
    await untilStopped(client, () => client.stepBackRequest({ threadId: thread }));
    frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Main.double (recorded)');
    assert.equal(frame.line, lineOf(SEQUENCE, 'task double'));
    assert.equal((await scopeVariables(client, frame.id, 'Node results')).double, undefined, 'before double ran, it has no result');
    assert.deepEqual(await scopeVariables(client, frame.id, 'Node inputs (with)'), { n: '5' });
    const back = await untilStopped(client, () => client.continueRequest({ threadId: thread }));
    assert.equal(back.body.reason, 'breakpoint', 'forward replay reaches the live breakpoint again');
    frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Main.finish');
    assert.equal((await scopeVariables(client, frame.id, 'Node results')).double, '10');
    const terminated = client.waitForEvent('terminated', WAIT_MS);
    await client.continueRequest({ threadId: thread });
    await terminated;
    assert.equal(outputs.filter(o => o.includes('doubling 5')).length, 1, 'the script ran once');
    assert.ok(outputs.some(o => o.includes('"total":12')), outputs.join(''));
  });

  it('terminates a stopped run', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const outputs: string[] = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    await stopAt(program, lineOf(SEQUENCE, 'set bump'));
    const terminated = client.waitForEvent('terminated', WAIT_MS);
    await client.terminateRequest({});
    await terminated;
    assert.ok(outputs.some(o => /cancelled/.test(o)), outputs.join(''));
  });
});
