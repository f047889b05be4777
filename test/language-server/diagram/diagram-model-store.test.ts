import assert from 'node:assert/strict';
import { DiagramModelStore } from '../../../language-server/diagram/diagram-model-store.js';
import { edge, node, URI, workflow } from './ir-fixtures.js';

const simple = () => workflow('W', [node({ id: 'start', kind: 'start' }, 1), node({ id: 'end', kind: 'end' }, 2)], [edge('start', 'end', 3)]);

describe('diagram model store', () => {
  it('stamps every published model with a larger number', () => {
    const store = new DiagramModelStore();
    const a = store.update({ uri: URI, version: 1, workflows: [simple()], diagnostics: [] });
    const b = store.update({ uri: 'file:///other.weft', version: 1, workflows: [simple()], diagnostics: [] });
    const c = store.update({ uri: URI, version: 2, workflows: [simple()], diagnostics: [] });
    assert.ok(a.stamp < b.stamp && b.stamp < c.stamp);
    assert.equal(store.get(URI), c);
  });

  it('serves the last good picture with the current errors after an edit that breaks the text', () => {
    const store = new DiagramModelStore();
    const good = store.update({ uri: URI, version: 1, workflows: [simple()], diagnostics: [] });
    const broken = store.update({ uri: URI, version: 2, workflows: undefined, diagnostics: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, message: 'syntax' }] });
    assert.equal(broken.stale, true);
    assert.deepEqual(broken.workflows, good.workflows);
    assert.equal(broken.errors[0]!.message, 'syntax');
    const againBroken = store.update({ uri: URI, version: 3, workflows: undefined, diagnostics: [] });
    assert.deepEqual(againBroken.workflows, good.workflows);
  });

  it('forgets a closed document', () => {
    const store = new DiagramModelStore();
    store.update({ uri: URI, version: 1, workflows: [simple()], diagnostics: [] });
    store.delete(URI);
    assert.equal(store.get(URI), undefined);
  });
});
