// Wire tests of debugging inside `foreach` and `region` with the standalone adapter: every
// iteration is a thread named after its instance path, a breakpoint on an inner node stops in
// the iteration its condition picks, step in on a foreach/region enters its body, and the
// Variables view shows the `as` item and the iteration's own inner results.
import assert from 'node:assert/strict';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { BATCHES } from './debug-fixtures.js';
import { WAIT_MS, launch, lineOf, scopeVariables, startClient, topFrame, untilStopped, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: foreach and region', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => { client = await startClient(); });
  afterEach(async () => { await client.stop(); });

  async function stopAt(program: string, line: number, condition?: string): Promise<number> {
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [condition ? { line, condition } : { line }] }));
    return ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
  }

  it('stops on an inner node in the iteration its condition picks, on a thread named after the iteration', async () => {
    const program = writeFixture('batches.weft', BATCHES);
    const thread = await stopAt(program, lineOf(BATCHES, 'set add'), 'n == 3');
    const frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Batches.each[2].add');
    assert.equal(frame.line, lineOf(BATCHES, 'set add'));
    const stack = (await client.stackTraceRequest({ threadId: thread })).body.stackFrames.map(f => f.name);
    assert.deepEqual(stack, ['Batches.each[2].add', 'Batches.each']);
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.find(t => t.id === thread)?.name, 'Batches each[2]');
  });

  it('shows the `as` item and the iteration\'s own inner results in an Iteration scope', async () => {
    const program = writeFixture('batches.weft', BATCHES);
    const thread = await stopAt(program, lineOf(BATCHES, 'set add'), 'n == 2');
    const frame = await topFrame(client, thread);
    assert.deepEqual(await scopeVariables(client, frame.id, 'Iteration each[1]'), { n: '2', sq: '4' });
    const value = await client.evaluateRequest({ expression: 'sq + n', frameId: frame.id, context: 'repl' });
    assert.equal(value.body.result, '6');
  });

  it('steps in on a foreach into the body of its first iteration', async () => {
    const program = writeFixture('batches.weft', BATCHES);
    const thread = await stopAt(program, lineOf(BATCHES, 'foreach each'));
    assert.equal((await topFrame(client, thread)).name, 'Batches.each');
    const event = await untilStopped(client, () => client.stepInRequest({ threadId: thread }));
    assert.equal(event.body.reason, 'step');
    const inner = event.body.threadId!;
    assert.notEqual(inner, thread, 'the iteration runs on its own thread');
    assert.equal((await topFrame(client, inner)).name, 'Batches.each[0].start');
    const next = await untilStopped(client, () => client.nextRequest({ threadId: inner }));
    const frame = await topFrame(client, next.body.threadId!);
    assert.equal(frame.name, 'Batches.each[0].sq');
    assert.deepEqual(await scopeVariables(client, frame.id, 'Node inputs (with)'), { n: '1' });
  });

  it('steps in on a region into its body and out again to the node after it', async () => {
    const program = writeFixture('batches.weft', BATCHES);
    const thread = await stopAt(program, lineOf(BATCHES, 'region crit'));
    const inEvent = await untilStopped(client, () => client.stepInRequest({ threadId: thread }));
    const inner = inEvent.body.threadId!;
    assert.equal((await topFrame(client, inner)).name, 'Batches.crit.start');
    const scopes = (await client.scopesRequest({ frameId: (await topFrame(client, inner)).id })).body.scopes.map(s => s.name);
    assert.ok(scopes.includes('Region crit'), scopes.join(', '));
    const outEvent = await untilStopped(client, () => client.stepOutRequest({ threadId: inner }));
    assert.equal(outEvent.body.threadId, thread);
    const frame = await topFrame(client, thread);
    assert.equal(frame.name, 'Batches.done');
    assert.deepEqual(await scopeVariables(client, frame.id, 'Variables'), { sum: '140' });
  });
});
