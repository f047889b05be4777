// Engine — an event from outside (`weft emit` in another process, `POST /events`) wakes a store's
// unfinished runs (`deliverEvent` with `loadUnfinished`). A sub-run is woken through its parent,
// whose call re-takes its lock before it re-attaches: loaded on its own, the sub-run ran while its
// parent's call still queued for the lock, that is without it. With the lock free, the sub-run is
// re-attached before the event is delivered, so it still takes the event.

import assert from 'node:assert/strict';
import { bundleOf, lit, obj, sub, task, waitEvent, workflow } from '../support/ir-builder.js';
import { harness, waitUntil } from '../support/engine-harness.js';

/** `Caller` calls `Work` under lock "L"; Work waits for event `go`, then runs `after`. */
function flows() {
  const work = workflow('Work', { nodes: [waitEvent('ev', 'go'), task('after', 'ok', [lit(1)])], edges: ['start -> ev', 'ev -> after'] });
  const caller = workflow('Caller', { nodes: [sub('c', 'Work', { lock: 'L', with: obj({}) })], edges: ['start -> c'] });
  return bundleOf(caller, work);
}

/** Run `one` started on a first engine and halted (its process died) while its sub-run waits for `go`. */
async function crashedWhileWaiting() {
  const first = harness();
  await first.engine.start(flows(), { runId: 'one' });
  await waitUntil(() => first.engine.activeRuns().some((id) => id.startsWith('one.')));
  // Its wait is journaled.
  await new Promise((r) => setTimeout(r, 20));
  first.engine.halt();
  return first.store;
}

describe('engine: an event from outside wakes a sub-run through its parent', function () {
  this.timeout(20_000);

  it('does not run a sub-run whose parent\'s call queues for its lock: it waits for its parent', async () => {
    const store = await crashedWhileWaiting();
    const { engine, connector } = harness({ store });
    // Another run holds "L" now, its own sub-run waiting for `go` too.
    const two = await engine.start(flows(), { runId: 'two' });
    await waitUntil(() => engine.activeRuns().some((id) => id.startsWith('two.')));
    const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
    assert.ok(took.some((id) => id.startsWith('two.')), `took: ${took.join(', ')}`);
    assert.ok(!took.some((id) => id.startsWith('one.')), `one's sub-run took the event without its parent's lock: ${took.join(', ')}`);
    assert.equal((await two.outcome).status, 'completed');
    assert.deepEqual(connector.calls, ['after#1'], 'one\'s sub-run ran its task');
    // Once "L" is free, one's call takes it and re-attaches its sub-run, which waits for `go` again.
    await waitUntil(() => engine.activeRuns().some((id) => id.startsWith('one.')));
    const again = await engine.deliverEvent('go', null, {});
    assert.ok(again.some((id) => id.startsWith('one.')));
    await waitUntil(() => connector.calls.length === 2);
  });

  it('with the lock free, the woken parent re-attaches its sub-run before the event is delivered: the sub-run takes it', async () => {
    const store = await crashedWhileWaiting();
    const { engine, connector } = harness({ store });
    const took = await engine.deliverEvent('go', null, { loadUnfinished: true });
    assert.ok(took.some((id) => id.startsWith('one.')), `took: ${took.join(', ')}`);
    await waitUntil(() => connector.calls.length === 1);
    assert.equal((await engine.waitFor('one')).status, 'completed');
  });
});
