// Test support — a script run in a Node process of its own, for tests about V8's heap (shapes,
// generations) that the shared test process would already have shaped: natives syntax and `gc()`
// are on, the engine's modules are imported, and what the script prints is its JSON result.

import { execFileSync } from 'node:child_process';

const url = (file: string): string => JSON.stringify(new URL(file, import.meta.url).href);

/**
 * Runs `body` (an ES module body: top-level `await`, V8 natives such as `%InYoungGeneration`) with
 * `Engine`, `RealClock`, `MemoryRunStore`, `bundleOf`, `task` and `workflow` in scope, and returns
 * the JSON it printed with `console.log`, parsed.
 */
export function inFreshEngineProcess(body: string): unknown {
  const script = `
    const { Engine } = await import(${url('../../../runtime/engine/engine.js')});
    const { RealClock } = await import(${url('../../../runtime/engine/clock.js')});
    const { MemoryRunStore } = await import(${url('../../../runtime/store/memory-run-store.js')});
    const { bundleOf, task, workflow } = await import(${url('./ir-builder.js')});
    ${body}`;
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out);
}
