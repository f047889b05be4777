// Locks and concurrency slots shared through a SQLite store file (`sqlite-slots.ts`,
// `lock-manager.ts`): two stores on one file (two connections, as two processes have), and two
// engines on them, as the editor's and its debugger's are in one process. Between real
// processes: test/cli/lock-processes.test.ts; on PostgreSQL: postgres-slots.test.ts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Engine } from '../../../runtime/engine/engine.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { bundleOf, input, task, workflow } from '../support/ir-builder.js';
import { testConnector, waitUntil } from '../support/engine-harness.js';
import { sharedSlotsContract } from './shared-slots-contract.js';

describe('shared slots of a SQLite store file', function () {
  this.timeout(20_000);
  let dir: string;
  let file: string;
  const closing: Array<() => Promise<void> | void> = [];

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-slots-'));
    file = path.join(dir, 'runs.db');
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const store = () => {
    const s = new SqliteRunStore({ file });
    closing.push(() => s.close());
    return s;
  };

  sharedSlotsContract(() => {
    const a = store();
    const b = store();
    return { a: a.sharedSlots()!, b: b.sharedSlots()!, closeA: () => a.close() };
  });

  /** The rows of `slots` now, read on a connection of the test's own. */
  const rows = () => {
    const db = new DatabaseSync(file);
    try {
      return db.prepare('SELECT ticket, key, pid, run_id, node FROM slots ORDER BY ticket').all() as Array<{ ticket: number; key: string; pid: number; run_id: string; node: string }>;
    } finally {
      db.close();
    }
  };

  it('a ticket of a process that has died does not count, and is deleted (every key\'s, on the store\'s first ask)', () => {
    const a = store();
    const slots = a.sharedSlots()!;
    // A real process that asked for the lock and died holding it (SIGKILL: nothing released).
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const db = new DatabaseSync(file);
    const insert = db.prepare('INSERT INTO slots (key, capacity, pid, pid_start, run_id, node, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    insert.run('lock:L', 1, gone, '1', 'dead-run', 'hold', Date.now());
    // And one of a key nobody asks for again: swept by the store's first ask all the same.
    insert.run('lock:Other', 1, gone, '1', 'dead-run', 'other', Date.now());
    db.close();
    assert.equal(rows().length, 2);
    const mine = slots.ask('lock:L', 1, { runId: 'r', node: 'n' });
    assert.equal(mine.holds, true, 'the dead process\'s ticket was counted');
    assert.deepEqual(rows().map((r) => r.run_id), ['r'], 'its rows were not deleted');
  });

  it('a ticket of this process whose pid a later process was given again is not live either', () => {
    const a = store();
    const db = new DatabaseSync(file);
    db.prepare('INSERT INTO slots (key, capacity, pid, pid_start, run_id, node, asked_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run('lock:L', 1, process.pid, 'earlier', 'old-run', 'hold', Date.now());
    db.close();
    assert.equal(a.sharedSlots()!.ask('lock:L', 1, { runId: 'r', node: 'n' }).holds, true);
  });

  it('names the run and task of each ticket, for whoever reads the table', () => {
    const slots = store().sharedSlots()!;
    slots.ask('lock:L', 1, { runId: 'r1', node: 'deploy' });
    assert.deepEqual(rows().map((r) => [r.key, r.pid, r.run_id, r.node]), [['lock:L', process.pid, 'r1', 'deploy']]);
  });

  it('a store file in memory has no shared slots (nobody else can open it)', async () => {
    const s = new SqliteRunStore({ file: ':memory:' });
    assert.equal(s.sharedSlots(), undefined);
    await s.close();
  });

  describe('engines on two connections to one file', () => {
    const work = workflow('Work', {
      nodes: [task('w', 'gate', [input('who')], { lock: 'L' })],
      edges: ['start -> w'],
      inputs: { who: {} },
    });
    const limited = workflow('Limited', {
      nodes: [task('w', 'gate', [input('who')], { limits: { concurrency: 2 } })],
      edges: ['start -> w'],
      inputs: { who: {} },
    });
    const bundle = bundleOf(work, limited);

    /** An engine on a connection of its own to the file, with its own test connector (the tasks of one engine are seen only by it). */
    const engineOn = () => {
      const s = store();
      const connector = testConnector();
      const engine = new Engine({ store: s, environment: {}, executors: { connector } });
      closing.push(() => engine.halt());
      return { engine, connector, store: s };
    };

    it('exclude each other on a lock: the second engine\'s task starts only once the first\'s has ended', async () => {
      const one = engineOn();
      const two = engineOn();
      const waits: string[] = [];
      two.engine.onEvent((e) => { if (e.kind === 'slot-wait') waits.push(`${e.runId} ${e.node} ${e.slot} ${e.elsewhere ? 'elsewhere' : 'here'}`); });
      const a = await one.engine.start(bundle, { workflow: 'Work', runId: 'a', inputs: { who: 'a' } });
      await waitUntil(() => one.connector.running.size === 1);
      const b = await two.engine.start(bundle, { workflow: 'Work', runId: 'b', inputs: { who: 'b' } });
      // A run of the second engine's own queues behind b there, not in the store.
      const b2 = await two.engine.start(bundle, { workflow: 'Work', runId: 'b2', inputs: { who: 'b2' } });
      // b's engine has nothing of its own in the lock: only the file says that a holds it.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(two.connector.running.size, 0, 'the second engine ran its task under a lock the first holds');
      assert.deepEqual(rows().map((r) => r.run_id), ['a', 'b'], 'b2 should wait in its engine, without a ticket');
      one.connector.gate('a').open();
      assert.equal((await a.outcome).status, 'completed');
      await waitUntil(() => two.connector.running.size === 1, 100_000);
      two.connector.gate('b').open();
      assert.equal((await b.outcome).status, 'completed');
      await waitUntil(() => two.connector.running.size === 1, 100_000);
      two.connector.gate('b2').open();
      assert.equal((await b2.outcome).status, 'completed');
      assert.deepEqual(rows(), [], 'a ticket was left behind');
      // Each wait told once, with where the holder is.
      assert.deepEqual(waits, ['b w lock "L" elsewhere', 'b2 w lock "L" here']);
    });

    it('share a concurrency limit: at most two of three tasks run at once across the engines', async () => {
      const engines = [engineOn(), engineOn(), engineOn()];
      const running = () => engines.reduce((n, e) => n + e.connector.running.size, 0);
      const runs = [];
      for (const [i, id] of ['a', 'b', 'c'].entries()) {
        runs.push(await engines[i]!.engine.start(bundle, { workflow: 'Limited', runId: id, inputs: { who: id } }));
        if (i < 2) await waitUntil(() => running() === i + 1);
      }
      await waitUntil(() => rows().length === 3);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(running(), 2);
      assert.equal(engines[2]!.connector.running.size, 0, 'the third ran beside the two');
      assert.deepEqual(rows().map((r) => r.run_id), ['a', 'b', 'c']);
      engines[1]!.connector.gate('b').open();
      assert.equal((await runs[1]!.outcome).status, 'completed');
      await waitUntil(() => engines[2]!.connector.running.size === 1, 100_000);
      engines[0]!.connector.gate('a').open();
      engines[2]!.connector.gate('c').open();
      for (const run of runs) assert.equal((await run.outcome).status, 'completed');
      assert.deepEqual(rows(), []);
    });

    it('a run cancelled while its task waits for another engine\'s lock leaves the queue: its ticket goes, and the holder keeps the lock', async () => {
      const one = engineOn();
      const two = engineOn();
      const a = await one.engine.start(bundle, { workflow: 'Work', runId: 'a', inputs: { who: 'a' } });
      await waitUntil(() => one.connector.running.size === 1);
      const b = await two.engine.start(bundle, { workflow: 'Work', runId: 'b', inputs: { who: 'b' } });
      await waitUntil(() => rows().length === 2);
      await two.engine.cancel('b', 'test');
      assert.equal((await b.outcome).status, 'cancelled');
      assert.deepEqual(rows().map((r) => r.run_id), ['a']);
      // A third run waits for a, not for the cancelled one.
      const c = await two.engine.start(bundle, { workflow: 'Work', runId: 'c', inputs: { who: 'c' } });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(two.connector.running.size, 0);
      one.connector.gate('a').open();
      await a.outcome;
      await waitUntil(() => two.connector.running.size === 1, 100_000);
      two.connector.gate('c').open();
      assert.equal((await c.outcome).status, 'completed');
    });

    // As if its process died (`halt`), or as a process does when it is done with the store (`close`).
    for (const [what, stop] of [
      ['an engine that halts', (side: { engine: Engine }) => side.engine.halt()],
      ['a store closed under its engine', (side: { store: SqliteRunStore }) => side.store.close()],
    ] as const) {
      it(`${what} while it holds a lock gives its ticket back: the other engine's task goes on`, async () => {
        const one = engineOn();
        const two = engineOn();
        await one.engine.start(bundle, { workflow: 'Work', runId: 'a', inputs: { who: 'a' } });
        await waitUntil(() => one.connector.running.size === 1);
        const b = await two.engine.start(bundle, { workflow: 'Work', runId: 'b', inputs: { who: 'b' } });
        await waitUntil(() => rows().length === 2);
        await stop(one);
        await waitUntil(() => two.connector.running.size === 1, 100_000);
        two.connector.gate('b').open();
        assert.equal((await b.outcome).status, 'completed');
      });
    }
  });
});
