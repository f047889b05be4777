// Runs started with an idempotency key (`StartOptions.key`): a second start of the workflow with
// the key is refused with `RunKeyTakenError`, whose `runId` is the first run and `sameInputs`
// whether it was asked for with the same inputs; nothing of the second is recorded or run.

import assert from 'node:assert/strict';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { RunKeyTakenError, type RunStore } from '../../../runtime/store/run-store.js';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { bundleOf, setNode, task, workflow, lit } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';
import { tempStoreFiles } from '../support/sqlite-files.js';

const tempFile = tempStoreFiles('weft-keys-');

const counted = workflow('Counted', { nodes: [task('a', 'ok'), setNode('b', { n: lit(2) })], edges: ['start -> a -> b -> end'], vars: { n: null }, inputs: { order: { type: { kind: 'string' }, default: lit('none') } } });

async function refusal(promise: Promise<unknown>): Promise<RunKeyTakenError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof RunKeyTakenError, `expected RunKeyTakenError, got ${String(err)}`);
  return err;
}

describe('Engine: runs started with an idempotency key', () => {
  for (const [name, make] of [['memory', () => new MemoryRunStore()], ['SQLite', () => new SqliteRunStore({ file: tempFile() })]] as const) {
    it(`starts one run per workflow and key, and refuses the next, saying which run has it and whether the inputs match (${name})`, async () => {
      const store: RunStore = make();
      const { engine } = harness({ store });
      const bundle = bundleOf(counted);
      const first = await engine.run(bundle, { key: 'order-17', inputs: { order: '17' } });
      assert.equal(first.status, 'completed');
      assert.equal((await store.getRun(first.runId))!.key, 'order-17');

      const again = await refusal(engine.run(bundle, { key: 'order-17', inputs: { order: '17' } }));
      assert.deepEqual([again.runId, again.sameInputs, again.workflow, again.key], [first.runId, true, 'Counted', 'order-17']);
      const other = await refusal(engine.start(bundle, { key: 'order-17', inputs: { order: '18' } }));
      assert.equal(other.sameInputs, false);
      assert.equal((await store.listRuns()).length, 1, 'nothing recorded for the refused starts');
      assert.deepEqual(engine.activeRuns(), []);

      // Another key, or none, starts runs as before.
      assert.equal((await engine.run(bundle, { key: 'order-18', inputs: { order: '18' } })).status, 'completed');
      assert.equal((await engine.run(bundle, { inputs: { order: '18' } })).status, 'completed');
      assert.equal((await store.listRuns()).length, 3);
      await store.close();
    });
  }

  it('refuses a key that is empty, too long or holds control characters, before recording anything', async () => {
    const store = new MemoryRunStore();
    const { engine } = harness({ store });
    const bundle = bundleOf(counted);
    await assert.rejects(engine.start(bundle, { key: '' }), /cannot be empty/);
    await assert.rejects(engine.start(bundle, { key: 'x'.repeat(256) }), /at most 255 characters \(this one 256\)/);
    await assert.rejects(engine.start(bundle, { key: 'a\nb' }), /control characters/);
    assert.equal((await store.listRuns()).length, 0);
  });
});
