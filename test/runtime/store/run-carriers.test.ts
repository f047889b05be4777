// The carriers of a store's runs (`run-carriers.ts`, `engine-carrier.ts`): each carrier of a
// process has its own record, holding the runs its engine journals until they end; a live other
// process's record is found by run, this process's own are not "elsewhere", and a record whose
// process is gone is ignored and removed.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { carriedElsewhereIn, carrierElsewhereIn, carrierName, carrierOf, carriersDirFor, RunCarrier } from '../../../runtime/store/run-carriers.js';
import { liveServer, markerFileFor, writeServeMarker } from '../../../runtime/store/serve-marker.js';
import { ownProcessStart, processLives, processStartOf } from '../../../runtime/store/process-identity.js';
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
    assert.equal(editor.carriesAny(), true);
    assert.match(editor.name, new RegExp(`^${process.pid}-\\d+$`));
    debuggerCarrier.release();
    assert.equal(readdirSync(carriersDirFor(storeFile)).length, 1, 'a release removes only its own record');
    editor.release();
    assert.equal(editor.carriesAny(), false, 'released: it carries nothing, so it answers no request');
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
    assert.match(carriedElsewhereIn(storeFile)('run_x')!, new RegExp(`^Run run_x is carried by weft run \\(pid ${other.pid}, since 2026-11-27T00:00:00\\.000Z\\); act on it once that process has stopped, or stop it first \\(the process is alive; its record: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`));
    // Named for a request passed to it: the record's name, and how the answer names the process.
    assert.equal(carrierName(found!), `${other.pid}-1`);
    const elsewhere = carrierElsewhereIn(storeFile)('run_x');
    assert.deepEqual(elsewhere && [elsewhere.message, elsewhere.holder], [carriedElsewhereIn(storeFile)('run_x'), `weft run (pid ${other.pid})`]);
    assert.equal(carrierElsewhereIn(storeFile)('run_y'), undefined);
    other.kill('SIGKILL');
    await new Promise((resolve) => other.once('exit', resolve));
    assert.equal(carrierOf(storeFile, 'run_x'), undefined);
    assert.equal(existsSync(file), false, 'the stale record is removed');
  });

  it('takes a record whose pid another process has since been given for stale: it names when its process started', async function () {
    if (processStartOf(process.pid) === undefined) this.skip(); // no /proc here: the pid alone decides
    const carrier = new RunCarrier(storeFile, 'weft run');
    carrier.carry('run_mine');
    const mine = JSON.parse(readFileSync(path.join(carriersDirFor(storeFile), readdirSync(carriersDirFor(storeFile))[0]!), 'utf8')) as { pidStart?: string };
    assert.equal(mine.pidStart, ownProcessStart(), 'a record says when its process started');
    carrier.release();

    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => other.once('spawn', resolve));
      const start = processStartOf(other.pid!)!;
      assert.equal(processLives(other.pid!, start), true);
      assert.equal(processLives(other.pid!), true);
      const dirOf = carriersDirFor(storeFile);
      mkdirSync(dirOf, { recursive: true });
      // What a record of a process that died, and whose pid `other` was given later, looks like.
      const reused = path.join(dirOf, `${other.pid}-1.json`);
      writeFileSync(reused, JSON.stringify({ pid: other.pid, pidStart: String(Number(start) - 1), command: 'weft run', startedAt: '2026-11-27T00:00:00.000Z', runIds: ['run_x'] }));
      assert.equal(processLives(other.pid!, String(Number(start) - 1)), false);
      assert.equal(carrierOf(storeFile, 'run_x'), undefined, 'not carried: that process is gone');
      assert.equal(existsSync(reused), false, 'and its record is removed');
      writeFileSync(reused, JSON.stringify({ pid: other.pid, pidStart: start, command: 'weft run', startedAt: '2026-11-27T00:00:00.000Z', runIds: ['run_x'] }));
      assert.equal(carrierOf(storeFile, 'run_x')?.pid, other.pid, 'the same process: still its carrier');

      // A server's marker is read the same way.
      writeServeMarker(storeFile, 'http://127.0.0.1:1');
      assert.equal(liveServer(storeFile)?.pidStart, ownProcessStart());
      writeFileSync(markerFileFor(storeFile), JSON.stringify({ pid: other.pid, pidStart: String(Number(start) - 1), url: 'http://127.0.0.1:2', startedAt: '2026-11-27T00:00:00.000Z' }));
      assert.equal(liveServer(storeFile), undefined, 'a marker whose pid is another process\'s now is stale');
      writeFileSync(markerFileFor(storeFile), JSON.stringify({ pid: other.pid, pidStart: start, url: 'http://127.0.0.1:2', startedAt: '2026-11-27T00:00:00.000Z' }));
      assert.equal(liveServer(storeFile)?.url, 'http://127.0.0.1:2');
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
  });
});
