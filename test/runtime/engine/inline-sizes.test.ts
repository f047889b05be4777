// Engine — the bytecode sizes the chain step's speed depends on (docs/runtime.md "Performance"):
// V8 inlines a function into its caller only when its bytecode is at most 460 bytes
// (`--max-inlined-bytecode-size`), so these functions must stay under that to be inlined where
// the step calls them. Measured in a child Node (`--print-bytecode`, a tool flag) running a run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** V8's default `--max-inlined-bytecode-size` (Node 22). */
const INLINE_LIMIT = 460;

const engineUrl = new URL('../../../runtime/engine/engine.js', import.meta.url).href;
const clockUrl = new URL('../../../runtime/engine/clock.js', import.meta.url).href;
const storeUrl = new URL('../../../runtime/store/memory-run-store.js', import.meta.url).href;
const builderUrl = new URL('../support/ir-builder.js', import.meta.url).href;

/** The bytecode length V8 gives function `name` of the engine, after a three-task run has called it. */
function bytecodeLength(name: string): number {
  const script = `
    const { Engine } = await import(${JSON.stringify(engineUrl)});
    const { RealClock } = await import(${JSON.stringify(clockUrl)});
    const { MemoryRunStore } = await import(${JSON.stringify(storeUrl)});
    const { bundleOf, task, workflow } = await import(${JSON.stringify(builderUrl)});
    const wf = workflow('Three', { nodes: [task('a', 'noop'), task('b', 'noop'), task('c', 'noop')], edges: ['start -> a -> b -> c -> end'] });
    const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
    const outcome = await (await engine.start(bundleOf(wf))).outcome;
    if (outcome.status !== 'completed') throw new Error(outcome.status);
  `;
  const out = execFileSync(process.execPath, ['--print-bytecode', `--print-bytecode-filter=${name}`, '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lengths = [...out.matchAll(/^Bytecode length: (\d+)$/gm)].map((m) => Number(m[1]));
  assert.ok(lengths.length > 0, `no bytecode printed for ${name}`);
  return Math.max(...lengths);
}

describe('engine: bytecode sizes of the chain step', function () {
  this.timeout(60000);

  it('keeps settleAttempt inlinable into the run\'s handler pair (its rare tail is settledOther)', () => {
    const n = bytecodeLength('settleAttempt');
    assert.ok(n <= INLINE_LIMIT, `settleAttempt is ${n} bytes of bytecode, over ${INLINE_LIMIT}`);
  });
});
