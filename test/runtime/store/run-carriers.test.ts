// The carriers of a store's runs (`run-carriers.ts`, `engine-carrier.ts`): each carrier of a
// process has its own record, holding the runs its engine journals until they end; a live other
// process's record is found by run, this process's own are not "elsewhere", and a record whose
// process is gone is ignored and removed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { carriedElsewhereIn, carrierOf, carriersDirFor, RunCarrier } from '../../../runtime/store/run-carriers.js';
import { recordCarriedRuns } from '../../../runtime/engine/engine-carrier.js';
import { bundleOf, setNode, waitEvent, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

describe('run carriers', () => {
  let dir: string;
  let storeFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-carrier-'));
    storeFile = path.join(dir, 'runs.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one record per carrier of this process, and does not count them as elsewhere', () => {
    const editor = new RunCarrier(storeFile, 'VS Code');
    const debuggerCarrier = new RunCarrier(storeFile, 'the Weft debugger');
    editor.carry('run_a');
    debuggerCarrier.carry('run_b');
    editor.carry('run_a');
    assert.equal(readdirSync(carriersDirFor(storeFile)).length, 2);
    assert.equal(carrierOf(storeFile, 'run_a'), undefined, 'this process carries it: not elsewhere');
    debuggerCarrier.release();
    assert.equal(readdirSync(carriersDirFor(storeFile)).length, 1, 'a release removes only its own record');
    editor.release();
    editor.carry('run_c');
    assert.deepEqual(readdirSync(carriersDirFor(storeFile)), [], 'a released carrier records nothing more');
  });

  it('records the runs an engine journals while they go on, drops each when it ends, and goes with release', async () => {
    const { engine, clock } = harness();
    const carried = recordCarriedRuns(engine, storeFile, 'weft run');
    const records = () => readdirSync(carriersDirFor(storeFile)).map((f) => (JSON.parse(readFileSync(path.join(carriersDirFor(storeFile), f), 'utf8')) as { pid: number; command: string; runIds: string[] }));
    const waiting = await engine.start(bundleOf(workflow('Waits', { nodes: [waitEvent('w', 'go')], edges: ['start -> w -> end'] })));
    const done = await engine.run(bundleOf(workflow('Quick', { nodes: [setNode('s')], edges: ['start -> s -> end'] })));
    await clock.whenIdle();
    assert.deepEqual(records().map((r) => [r.pid, r.command, r.runIds]), [[process.pid, 'weft run', [waiting.runId]]], 'the run that goes on, not the one that ended');
    assert.equal(done.status, 'completed');
    await engine.deliverEvent('go', null);
    await waiting.outcome;
    assert.deepEqual(records()[0]!.runIds, []);
    carried.release();
    assert.deepEqual(readdirSync(carriersDirFor(storeFile)), []);
  });

  it('finds the live process that carries a run, and ignores and removes a record whose process is gone', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    await new Promise((resolve) => other.once('spawn', resolve));
    const dirOf = carriersDirFor(storeFile);
    mkdirSync(dirOf, { recursive: true });
    writeFileSync(path.join(dirOf, 'x.json'), '{'); // being written, or not ours: skipped
    const file = path.join(dirOf, `${other.pid}-1.json`);
    writeFileSync(file, JSON.stringify({ pid: other.pid, command: 'weft run', startedAt: '2026-11-27T00:00:00.000Z', runIds: ['run_x'] }));
    const found = carrierOf(storeFile, 'run_x');
    assert.deepEqual(found && [found.pid, found.command, found.file], [other.pid, 'weft run', file]);
    assert.equal(carrierOf(storeFile, 'run_y'), undefined);
    assert.match(carriedElsewhereIn(storeFile)('run_x')!, new RegExp(`^Run run_x is carried by weft run \\(pid ${other.pid}, since 2026-11-27T00:00:00\\.000Z\\); act on it once that process has stopped, or stop it first \\(a record left by a process that no longer exists: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    assert.equal(carrierOf(storeFile, 'run_x'), undefined);
    assert.equal(existsSync(file), false, 'the stale record is removed');
  });
});
