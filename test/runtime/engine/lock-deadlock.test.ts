// Engine — a task that would wait for ever for a lock or a concurrency slot its own callers hold
// (a recursive sub-workflow call under `limits { concurrency n }` nested deeper than n, or a
// lock its calling task holds) fails at once with `ConcurrencyDeadlock` / `LockDeadlock`
// (alias `Deadlock`) instead of hanging; calls that fit, and holders that are not its callers,
// still wait and run.

import assert from 'node:assert/strict';
import { bin, bundleOf, input, lit, member, obj, result, setNode, sub, task, workflow } from '../support/ir-builder.js';
import { fullTrace, harness, waitUntil } from '../support/engine-harness.js';
import type { WorkflowDefinition } from '../../../runtime/ir/index.js';

/** `Dig(n)` calls itself with n - 1 until n is 1; `depth` counts the calls below it. */
function dig(options: { concurrency?: number; lock?: string }, caught?: string): WorkflowDefinition {
  const limits = options.concurrency !== undefined ? { limits: { concurrency: options.concurrency } } : {};
  return workflow('Dig', {
    nodes: [
      setNode('bottom', { depth: lit(0) }),
      sub('rec', 'Dig', {
        with: obj({ n: bin('-', input('n'), lit(1)) }),
        sets: [{ target: 'depth', value: bin('+', member(result, 'depth'), lit(1)) }],
        ...limits, ...(options.lock !== undefined ? { lock: options.lock } : {}),
      }),
      ...(caught ? [setNode('stuck', { depth: lit(-1) })] : []),
    ],
    edges: [
      ['start -> bottom', { when: bin('<=', input('n'), lit(1)) }],
      ['start -> rec', { otherwise: true }],
      ...(caught ? [['rec -> stuck', { on: caught }] as [string, { on: string }]] : []),
    ],
    inputs: { n: {} },
    outputs: ['depth'],
  });
}

describe('engine: waits that can never end (ConcurrencyDeadlock, LockDeadlock)', function () {
  this.timeout(20_000);

  it('a recursive call under `limits { concurrency 2 }` three deep fails at once, naming the limit and the chain of calls', async () => {
    const { engine } = harness();
    const { runId, outcome } = await engine.start(bundleOf(dig({ concurrency: 2 })), { inputs: { n: 4 } });
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'ConcurrencyDeadlock');
    const chain = /^Task 'rec' of run (\S+) would wait for ever for a slot of its `limits \{ concurrency 2 \}`: all 2 slots are held by its callers while they wait for this run \(run (\S+) task 'rec' → run (\S+) task 'rec' → run \1 task 'rec'\)$/.exec(o.error!.message);
    assert.ok(chain, o.error!.message);
    assert.equal(chain[2], runId);
    assert.ok(chain[3]!.startsWith(`${runId}.`) && chain[1]!.startsWith(`${chain[3]}.`), o.error!.message);
    // Every level's slot went back with its failure: the limit is free for the next run.
    const again = await (await engine.start(bundleOf(dig({ concurrency: 2 })), { inputs: { n: 3 } })).outcome;
    assert.equal(again.status, 'completed');
    assert.deepEqual(again.outputs, { depth: 2 });
  });

  for (const name of ['ConcurrencyDeadlock', 'Deadlock']) {
    it(`is routable with \`on ${name}\` at the call that would wait`, async () => {
      const { engine } = harness();
      const o = await (await engine.start(bundleOf(dig({ concurrency: 2 }, name)), { inputs: { n: 5 } })).outcome;
      assert.equal(o.status, 'completed');
      // The third call caught it (depth -1); the two above it add their own level.
      assert.deepEqual(o.outputs, { depth: 1 });
      assert.deepEqual(fullTrace(o.state), ['rec:completed']);
    });
  }

  it('a recursive call that fits its limit runs to the bottom', async () => {
    const { engine } = harness();
    const o = await (await engine.start(bundleOf(dig({ concurrency: 3 })), { inputs: { n: 4 } })).outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.outputs, { depth: 3 });
  });

  it('a lock its calling task holds (no language check in between) fails the inner call with LockDeadlock', async () => {
    const { engine } = harness();
    const { runId, outcome } = await engine.start(bundleOf(dig({ lock: 'L' })), { inputs: { n: 3 } });
    const o = await outcome;
    assert.equal(o.status, 'failed');
    assert.equal(o.error?.name, 'LockDeadlock');
    assert.deepEqual(o.error?.aliases, ['Deadlock']);
    assert.match(o.error!.message, new RegExp(`^Task 'rec' of run ${runId.replace(/[.]/g, '\\.')}\\.\\d+ would wait for ever for lock "L": its callers hold it while they wait for this run \\(run ${runId} task 'rec' → run \\S+ task 'rec'\\)$`));
  });

  it('a slot held by another run\'s call is waited for, not a deadlock', async () => {
    const { engine, connector } = harness();
    // Two top-level runs, each calling Work under one lock: the second waits for the first.
    const work = workflow('Work', { nodes: [task('w', 'gate', [lit('g')])], edges: ['start -> w'] });
    const caller = workflow('Caller', { nodes: [sub('c', 'Work', { lock: 'L' })], edges: ['start -> c'] });
    const a = await engine.start(bundleOf(caller, work));
    await waitUntil(() => connector.running.size === 1);
    const b = await engine.start(bundleOf(caller, work));
    await waitUntil(() => engine.activeRuns().length === 3);
    assert.equal(connector.running.size, 1, 'the second call waits for the lock');
    connector.gate('g').open();
    assert.equal((await a.outcome).status, 'completed');
    assert.equal((await b.outcome).status, 'completed');
  });
});
