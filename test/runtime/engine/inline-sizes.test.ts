// Engine — the bytecode sizes the chain step's speed depends on (docs/runtime.md "Performance"):
// V8 inlines a function into its caller only when its bytecode is at most 460 bytes, and into one
// optimised function at most 920 bytes in all (`--max-inlined-bytecode-size[-cumulative]`).
// Measured in a child Node (`--print-bytecode`, a tool flag) running a three-task run.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { foldPlainStep } from '../../../runtime/journal/fold.js';
import { RunAttempts } from '../../../runtime/engine/run-attempts.js';
import { RunFastPaths } from '../../../runtime/engine/run-fast-paths.js';
import { RunTasks } from '../../../runtime/engine/run-tasks.js';
import { RunJoins } from '../../../runtime/engine/run-joins.js';
import { RunFailures } from '../../../runtime/engine/run-failures.js';
import { RunOutbound } from '../../../runtime/engine/run-outbound.js';

/** V8's default `--max-inlined-bytecode-size` (Node 22). */
const INLINE_LIMIT = 460;
/** V8's default `--max-inlined-bytecode-size-cumulative` (Node 22): all a function inlines. */
const INLINE_BUDGET = 920;

const engineUrl = new URL('../../../runtime/engine/engine.js', import.meta.url).href;
const clockUrl = new URL('../../../runtime/engine/clock.js', import.meta.url).href;
const storeUrl = new URL('../../../runtime/store/memory-run-store.js', import.meta.url).href;
const builderUrl = new URL('../support/ir-builder.js', import.meta.url).href;
const tableUrl = new URL('../../../runtime/engine/attempt-table.js', import.meta.url).href;
const tokensUrl = new URL('../../../runtime/journal/token-table.js', import.meta.url).href;

/**
 * The bytecode length V8 gives function `name` of the engine, after a three-task run has called
 * it (the largest, should another function of that name have run too).
 */
function bytecodeLength(name: string): number {
  const lengths = bytecodeLengths(name, RUN);
  assert.ok(lengths.length > 0, `no bytecode printed for ${name}`);
  return Math.max(...lengths);
}

/** The lengths of the functions named `name` that `script` compiles. */
function bytecodeLengths(name: string, script: string): number[] {
  const out = execFileSync(process.execPath, ['--print-bytecode', `--print-bytecode-filter=${name}`, '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lengths = [...out.matchAll(/^Bytecode length: (\d+)$/gm)].map((m) => Number(m[1]));
  return lengths;
}

/** The bytecode length of the one function named `name` that `call` compiles after `setup`. */
function addedLength(name: string, setup: string, call: string): number {
  const without = bytecodeLengths(name, setup);
  const added = bytecodeLengths(name, `${setup} ${call}`);
  for (const n of without) added.splice(added.indexOf(n), 1);
  assert.equal(added.length, 1, `one more function named ${name}`);
  return added[0]!;
}

/** A three-task run, so that the chain step and what it calls have run (and been compiled). */
const RUN = `
    const { Engine } = await import(${JSON.stringify(engineUrl)});
    const { RealClock } = await import(${JSON.stringify(clockUrl)});
    const { MemoryRunStore } = await import(${JSON.stringify(storeUrl)});
    const { bundleOf, task, workflow } = await import(${JSON.stringify(builderUrl)});
    const wf = workflow('Three', { nodes: [task('a', 'noop'), task('b', 'noop'), task('c', 'noop')], edges: ['start -> a -> b -> c -> end'] });
    const engine = new Engine({ store: new MemoryRunStore(), clock: new RealClock(), environment: {}, executors: { connector: { execute: () => Promise.resolve(null) } } });
    const outcome = await (await engine.start(bundleOf(wf))).outcome;
    if (outcome.status !== 'completed') throw new Error(outcome.status);
  `;
describe('engine: bytecode sizes of the chain step', function () {
  this.timeout(60000);

  it('keeps settleAttempt inlinable into the run\'s handler pair (its rare tail is settledOther)', () => {
    const n = bytecodeLength('settleAttempt');
    assert.ok(n <= INLINE_LIMIT, `settleAttempt is ${n} bytes of bytecode, over ${INLINE_LIMIT}`);
  });

  it('keeps what the chain step inlines within the cumulative budget (the fold, appender, attempt and table included)', () => {
    // What `chainStep` calls on every step (besides functions small enough to inline anyway);
    // the memory store's `appendStep`. `refreshStatus` counts unless the step's fold calls it
    // only on a branch (when the run is not running, or paused), which V8 does not inline.
    // A lower bound of what V8 charges: it also charges a callee with what the callee's own
    // optimised code inlined (`--trace-turbo-inlining`: "existing opt code's inlined bytecode
    // size"), so in the benchmark the step's final compile still leaves `foldPlainStep` out
    // (docs/benchmarks.md, "Session 9: the wall clock"). Growing this sum only makes that worse.
    const names = ['chainable', 'startExecutor', 'appendStep', 'foldPlainStep', 'setPhase', 'openExecution', 'TaskAttempt'];
    if (/^\s*refreshStatus\(/m.test(foldPlainStep.toString())) names.push('refreshStatus');
    const sizes: Record<string, number> = {};
    for (const name of names) sizes[name] = bytecodeLength(name);
    // Node's own functions named `set` compile too: the table's is the one a call to it adds.
    const table = `const { AttemptTable } = await import(${JSON.stringify(tableUrl)}); const t = new AttemptTable();`;
    sizes['AttemptTable.set'] = addedLength('set', table, 't.set(1, {});');
    const tokens = `const { TokenTable } = await import(${JSON.stringify(tokensUrl)}); const t = new TokenTable(); t.set(1, {});`;
    sizes['TokenTable.soleToken'] = bytecodeLengths('soleToken', `${tokens} t.soleToken(1);`)[0]!;
    const total = Object.values(sizes).reduce((a, b) => a + b, 0);
    assert.ok(total <= INLINE_BUDGET, `the chain step's callees are ${total} bytes of bytecode, over ${INLINE_BUDGET}: ${JSON.stringify(sizes)}`);
  });

  it('makes a run without a constructor of the scheduler\'s base classes (they declare their fields)', () => {
    // A field initialiser or a constructor in a base class makes V8 call that class's
    // constructor (and its members initialiser) through the generic construct stub on every
    // `new RunExecution`; with none in any base, V8 skips the chain and makes the object at once
    // (session 11). Read from the classes' own source as it runs (the build's output).
    const ownInit = /^ {2}(?!static\b)(?:constructor\s*\(|[#\w$]+\s*(?:=(?![=>])|;))/m;
    for (const cls of [RunAttempts, RunFastPaths, RunTasks, RunJoins, RunFailures, RunOutbound]) {
      const line = ownInit.exec(cls.toString())?.[0];
      assert.equal(line, undefined, `${cls.name} initialises a field or has a constructor ('${line?.trim()}'): declare the field and set it in RunExecution's constructor`);
    }
  });
});
