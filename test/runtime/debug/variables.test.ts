// Wire tests of what a stopped run shows with the standalone adapter: scopes and values,
// secrets as •••, a set variable that changes the run's outcome (and is journaled), evaluate
// in the console and on hover, console completions, and script logs tied to their node's line.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { SqliteRunStore } from '../../../runtime/store/sqlite-run-store.js';
import { SEQUENCE } from './debug-fixtures.js';
import { WAIT_MS, launch, lineOf, scopeVariables, startClient, topFrame, writeFixture } from './debug-adapter-support.js';

describe('debug adapter: variables, evaluate and output', function () {
  this.timeout(4 * WAIT_MS);
  let client: DebugClient;
  let outputs: DebugProtocol.OutputEvent[];
  beforeEach(async () => {
    client = await startClient();
    outputs = [];
    client.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e));
  });
  afterEach(async () => { await client.stop(); });

  async function stopAtFinish(extra: Record<string, unknown> = {}): Promise<{ program: string; thread: number; frameId: number }> {
    const program = writeFixture('main.weft', SEQUENCE);
    const stopped = client.waitForEvent('stopped', WAIT_MS);
    await launch(client, { program, input: { amount: 7 }, ...extra }, () => client.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: lineOf(SEQUENCE, 'set finish') }] }));
    const thread = ((await stopped) as DebugProtocol.StoppedEvent).body.threadId!;
    return { program, thread, frameId: (await topFrame(client, thread)).id };
  }

  it('shows inputs, variables, node results and outputs of the stopped node', async () => {
    const { frameId } = await stopAtFinish();
    assert.deepEqual(await scopeVariables(client, frameId, 'Inputs'), { amount: '7' });
    const variables = await scopeVariables(client, frameId, 'Variables');
    assert.equal(variables.count, '1');
    const results = await scopeVariables(client, frameId, 'Node results');
    assert.equal(results.double, '14');
    assert.equal(results.sub, '{"y":15}');
    assert.deepEqual(await scopeVariables(client, frameId, 'Outputs'), {});
  });

  it('shows secrets as •••, in the scopes and in evaluation', async () => {
    const { frameId } = await stopAtFinish();
    assert.equal((await scopeVariables(client, frameId, 'Variables')).apiKey, '"•••"');
    const evaluated = await client.evaluateRequest({ expression: 'apiKey', frameId, context: 'repl' });
    assert.equal(evaluated.body.result, '"•••"');
    const text = JSON.stringify(outputs.map(o => o.body.output));
    assert.ok(!text.includes('sk-live-123456'));
  });

  it('sets a variable that changes the outcome of the run, journaled as the debugger', async () => {
    const { program, thread, frameId } = await stopAtFinish({ store: 'runs.db' });
    const scopes = await client.scopesRequest({ frameId });
    const vars = scopes.body.scopes.find(s => s.name === 'Variables')!;
    const set = await client.setVariableRequest({ variablesReference: vars.variablesReference, name: 'count', value: 'count + 100' });
    assert.equal(set.body.value, '101');
    const terminated = client.waitForEvent('terminated', WAIT_MS);
    await client.continueRequest({ threadId: thread });
    await terminated;
    assert.ok(outputs.some(o => o.body.output.includes('"total":116')), outputs.map(o => o.body.output).join(''));
    const store = new SqliteRunStore({ file: path.join(path.dirname(program), 'runs.db') });
    try {
      const [run] = await store.listRuns({ workflow: 'Main' });
      const sets = (await store.readEvents(run!.runId)).filter(e => e.type === 'VariableSet');
      assert.equal(sets.length, 1);
      assert.equal(sets[0]!.actor, 'debugger');
    } finally {
      await store.close();
    }
  });

  it('evaluates expressions in the console and on hover', async () => {
    const { frameId } = await stopAtFinish();
    const repl = await client.evaluateRequest({ expression: 'sub.y * 2 + len([1, 2])', frameId, context: 'repl' });
    assert.equal(repl.body.result, '32');
    const hover = await client.evaluateRequest({ expression: 'double', frameId, context: 'hover' });
    assert.equal(hover.body.result, '14');
    await assert.rejects(client.evaluateRequest({ expression: 'nosuch + 1', frameId, context: 'repl' }), /Unknown name 'nosuch'/);
  });

  it('completes names of the workflow in the console', async () => {
    const { frameId } = await stopAtFinish();
    const completions = await client.completionsRequest({ text: 'cou', column: 4, frameId });
    assert.ok(completions.body.targets.some(t => t.label === 'count'));
    const functions = await client.completionsRequest({ text: 'le', column: 3, frameId });
    assert.ok(functions.body.targets.some(t => t.label === 'len'));
  });

  it("sends a script's console output with the node's source line", async () => {
    const { program } = await stopAtFinish();
    const log = outputs.find(o => o.body.output === 'doubling 7\n');
    assert.ok(log, outputs.map(o => o.body.output).join(''));
    assert.equal(log.body.source?.path, program);
    assert.equal(log.body.line, lineOf(SEQUENCE, 'task double'));
  });
});
