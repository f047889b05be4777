// The contract of a store's shared slots (`RunStore.sharedSlots`), for every store that has them:
// `a` and `b` are two stores on one database, as two processes' would be.

import assert from 'node:assert/strict';
import type { SharedSlots } from '../../../runtime/store/run-store.js';

export interface SlotPair {
  a: SharedSlots;
  b: SharedSlots;
  /** Closes `a`'s store. */
  closeA(): Promise<void>;
}

/**
 * Whether `ticket` holds its slot within a second, looking every 10 ms (a release is sent
 * without waiting for it: on PostgreSQL it lands a round trip later).
 */
export async function holdsSoon(slots: SharedSlots, key: string, capacity: number, ticket: number): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await slots.holds(key, capacity, ticket)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

export function sharedSlotsContract(make: () => SlotPair | Promise<SlotPair>): void {
  describe('the shared-slots contract', () => {
    const who = (runId: string) => ({ runId, node: 'n' });

    it('a lock: the first ticket holds, one of the other store waits until it is released, then holds', async () => {
      const { a, b } = await make();
      const first = await a.ask('lock:L', 1, who('r1'));
      assert.equal(first.holds, true);
      const second = await b.ask('lock:L', 1, who('r2'));
      assert.equal(second.holds, false);
      assert.equal(await b.holds('lock:L', 1, second.ticket), false);
      a.release(first.ticket);
      assert.equal(await holdsSoon(b, 'lock:L', 1, second.ticket), true);
    });

    it('keys are apart, and a ticket once holding goes on holding while later ones come', async () => {
      const { a, b } = await make();
      const one = await a.ask('lock:L', 1, who('r1'));
      const other = await b.ask('lock:M', 1, who('r2'));
      assert.equal(one.holds, true);
      assert.equal(other.holds, true);
      await b.ask('lock:L', 1, who('r3'));
      assert.equal(await a.holds('lock:L', 1, one.ticket), true);
    });

    it('a concurrency limit: as many hold as its capacity, in the order asked', async () => {
      const { a, b } = await make();
      const t1 = await a.ask('concurrency:W/n', 2, who('r1'));
      const t2 = await b.ask('concurrency:W/n', 2, who('r2'));
      const t3 = await a.ask('concurrency:W/n', 2, who('r3'));
      const t4 = await b.ask('concurrency:W/n', 2, who('r4'));
      assert.deepEqual([t1.holds, t2.holds, t3.holds, t4.holds], [true, true, false, false]);
      b.release(t2.ticket);
      assert.equal(await holdsSoon(a, 'concurrency:W/n', 2, t3.ticket), true, 'the third in line did not move up');
      assert.equal(await b.holds('concurrency:W/n', 2, t4.ticket), false, 'the fourth jumped the line');
    });

    it('a released place in the queue is given up: the one behind it does not wait for it', async () => {
      const { a, b } = await make();
      const holder = await a.ask('lock:L', 1, who('r1'));
      const quitter = await b.ask('lock:L', 1, who('r2'));
      const behind = await a.ask('lock:L', 1, who('r3'));
      b.release(quitter.ticket);
      a.release(holder.ticket);
      assert.equal(await holdsSoon(a, 'lock:L', 1, behind.ticket), true);
    });

    it('tells what a run\'s tasks hold and wait for, with the live holders of each key', async () => {
      const { a, b } = await make();
      await a.ask('lock:L', 1, { runId: 'r1', node: 'deploy' });
      await b.ask('lock:L', 1, { runId: 'r2', node: 'deploy' });
      await b.ask('concurrency:W/n', 2, { runId: 'r2', node: 'n' });
      const view = async (runId: string) => (await b.ofRun(runId))
        .map((s) => [s.key, s.node, s.capacity, s.holds, s.holders.map((h) => `${h.runId}/${h.node}`)])
        .sort((x, y) => String(x[0]).localeCompare(String(y[0])));
      assert.deepEqual(await view('r2'), [['concurrency:W/n', 'n', 2, true, ['r2/n']], ['lock:L', 'deploy', 1, false, ['r1/deploy']]]);
      assert.deepEqual(await view('r1'), [['lock:L', 'deploy', 1, true, ['r1/deploy']]]);
      assert.deepEqual(await view('r3'), []);
      for (const s of await b.ofRun('r2')) for (const h of s.holders) assert.ok(h.by.length > 0, 'a holder\'s process is not named');
    });

    it('closing a store gives back the tickets it still had', async () => {
      const { a, b, closeA } = await make();
      await a.ask('lock:L', 1, who('r1'));
      const waiting = await b.ask('lock:L', 1, who('r2'));
      assert.equal(waiting.holds, false);
      await closeA();
      assert.equal(a.closed(), true);
      assert.equal(await b.holds('lock:L', 1, waiting.ticket), true);
    });
  });
}
