// Specification of where line breakpoints stand, over a bundle compiled from inline text:
// node lines, edge lines, moved lines, unverified lines and other files.
import assert from 'node:assert/strict';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import type { WorkflowBundle } from '../../../runtime/ir/workflow-definition.js';
import { resolveLine, targetMatches } from '../../../runtime/debug/source-breakpoints.js';
import { lineOf, writeFixture } from './debug-adapter-support.js';
import { SEQUENCE } from './debug-fixtures.js';

describe('source breakpoints', function () {
  this.timeout(120_000);
  let file: string;
  let bundle: WorkflowBundle;
  before(async () => {
    file = writeFixture('main.weft', SEQUENCE);
    const compiled = await compileWorkflow(file);
    assert.ok(compiled.ok);
    bundle = compiled.bundle;
  });
  const at = (needle: string, delta = 0) => lineOf(SEQUENCE, needle) - 1 + delta;

  it('a node line stops before that node', () => {
    const r = resolveLine(bundle, file, at('task double'));
    assert.deepEqual(r, { verified: true, line: at('task double'), target: { kind: 'node', workflow: 'Main', node: 'double' } });
  });

  it('an edge line stops where a branch crosses one of its edges', () => {
    const r = resolveLine(bundle, file, at('start -> bump'));
    assert.ok(r.verified && r.target.kind === 'edges');
    assert.ok(targetMatches(r.target, 'Main', 'sub', 'double'));
    assert.ok(!targetMatches(r.target, 'Main', 'sub', 'finish'));
    assert.ok(!targetMatches(r.target, 'Child', 'sub', 'double'));
  });

  it("a line inside a node's body moves to the node's first line", () => {
    const r = resolveLine(bundle, file, at('with { n: amount }'));
    assert.equal(r.verified, true);
    assert.equal(r.line, at('task double'));
  });

  it('a line between nodes moves to the next node line', () => {
    const r = resolveLine(bundle, file, at('set bump', -1));
    assert.equal(r.verified, true);
    assert.equal(r.line, at('set bump'));
  });

  it('a line outside every workflow is unverified with the reason', () => {
    const r = resolveLine(bundle, file, at('input x: number', -2));
    assert.deepEqual(r, { verified: false, line: at('input x: number', -2), message: 'Not inside a workflow: breakpoints stand on node and edge lines' });
  });

  it('a file with no workflow of the session is unverified', () => {
    const r = resolveLine(bundle, '/elsewhere/other.weft', 3);
    assert.equal(r.verified, false);
    assert.match(r.verified ? '' : r.message, /No workflow of this debug session/);
  });
});
