// Run-time type checks of `set` into typed vars and outputs (docs/runtime.md, "Typed
// assignments"): compiled from real .weft text, run by the engine with real script workers.
// A value the checker could not prove (a script result) is checked against the declared type and
// fails the assigning node with `ValueTypeError`; a proven assignment carries no check in the IR.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import { defaultExecutors } from '../../../runtime/engine/default-executors.js';
import type { Assignment, NodeDefinition, WorkflowBundle } from '../../../runtime/ir/index.js';
import { isTaskNode } from '../../../runtime/ir/index.js';
import { harness } from '../support/engine-harness.js';

let dir: string;

async function compile(source: string): Promise<WorkflowBundle> {
  const file = path.join(dir, `w${Math.random().toString(36).slice(2)}.weft`);
  writeFileSync(file, source);
  const compiled = await compileWorkflow(file);
  if (!compiled.ok) assert.fail(`does not compile: ${JSON.stringify(compiled)}`);
  return compiled.bundle;
}

/** The assignments of node `id` of the entry workflow (a set node's or a task's `set`). */
function assignmentsOf(bundle: WorkflowBundle, id: string): Assignment[] {
  const node = bundle.workflows[bundle.entry]!.nodes.find((n: NodeDefinition) => n.id === id)!;
  if (node.kind === 'set') return node.assignments;
  if (isTaskNode(node)) return node.options.sets;
  return assert.fail(`${id} assigns nothing`);
}

async function run(bundle: WorkflowBundle, inputs: Record<string, unknown> = {}) {
  const { engine, store } = harness({ executors: defaultExecutors() });
  const { runId, outcome } = await engine.start(bundle, { inputs });
  return { outcome: await outcome, events: await store.readEvents(runId) };
}

/** A script returning `value` (JSON text), assigned to `output o: <type>` by the task's `set`. */
const returning = (type: string, value: string, extra = '') => `
workflow W {
  output o: ${type}
  ${extra}
  task s: script """ export default () => (${value}) """ { set o = result }
  start -> s -> end
}
`;

describe('engine: run-time type checks of assignments', function () {
  this.timeout(60_000);
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'weft-assign-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fails the task whose `set` puts a wrong-typed script result into a typed output, with ValueTypeError', async () => {
    const bundle = await compile(returning('number', '"not a number"'));
    assert.deepEqual(assignmentsOf(bundle, 's')[0]!.check, { kind: 'number' });
    const { outcome, events } = await run(bundle);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error?.name, 'ValueTypeError');
    assert.equal(outcome.error?.node, 's');
    assert.equal(outcome.error?.message, "output 'o' is declared number; the value set to it is not: expected number, got string");
    // Nothing half-assigned: no output holds the wrong value and the node failed, not completed.
    assert.equal(outcome.outputs['o'] ?? null, null);
    assert.ok(events.some((e) => e.type === 'NodeFailed' && e.node === 's' && e.error.name === 'ValueTypeError'));
    assert.ok(!events.some((e) => e.type === 'NodeCompleted' && e.node === 's'));
  });

  it('lets `on ValueTypeError` catch it, after a task and after a set node', async () => {
    const bundle = await compile(`
workflow W {
  output o: number
  output fallback: string
  task s: script """ export default () => ({ n: "7" }) """ { set o = result.n }
  set x { o = s.n }
  set caught { fallback = "caught" }
  start -> s -> end
  s -> caught on ValueTypeError
  x -> caught on ValueTypeError
}
`);
    const { outcome } = await run(bundle);
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.error));
    assert.equal(outcome.outputs['fallback'], 'caught');
    assert.equal(outcome.outputs['o'] ?? null, null);

    const viaSetNode = await compile(`
workflow W {
  output o: number
  output fallback: string
  task s: script """ export default () => ({ n: "7" }) """
  set x { o = s.n }
  set caught { fallback = "caught" }
  start -> s -> x -> end
  x -> caught on ValueTypeError
}
`);
    assert.deepEqual(assignmentsOf(viaSetNode, 'x')[0]!.check, { kind: 'number' });
    const second = await run(viaSetNode);
    assert.equal(second.outcome.status, 'completed', JSON.stringify(second.outcome.error));
    assert.equal(second.outcome.outputs['fallback'], 'caught');
  });

  it('passes a right-typed value and stores it', async () => {
    const { outcome } = await run(await compile(returning('number', '42')));
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.error));
    assert.equal(outcome.outputs['o'], 42);
  });

  it('leaves an `any` output unchecked: no check in the IR, any value accepted', async () => {
    const bundle = await compile(returning('any', '"anything"'));
    assert.equal(assignmentsOf(bundle, 's')[0]!.check, undefined);
    const { outcome } = await run(bundle);
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.outputs['o'], 'anything');
  });

  it('adds no check where the checker proves the value fits', async () => {
    const bundle = await compile(`
type Item { sku: string, qty: number }
workflow W {
  input n: number
  input pause: duration = 5s
  output total: number
  output item: Item
  output label: string
  var spent: number = 0
  var tags: list<string> = []
  set x { total = n * 2, spent = pause, item = { sku: "a", qty: n }, label = "n is \${n}", tags = [] }
  task c: workflow Child { with { m: n } }
  set y { total = c.doubled }
  start -> x -> c -> y -> end
}
workflow Child {
  input m: number
  output doubled: number
  set d { doubled = m * 2 }
  start -> d -> end
}
`);
    for (const id of ['x', 'y']) {
      for (const a of assignmentsOf(bundle, id)) assert.equal(a.check, undefined, `${id}: ${a.target}`);
    }
    for (const v of bundle.workflows[bundle.entry]!.variables) assert.equal(v.initialCheck, undefined, v.name);
    const { outcome } = await run(bundle, { n: 3 });
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.error));
    assert.equal(outcome.outputs['total'], 6);
  });

  it('takes null (what an unset output holds) at the top, not inside a value', async () => {
    const bundle = await compile(`
workflow W {
  input n: number?
  output o: number
  output pair: { a: number }
  set x { o = n }
  set y { pair = { a: n } }
  start -> x -> y -> end
}
`);
    assert.equal(assignmentsOf(bundle, 'x')[0]!.check, undefined);
    assert.deepEqual(assignmentsOf(bundle, 'y')[0]!.check, { kind: 'object', fields: [{ name: 'a', type: { kind: 'number' }, optional: false }] });
    const given = await run(bundle, { n: 4 });
    assert.deepEqual(given.outcome.outputs, { o: 4, pair: { a: 4 } });
    const absent = await run(bundle);
    assert.equal(absent.outcome.error?.name, 'ValueTypeError');
    assert.equal(absent.outcome.error?.node, 'y');
    assert.equal(absent.outcome.error?.message, "output 'pair' is declared { a: number }; the value set to it is not: a: expected number, got null");
    const fromScript = await run(await compile(returning('number', 'null')));
    assert.equal(fromScript.outcome.status, 'completed');
  });

  it('checks named types field by field and names the path, and vars as well as outputs', async () => {
    const bundle = await compile(`
type Item { sku: string, qty: number }
workflow W {
  output item: Item
  var items: list<Item> = []
  task s: script """ export default () => ({ sku: "a", qty: "2" }) """ { set item = result }
  task t: script """ export default () => [{ sku: "a", qty: 1 }, { sku: 2, qty: 1 }] """ { set items = result }
  start -> t -> s -> end
}
`);
    assert.deepEqual(assignmentsOf(bundle, 's')[0]!.check, { kind: 'named', name: 'Item' });
    const { outcome } = await run(bundle);
    assert.equal(outcome.error?.node, 't');
    assert.equal(outcome.error?.message, "var 'items' is declared list<Item>; the value set to it is not: [1].sku: expected string, got number");
    const fixed = await compile(`
type Item { sku: string, qty: number }
workflow W {
  output item: Item
  task s: script """ export default () => ({ sku: "a", qty: "2" }) """ { set item = result }
  start -> s -> end
}
`);
    const second = await run(fixed);
    assert.equal(second.outcome.error?.message, "output 'item' is declared Item; the value set to it is not: qty: expected number, got string");
  });

  it('takes a duration as milliseconds only: "5s" from a script is not a duration', async () => {
    const text = await run(await compile(returning('duration', '"5s"')));
    assert.equal(text.outcome.error?.name, 'ValueTypeError');
    const ms = await run(await compile(returning('duration', '5000')));
    assert.equal(ms.outcome.outputs['o'], 5000);
  });

  it('never puts the value in the message, so a secret in it cannot leak', async () => {
    const { outcome, events } = await run(await compile(returning('number', '{ token: "hunter2-very-secret" }')));
    assert.equal(outcome.error?.name, 'ValueTypeError');
    assert.doesNotMatch(JSON.stringify(events.filter((e) => e.type !== 'NodeStarted' && e.type !== 'RunStarted')), /hunter2/);
  });

  it('runs a bundle compiled before the check existed (no `check`) without checking', async () => {
    const bundle = await compile(returning('number', '"not a number"'));
    for (const a of assignmentsOf(bundle, 's')) delete a.check;
    const { outcome } = await run(bundle);
    assert.equal(outcome.status, 'completed');
    assert.equal(outcome.outputs['o'], 'not a number');
  });
});
