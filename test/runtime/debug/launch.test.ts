// Wire tests of launching and controlling a run with the standalone adapter: inputs from a
// file, scheduled events, a SQLite store, compile errors reported with file:line:col, pause
// while the run waits, and restart.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SEQUENCE, WAITING } from './debug-fixtures.js';
import { WAIT_MS, launch, lineOf, startClient, topFrame, untilStopped, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: launch and run control', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  let outputs: string[];
  beforeEach(async () => {
    client = await startClient();
    outputs = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
  });
  afterEach(async () => { await client.stop(); });

  it('takes inputs from @file and delivers scheduled events, recording in a SQLite store', async () => {
    const program = writeFixture('waiting.weft', WAITING);
    writeFileSync(path.join(path.dirname(program), 'in.json'), JSON.stringify({ who: 'ada' }));
    const exited = client.waitForEvent('exited', WAIT_MS);
    await launch(client, { program, input: '@in.json', events: [{ type: 'go', data: { n: 3 }, at: 60_000 }], store: 'runs.db' });
    assert.equal(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.ok(outputs.some(o => o.includes('"greeting":"hello ada 3"')), outputs.join(''));
    assert.ok(existsSync(path.join(path.dirname(program), 'runs.db')));
  });

  it('refuses to launch a file with errors, naming file:line:col', async () => {
    const program = writeFixture('broken.weft', 'workflow Broken {\n  set x { nope = 1 }\n  start -> x -> end\n}\n');
    await client.initializeRequest({ adapterID: 'weft', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(client.launchRequest({ program } as DebugProtocol.LaunchRequestArguments), /broken\.weft:2:\d+/);
  });

  it('gives the run the step budget and timeout of the launch configuration, and refuses a bad one', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const exited = client.waitForEvent('exited', WAIT_MS);
    await launch(client, { program, stepBudget: 2, timeout: '10m' });
    assert.notEqual(((await exited) as DebugProtocol.ExitedEvent).body.exitCode, 0);
    assert.ok(outputs.some(o => o.includes('StepBudgetExceeded')), outputs.join(''));
    const other = await startClient();
    try {
      await other.initializeRequest({ adapterID: 'weft', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
      await assert.rejects(other.launchRequest({ program, timeout: 'soon' } as DebugProtocol.LaunchRequestArguments), /The launch configuration's 'timeout' needs a duration/);
    } finally {
      await other.stop();
    }
  });

  it('pauses a run that waits for an event, showing where it waits', async () => {
    const program = writeFixture('waiting.weft', WAITING);
    // A logpoint on the wait tells the test that the branch has reached it.
    const reached = new Promise<void>(resolve => client.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.output === 'waiting for go\n') resolve(); }));
    await launch(client, { program, input: { who: 'bo' } }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(WAITING, 'wait go'), logMessage: 'waiting for go' }] }));
    await reached;
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 1);
    const paused = await untilStopped(client, () => client.pauseRequest({ threadId: threads[0]!.id }));
    assert.equal(paused.body.reason, 'pause');
    const frame = await topFrame(client, paused.body.threadId!);
    assert.equal(frame.name, 'Waiting.go');
    assert.equal(frame.line, lineOf(WAITING, 'wait go'));
  });

  it('restarts the run, which stops at the same breakpoint again', async () => {
    const program = writeFixture('main.weft', SEQUENCE);
    const line = lineOf(SEQUENCE, 'set bump');
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line }] }));
    await stopped;
    let terminated = 0;
    client.on('terminated', () => { terminated++; });
    const again = await untilStopped(client, () => client.restartRequest({}));
    assert.equal(again.body.reason, 'breakpoint');
    assert.equal((await topFrame(client, again.body.threadId!)).line, line);
    const runs = outputs.filter(o => o.startsWith('Debugging run'));
    assert.equal(runs.length, 2);
    assert.notEqual(runs[0], runs[1]);
    assert.equal(terminated, 0, 'the session goes on after a restart');
  });
});
