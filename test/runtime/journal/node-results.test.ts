import assert from 'node:assert/strict';
import { NodeResults } from '../../../runtime/journal/node-results.js';

describe('node results (WorkflowState.results)', () => {
  it('gives each node its latest result', () => {
    const r = new NodeResults();
    r.add({ node: 'a', result: 1 });
    r.add({ node: 'b', result: 2 });
    r.add({ node: 'a', result: 3 });
    assert.equal(r.get('a'), 3);
    assert.equal(r.get('b'), 2);
    assert.equal(r.get('c'), undefined);
    assert.equal(r.has('b'), true);
    assert.equal(r.has('c'), false);
  });

  it('lists names in the order they first got a result, as a plain object kept them', () => {
    const r = new NodeResults();
    const o: Record<string, unknown> = {};
    for (const [node, result] of [['x', 1], ['y', 2], ['x', 3], ['z', null]] as const) {
      r.add({ node, result });
      o[node] = result;
    }
    assert.deepEqual([...r], Object.entries(o));
    assert.deepEqual([...r.keys()], ['x', 'y', 'z']);
    assert.deepEqual([...r.values()], [3, 2, null]);
    assert.equal(r.size, 3);
  });

  it('sees results added after an earlier read', () => {
    const r = new NodeResults();
    r.add({ node: 'a', result: 1 });
    assert.equal(r.get('a'), 1);
    r.add({ node: 'a', result: 2 });
    r.add({ node: 'b', result: 'B' });
    assert.equal(r.get('a'), 2);
    assert.deepEqual(Object.fromEntries(r), { a: 2, b: 'B' });
  });

  it('serialises to the plain object of results', () => {
    const r = new NodeResults();
    r.add({ node: 'a', result: { n: 1 } });
    r.add({ node: 'b', result: [1, 2] });
    assert.equal(JSON.stringify({ results: r }), JSON.stringify({ results: { a: { n: 1 }, b: [1, 2] } }));
  });

  it('compares equal to another fold of the same events whether or not either was read', () => {
    const e1 = { node: 'a', result: 1 };
    const e2 = { node: 'b', result: 2 };
    const read = new NodeResults();
    read.add(e1);
    read.get('a');
    read.add(e2);
    const unread = new NodeResults();
    unread.add(e1);
    unread.add(e2);
    assert.deepStrictEqual(read, unread);
  });
});
