// `weft serve`'s look for runs left behind, on a PostgreSQL store that another worker shares (a
// real server: test/support/postgres-server.ts): hundreds of runs the other worker carries are
// left to it with one question to the store per look, not a refused claim per run, and taken
// over, every one, once that worker stops.

import assert from 'node:assert/strict';
import { Access } from '../../cli/serve/access.js';
import { WeftServer } from '../../cli/serve/weft-server.js';
import { Engine } from '../../runtime/engine/engine.js';
import { VirtualClock } from '../../runtime/engine/virtual-clock.js';
import { PostgresRunStore } from '../../runtime/store/postgres-run-store.js';
import { postgresServer } from '../support/postgres-server.js';
import { bundleOf, lit, setNode, waitEvent, workflow } from '../runtime/support/ir-builder.js';

/** Resolves once `done()` holds, looking every 20 ms; fails after `ms`. */
async function until(done: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('weft serve beside another worker on a PostgreSQL store', function () {
  this.timeout(60_000);
  const closing: Array<() => Promise<void>> = [];
  after(async () => { for (const close of closing.reverse()) await close().catch(() => undefined); });

  it('leaves the runs another worker carries to it with one look at the store, and takes them all over when it stops', async () => {
    const url = (await postgresServer()).url;
    const schema = `servelook${process.pid}`;
    const storeA = new PostgresRunStore({ url, schema, holder: 'worker A' });
    const storeB = new PostgresRunStore({ url, schema, holder: 'worker B' });
    closing.push(() => storeA.close(), () => storeB.close());
    const waits = bundleOf(workflow('Waits', { nodes: [waitEvent('go', 'go'), setNode('done', { out: lit(1) })], edges: ['start -> go -> done'], vars: {}, outputs: ['out'] }));
    const a = new Engine({ store: storeA, clock: new VirtualClock(0), environment: {} });
    const handles = await Promise.all(Array.from({ length: 300 }, () => a.start(waits)));
    await until(() => handles.every((h) => a.peek(h.runId)?.status === 'waiting'), 'the runs to wait');

    // B's claims and looks, counted on the real store.
    let claims = 0;
    let looks = 0;
    const claimRun = storeB.claimRun.bind(storeB);
    const heldElsewhere = storeB.heldElsewhere.bind(storeB);
    storeB.claimRun = (runId) => { claims++; return claimRun(runId); };
    storeB.heldElsewhere = (runIds) => { looks++; return heldElsewhere(runIds); };
    const b = new Engine({ store: storeB, clock: new VirtualClock(0), environment: {} });
    const lines: string[] = [];
    const server = new WeftServer({ bundles: [waits], access: Access.open(), log: (line) => lines.push(line), displayFile: (uri) => uri, adoptEveryMs: 50 });
    closing.push(() => server.close());
    await server.listen(b, '127.0.0.1', 0);
    await until(() => looks >= 5, 'five looks');
    assert.equal(claims, 0, 'no claim tried on a run held elsewhere');
    assert.deepEqual(b.activeRuns(), []);
    // Said at the start: the first ten one by one, the rest in one line.
    const said = lines.filter((line) => /^could not resume \S+ of Waits: Run \S+ is carried on by worker A on \S+; act on it there/.test(line));
    assert.equal(said.length, 10);
    assert.deepEqual(lines.filter((line) => /more unfinished run/.test(line)), [`…and ${handles.length - 10} more unfinished run(s) that other live processes carry, left to them`]);

    // A stops (its session, and its claims with it): B takes every run over and carries it on.
    a.halt();
    await storeA.close();
    await until(() => b.activeRuns().length === handles.length, 'B to take the runs over');
    assert.equal(lines.filter((line) => /^resumed \S+ of Waits: no live process carries it/.test(line)).length, handles.length);
    assert.equal((await b.deliverEvent('go', null)).length, handles.length);
    await until(() => b.activeRuns().length === 0, 'the runs to end');
    assert.equal((await storeB.listRuns({ status: 'completed' })).length, handles.length);
  });
});
