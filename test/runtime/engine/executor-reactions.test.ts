// Engine — how a run hears its executors settle (`RunAttempts.runExecutor`): one handler pair
// per run awaits one attempt at a time, other attempts get their own; a promise that settles
// after its attempt was given up (a timeout) never settles the attempt that followed it.

import assert from 'node:assert/strict';
import { RealClock } from '../../../runtime/engine/clock.js';
import type { TaskContext } from '../../../runtime/engine/task-executor.js';
import { bundleOf, task, workflow } from '../support/ir-builder.js';
import { fullTrace, harness } from '../support/engine-harness.js';

interface Deferred {
  promise: Promise<unknown>;
  resolve(value: unknown): void;
}

function deferred(): Deferred {
  let resolve!: (value: unknown) => void;
  const promise = new Promise<unknown>((r) => { resolve = r; });
  return { promise, resolve };
}

/** An executor whose every call returns a promise the test settles, by node id. */
function heldExecutor(): { execute(ctx: TaskContext): Promise<unknown>; held: Map<string, Deferred> } {
  const held = new Map<string, Deferred>();
  return {
    held,
    execute(ctx: TaskContext) {
      const d = deferred();
      held.set(ctx.node.id, d);
      return d.promise;
    },
  };
}

/** Waits, on the real clock (the 20 ms timeout must pass), until the executor was called for `id`. */
async function calledFor(executor: { held: Map<string, Deferred> }, id: string): Promise<Deferred> {
  for (let waited = 0; waited < 5000; waited += 2) {
    const d = executor.held.get(id);
    if (d) return d;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`no call for '${id}'`);
}

/** `slow` times out into `next`, which leads to `last`. */
function timeoutChain() {
  return bundleOf(workflow('LateSettlement', {
    nodes: [task('slow', 'hang', [], { timeoutMs: 20 }), task('next', 'x'), task('last', 'x')],
    edges: [['slow -> next', { timeout: true }], 'start -> slow', 'next -> last'],
  }));
}

describe('executor settlements (RunAttempts.runExecutor)', () => {
  it('ignores a timed-out attempt settling after the next task started, and completes the next task with its own result', async () => {
    const executor = heldExecutor();
    const { engine } = harness({ clock: new RealClock(), executors: { connector: executor } });
    const run = await engine.start(timeoutChain());
    const next = await calledFor(executor, 'next');
    executor.held.get('slow')!.resolve('late');
    await new Promise((r) => setImmediate(r));
    next.resolve('own');
    (await calledFor(executor, 'last')).resolve('third');
    const o = await run.outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state), ['slow:failed', 'next:completed', 'last:completed']);
    assert.equal(o.state.results.get('slow'), undefined);
    assert.equal(o.state.results.get('next'), 'own');
    assert.equal(o.state.results.get('last'), 'third');
  });

  it('completes the next task when it settles before the timed-out attempt does', async () => {
    const executor = heldExecutor();
    const { engine } = harness({ clock: new RealClock(), executors: { connector: executor } });
    const run = await engine.start(timeoutChain());
    (await calledFor(executor, 'next')).resolve('own');
    const last = await calledFor(executor, 'last');
    executor.held.get('slow')!.resolve('late');
    await new Promise((r) => setImmediate(r));
    last.resolve('third');
    const o = await run.outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(fullTrace(o.state), ['slow:failed', 'next:completed', 'last:completed']);
    assert.equal(o.state.results.get('next'), 'own');
    assert.equal(o.state.results.get('last'), 'third');
  });
});
