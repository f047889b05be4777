// Wire test of attaching the standalone adapter to a run that `weft run` left waiting in a
// SQLite store: the run's branch shows as a thread, pausing shows where it waits with its
// inputs, and detaching leaves the run waiting in the store (nothing journaled, nothing cancelled).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { distDir } from '../../support/paths.js';
import { WAITING } from './debug-fixtures.js';
import { WAIT_MS, scopeVariables, startClient, topFrame, untilStopped, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: attach', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  beforeEach(async () => { client = await startClient(); });
  afterEach(async () => { await client.stop(); });

  it('attaches to a waiting run of a store, pauses it and detaches without changing it', async () => {
    const program = writeFixture('waiting.weft', WAITING);
    const store = path.join(path.dirname(program), 'runs.db');
    const printed = execFileSync(process.execPath, [path.join(distDir, 'cli.cjs'), 'run', program, '--input', '{"who":"cy"}', '--store', store], { encoding: 'utf8' });
    const runId = /Run (\S+) of Waiting started/.exec(printed)?.[1];
    assert.ok(runId, printed);
    const before = new SqliteRunStore({ file: store });
    const eventsBefore = (await before.readEvents(runId)).length;
    await before.close();

    const initialized = client.waitForEvent('initialized', WAIT_MS);
    await client.initializeRequest({ adapterID: 'weft', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    const attached = client.attachRequest({ runId, store } as DebugProtocol.AttachRequestArguments);
    await initialized;
    await client.configurationDoneRequest();
    await attached;
    const threads = (await client.threadsRequest()).body.threads;
    assert.equal(threads.length, 1);
    const paused = await untilStopped(client, () => client.pauseRequest({ threadId: threads[0]!.id }));
    const frame = await topFrame(client, paused.body.threadId!);
    assert.equal(frame.name, 'Waiting.go');
    assert.deepEqual(await scopeVariables(client, frame.id, 'Inputs'), { who: '"cy"' });
    await client.disconnectRequest({});

    const after = new SqliteRunStore({ file: store });
    const record = await after.getRun(runId);
    const eventsAfter = (await after.readEvents(runId)).length;
    await after.close();
    assert.equal(record?.status, 'running');
    assert.equal(eventsAfter, eventsBefore);
  });

  it('refuses to attach to a run that is not in the store', async () => {
    const program = writeFixture('waiting.weft', WAITING);
    const store = path.join(path.dirname(program), 'runs.db');
    execFileSync(process.execPath, [path.join(distDir, 'cli.cjs'), 'run', program, '--input', '{"who":"cy"}', '--store', store], { encoding: 'utf8' });
    await client.initializeRequest({ adapterID: 'weft', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
    await assert.rejects(client.attachRequest({ runId: 'run_nope', store } as DebugProtocol.AttachRequestArguments), /No run run_nope/);
  });
});
