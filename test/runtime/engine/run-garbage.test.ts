// Engine — what a finished run leaves to the garbage collector: its settle handlers are young
// objects. V8 allocates closures in the old generation (every closure made by unoptimised code,
// some made by optimised code); the run's arrow-function pair, dead with the run, then kept the
// run's whole young graph (state, journal, history) alive through scavenges until a full one.

import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { Engine } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';
import { bundleOf, join, task, workflow } from '../support/ir-builder.js';

// V8 parses a function's body at its first call and may parse it again after flushing its
// bytecode, so natives syntax stays allowed while these tests run (`before`/`after` below), not
// only while the function is made: in a process that had run other suites first, it was parsed
// without it and threw a SyntaxError.
let inYoungGeneration: (x: unknown) => boolean;

interface Handlers { pairOk?: unknown; pairErr?: unknown }

/** Where each run's handler functions were allocated, for `runs` runs of `bundle` (10-step runs: no two scavenges within one). */
async function handlersYoung(bundle: ReturnType<typeof bundleOf>, runs: number, spy: (fns: unknown[]) => void, execute: () => Promise<unknown> = () => Promise.resolve(null)): Promise<boolean[]> {
  const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), environment: {}, executors: { connector: { execute } } });
  const young: boolean[] = [];
  for (let i = 0; i < runs; i++) {
    const handle = await engine.start(bundle);
    const run = (engine as unknown as { runs: Map<string, Handlers> }).runs.get(handle.runId)!;
    await handle.outcome;
    const fns: unknown[] = [run.pairOk, run.pairErr];
    spy(fns);
    for (const fn of fns) young.push(inYoungGeneration(fn));
  }
  return young;
}

describe('engine: a finished run is young garbage', () => {
  before(() => {
    v8.setFlagsFromString('--allow-natives-syntax');
    inYoungGeneration = new Function('x', 'return %InYoungGeneration(x)') as (x: unknown) => boolean;
  });
  after(() => v8.setFlagsFromString('--no-allow-natives-syntax'));

  it('awaits its executors with handlers allocated in the young generation', async () => {
    const nodes = Array.from({ length: 10 }, (_, i) => task(`t${i}`, 'noop'));
    const wf = workflow('Seq', { nodes, edges: ['start -> ' + nodes.map((t) => t.id).join(' -> ') + ' -> end'] });
    const young = await handlersYoung(bundleOf(wf), 50, (fns) => assert.ok(fns.every((f) => typeof f === 'function')));
    assert.deepEqual(young.filter((y) => !y), [], 'no handler of a run was allocated old');
  });

  it('gives the other branches\' attempts handlers allocated in the young generation too', async () => {
    const branches = Array.from({ length: 5 }, (_, i) => task(`b${i}`, 'noop'));
    const wf = workflow('Par', { nodes: [...branches, join('j')], edges: [...branches.map((b) => `start -> ${b.id} -> j`), 'j -> end'] });
    const seen: boolean[] = [];
    // The executor's promise records where the handlers the engine awaits it with were allocated
    // (the run's pair and the branches' own), without touching the global Promise.prototype.
    class SpiedPromise<T> extends Promise<T> {
      override then<A = T, B = never>(ok?: ((value: T) => A | PromiseLike<A>) | null, err?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
        if (typeof ok === 'function' && typeof err === 'function') seen.push(inYoungGeneration(ok), inYoungGeneration(err));
        return super.then(ok, err);
      }
    }
    await handlersYoung(bundleOf(wf), 20, () => undefined, () => SpiedPromise.resolve(null));
    assert.ok(seen.length >= 20 * 5 * 2, `${seen.length} handlers seen`);
    assert.equal(seen.filter((young) => !young).length, 0, 'no handler was allocated old');
  });
});
