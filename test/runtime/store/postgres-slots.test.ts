// Locks and concurrency slots shared through a PostgreSQL store (`postgres-slots.ts`), against a
// real server (test/support/postgres-server.ts): the shared-slots contract between two stores (two
// workers' connections), a worker that dies holding a lock, tickets asked at the same moment,
// and two engines on two stores as two machines.

import assert from 'node:assert/strict';
import pg from 'pg';
import { Engine } from '../../../runtime/engine/engine.js';
import { bundleOf, input, task, workflow } from '../support/ir-builder.js';
import { testConnector, waitUntil } from '../support/engine-harness.js';
import { postgresStores } from '../support/postgres-stores.js';
import { holdsSoon, sharedSlotsContract } from './shared-slots-contract.js';

let schemas = 0;

describe('shared slots of a PostgreSQL store', function () {
  this.timeout(30_000);
  const stores = postgresStores();
  const storeIn = (schema: string, holder?: string) => stores.store(schema, holder);

  async function admin<T>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: stores.url() });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  sharedSlotsContract(() => {
    const schema = `slots${process.pid}_${++schemas}`;
    const a = storeIn(schema);
    const b = storeIn(schema);
    return { a: a.sharedSlots(), b: b.sharedSlots(), closeA: () => a.close() };
  });

  it('a worker whose session ends holding a lock (its process died) lets go of it: the next ticket holds, and the dead one is deleted', async () => {
    const schema = `slotsdead${process.pid}`;
    const a = storeIn(schema, 'slots worker gone');
    const b = storeIn(schema);
    const held = await a.sharedSlots().ask('lock:L', 1, { runId: 'r1', node: 'deploy' });
    assert.equal(held.holds, true);
    const waiting = await b.sharedSlots().ask('lock:L', 1, { runId: 'r2', node: 'deploy' });
    assert.equal(waiting.holds, false);
    // The worker's carrier session goes, as when its process is killed or its machine is lost.
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'slots worker gone%'`);
    assert.equal(await holdsSoon(b.sharedSlots(), 'lock:L', 1, waiting.ticket), true, 'the dead worker\'s ticket still counted');
    assert.deepEqual((await admin<{ run_id: string }>(`SELECT run_id FROM ${schema}.slots ORDER BY ticket`)).map((r) => r.run_id), ['r2']);
  });

  it('a store\'s first ask sweeps the tickets of dead workers on every key, not only its own', async () => {
    const schema = `slotssweep${process.pid}`;
    const a = storeIn(schema, 'slots worker swept');
    await a.sharedSlots().ask('lock:Other', 1, { runId: 'r1', node: 'n' });
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'slots worker swept%'`);
    // Until its session has ended (and let go of its token's lock).
    for (let i = 0; i < 100 && (await admin(`SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'slots worker swept%'`)).length; i++) await new Promise((r) => setTimeout(r, 20));
    const b = storeIn(schema);
    await b.sharedSlots().ask('lock:L', 1, { runId: 'r2', node: 'n' });
    assert.deepEqual((await admin<{ run_id: string }>(`SELECT run_id FROM ${schema}.slots ORDER BY ticket`)).map((r) => r.run_id), ['r2']);
  });

  it('tickets asked at the same moment by many connections: exactly one holds the lock', async () => {
    const schema = `slotsrace${process.pid}`;
    const stores = Array.from({ length: 6 }, () => storeIn(schema));
    for (let round = 0; round < 5; round++) {
      const asked = await Promise.all(stores.map((s, i) => s.sharedSlots().ask(`lock:R${round}`, 1, { runId: `r${i}`, node: 'n' })));
      assert.equal(asked.filter((t) => t.holds).length, 1, `round ${round}: ${JSON.stringify(asked)}`);
      // The one that holds is the first ticket.
      assert.equal(asked.find((t) => t.holds)!.ticket, Math.min(...asked.map((t) => t.ticket)));
    }
  });

  it('two engines on two stores (two machines) exclude each other on a lock', async () => {
    const schema = `slotsengines${process.pid}`;
    const work = workflow('Work', { nodes: [task('w', 'gate', [input('who')], { lock: 'L' })], edges: ['start -> w'], inputs: { who: {} } });
    const bundle = bundleOf(work);
    const sides = [storeIn(schema), storeIn(schema)].map((store) => {
      const connector = testConnector();
      return { connector, engine: new Engine({ store, environment: {}, executors: { connector } }) };
    });
    try {
      const a = await sides[0]!.engine.start(bundle, { runId: 'a', inputs: { who: 'a' } });
      await waitUntil(() => sides[0]!.connector.running.size === 1, 100_000);
      const b = await sides[1]!.engine.start(bundle, { runId: 'b', inputs: { who: 'b' } });
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(sides[1]!.connector.running.size, 0, 'the second machine ran its task under the first one\'s lock');
      sides[0]!.connector.gate('a').open();
      assert.equal((await a.outcome).status, 'completed');
      await waitUntil(() => sides[1]!.connector.running.size === 1, 1_000_000);
      sides[1]!.connector.gate('b').open();
      assert.equal((await b.outcome).status, 'completed');
      let left: unknown[] = [];
      for (let i = 0; i < 50; i++) {
        left = await admin(`SELECT ticket FROM ${schema}.slots`);
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.deepEqual(left, [], 'a ticket was left behind');
    } finally {
      for (const side of sides) side.engine.halt();
    }
  });
});
