// What stops a run from starting, over a bundle compiled from a real file: every problem at
// once (secrets, unknown, missing and ill-typed inputs), each with its code and the range of the
// declaration it is about; `startProblems` (the CLI's check before it opens a store) and
// `Engine.start` (which rejects and records nothing) agree.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import { Engine, RunStartError } from '../../../runtime/engine/engine.js';
import { RealClock } from '../../../runtime/engine/clock.js';
import { startProblems, startValues, NO_START_VALUES } from '../../../runtime/engine/run-start-values.js';
import type { WorkflowBundle } from '../../../runtime/ir/workflow-definition.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';

const SOURCE = `type Order {
  id: string
  amount: number
}

workflow Checkout {
  secret apiKey = env("CHECKOUT_KEY")
  input order: Order
  input note: string?
  input retries: number = 3
  var seen: number = retries + 1
  start -> end
}

workflow Bare {
  start -> end
}

workflow Intake {
  input raw: any
  var count: number = raw.count
  var label: string = "fixed"
  var names: list<string> = []
  start -> end
}
`;

/** 0-based line and character of the first occurrence of `needle` in SOURCE. */
function at(needle: string): { line: number; character: number } {
  const lines = SOURCE.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line, character: lines[line]!.indexOf(needle) };
}

describe('what a run starts with, and what stops it', function () {
  this.timeout(60_000);
  let dir: string;
  let uri: string;
  let bundle: WorkflowBundle;
  const clock = new RealClock();
  const env = { CHECKOUT_KEY: 'k-123' };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'weft-start-'));
    const file = path.join(dir, 'checkout.weft');
    writeFileSync(file, SOURCE);
    uri = pathToFileURL(file).href;
    const compiled = await compileWorkflow(file);
    assert.ok(compiled.ok, JSON.stringify(!compiled.ok && compiled.diagnostics));
    bundle = compiled.bundle;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives secrets, inputs with their defaults and variables with their initial values', () => {
    const values = startValues(bundle, bundle.workflows.Checkout!, { order: { id: 'o1', amount: 5 } }, env, clock);
    assert.deepEqual(values, { secrets: { apiKey: 'k-123' }, inputs: { order: { id: 'o1', amount: 5 }, note: null, retries: 3 }, variables: { seen: 4 } });
    assert.deepEqual(startProblems(bundle, { workflow: 'Checkout', inputs: { order: { id: 'o1', amount: 5 } } }, env, clock), []);
  });

  it('reports every problem at once, each with its code and its declaration', () => {
    const problems = startProblems(bundle, { workflow: 'Checkout', inputs: { order: { id: 7 }, notes: 'x' } }, {}, clock);
    assert.deepEqual(problems.map((p) => [p.code, p.message, p.range?.uri, p.range?.start]), [
      ['secret-unset', 'secret apiKey: environment variable CHECKOUT_KEY is not set', uri, at('secret apiKey')],
      ['input-unknown', "unknown input 'notes' (its inputs are 'order', 'note', 'retries')", uri, at('workflow Checkout')],
      ['input-type', "input 'order': id: expected string, got number\namount: missing required field of type number", uri, at('input order')],
    ]);
  });

  it('names the type of a missing input as it was written', () => {
    const problems = startProblems(bundle, { workflow: 'Checkout' }, env, clock);
    assert.deepEqual(problems.map((p) => [p.code, p.message, p.range?.start]), [['input-missing', "missing input 'order' (Order)", at('input order')]]);
  });

  it('reports an unknown workflow and an input given to a workflow that declares none', async () => {
    assert.deepEqual(startProblems(bundle, { workflow: 'Nope' }, env, clock).map((p) => [p.code, p.message, p.range]), [
      ['unknown-workflow', "The bundle has no workflow 'Nope' (it has: Checkout)", undefined],
    ]);
    const compiled = await compileWorkflow(path.join(dir, 'checkout.weft'), 'Bare');
    assert.ok(compiled.ok);
    const bareBundle = compiled.bundle;
    assert.deepEqual(startProblems(bareBundle, { inputs: { x: 1 } }, env, clock).map((p) => [p.code, p.message, p.range?.start]), [
      ['input-unknown', "unknown input 'x' (it declares no inputs)", at('workflow Bare')],
    ]);
    // Nothing declared and nothing given: the shared frozen values, nothing allocated per run.
    const bare = startValues(bareBundle, bareBundle.workflows.Bare!, NO_START_VALUES, env, clock);
    assert.ok(Object.isFrozen(bare) && bare.inputs === NO_START_VALUES && bare.secrets === NO_START_VALUES);
  });

  it('checks an initial value the checker could not prove (an `any` source) against the declared type, before the run starts', async () => {
    const compiled = await compileWorkflow(path.join(dir, 'checkout.weft'), 'Intake');
    assert.ok(compiled.ok);
    const intake = compiled.bundle;
    const workflow = intake.workflows.Intake!;
    const declared = (name: string) => workflow.variables.find((v) => v.name === name)!;
    assert.deepEqual(declared('count').initialCheck, { kind: 'number' });
    // Proven ones carry no check: nothing to do at run start.
    assert.equal(declared('label').initialCheck, undefined);
    assert.equal(declared('names').initialCheck, undefined, 'an empty list fits every list type');
    assert.equal(bundle.workflows.Checkout!.variables.find((v) => v.name === 'seen')!.initialCheck, undefined);
    assert.equal(bundle.workflows.Checkout!.variables.find((v) => v.name === 'retries')!.initialCheck, undefined);
    assert.deepEqual(startProblems(intake, { inputs: { raw: { count: 'many' } } }, env, clock).map((p) => [p.code, p.message, p.range?.uri, p.range?.start]), [
      ['var-initial', "var 'count' is declared number; its initial value is not: expected number, got string", uri, at('var count')],
    ]);
    assert.deepEqual(startValues(intake, workflow, { raw: { count: 3 } }, env, clock).variables, { count: 3, label: 'fixed', names: [] });
    // Null (an absent field) is what a var holds before anything sets it: taken, as by a `set`.
    assert.deepEqual(startValues(intake, workflow, { raw: { count: null } }, env, clock).variables, { count: null, label: 'fixed', names: [] });
    // An input's default is checked the same way (a bundle made by hand: such a default reads
    // another input, which the language does not let a default do today).
    const withDefault: WorkflowBundle = { ...intake, workflows: { Intake: { ...workflow, variables: [
      workflow.variables[0]!,
      { name: 'limit', role: 'input', type: { kind: 'number' }, initial: declared('count').initial!, initialCheck: { kind: 'number' }, range: declared('count').range },
    ] } } };
    assert.deepEqual(startProblems(withDefault, { inputs: { raw: { count: [1] } } }, env, clock).map((p) => [p.code, p.message]), [
      ['input-default', "input 'limit' is declared number; its default is not: expected number, got list"],
    ]);
    assert.deepEqual(startProblems(withDefault, { inputs: { raw: { count: 1 } } }, env, clock), []);
    // Engine.start refuses it and records nothing.
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock, environment: {} });
    await assert.rejects(engine.start(intake, { inputs: { raw: { count: 'many' } } }), (err: unknown) => err instanceof RunStartError && err.problems[0]!.code === 'var-initial');
    assert.deepEqual(await store.listRuns(), []);
    engine.halt();
  });

  it('Engine.start rejects with the same problems and records nothing', async () => {
    const store = new MemoryRunStore();
    const engine = new Engine({ store, clock, environment: {} });
    const given = { workflow: 'Checkout', inputs: { order: { id: 7 }, notes: 'x' } };
    const expected = startProblems(bundle, given, {}, clock);
    await assert.rejects(engine.start(bundle, given), (err: unknown) => {
      assert.ok(err instanceof RunStartError);
      assert.deepEqual(err.problems, expected);
      assert.equal(err.message, `Cannot start Checkout: ${expected.map((p) => p.message).join('; ')}`);
      return true;
    });
    assert.deepEqual(await store.listRuns(), []);
    engine.halt();
  });
});
