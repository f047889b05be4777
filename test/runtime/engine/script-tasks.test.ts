// Script tasks through the engine, in real worker threads: `with` in, the default export's
// value out, console lines as live log events, CPU and memory usage journaled with the result.

import assert from 'node:assert/strict';
import type { NodeDefinition } from '../../../runtime/ir/index.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import type { EngineEvent } from '../../../runtime/engine/engine-events.js';
import { bundleOf, lit, obj, R, taskOptions, workflow } from '../support/ir-builder.js';
import { harness } from '../support/engine-harness.js';

function script(id: string, code: string, options: Parameters<typeof taskOptions>[0] = {}): NodeDefinition {
  return { kind: 'script', id, range: R, nameRange: R, script: { code }, options: taskOptions(options) };
}

describe('engine script tasks', function () {
  this.timeout(20_000);

  it('runs the module with `with` as input and records its result, logs and usage', async () => {
    const { engine, store } = harness({ executors: defaultExecutors() });
    const logs: string[] = [];
    engine.onEvent((e: EngineEvent) => { if (e.kind === 'log') logs.push(`${e.node}:${e.message}`); });
    const wf = workflow('Script', {
      nodes: [script('calc', 'export default (input) => { console.log("adding"); return { sum: input.a + input.b }; }', { with: obj({ a: lit(2), b: lit(3) }) })],
      edges: ['start -> calc'],
    });
    const { runId, outcome } = await engine.start(bundleOf(wf));
    const o = await outcome;
    assert.equal(o.status, 'completed');
    assert.deepEqual(o.state.results.get('calc'), { sum: 5 });
    assert.deepEqual(logs, ['calc:adding']);
    const done = (await store.readEvents(runId)).find((e) => e.type === 'NodeCompleted' && e.node === 'calc');
    assert.ok(done && done.type === 'NodeCompleted' && typeof done.usage?.['cpuMs'] === 'number');
  });

  it('routes a script\'s thrown error by its name', async () => {
    const { engine } = harness({ executors: defaultExecutors() });
    const wf = workflow('ScriptFail', {
      nodes: [script('s', 'export default () => { const e = new Error("bad order"); e.name = "InvalidOrder"; throw e; }')],
      edges: ['start -> s'],
    });
    const o = await (await engine.start(bundleOf(wf))).outcome;
    assert.equal(o.error?.name, 'InvalidOrder');
    assert.match(o.error!.message, /bad order/);
  });
});
