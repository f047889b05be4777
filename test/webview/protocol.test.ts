// The extension <-> webview protocol: the validator the extension runs on every message from
// the webview accepts exactly the well-formed ones, and persisted state is read defensively.
import assert from 'node:assert/strict';
import { parseViewState, parseWebviewMessage } from '../../webview/protocol.js';

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

describe('webview protocol: messages from the webview', () => {
  it('accepts each well-formed message', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'reveal', uri: 'file:///w/a.weft', range },
      { type: 'rendered', uri: 'file:///w/a.weft', stamp: 4, nodes: 12, edges: 14, layoutMs: 31.5, renderMs: 4.25 },
      { type: 'export', format: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', name: 'Order.svg' },
      { type: 'export', format: 'png', data: 'data:image/png;base64,iVBORw0KGgo=', name: 'Order.png' },
      { type: 'toggleBreakpoint', uri: 'file:///w/a.weft', line: 7 },
      { type: 'highlighted', nodeId: 'Order/charge' },
      { type: 'highlighted', nodeId: null },
      { type: 'error', message: 'layout failed' },
    ]) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
  });

  it('rejects unknown types and non-objects', () => {
    for (const m of [null, 'reveal', 42, [], { type: 'runScript', code: 'x' }, { type: 'constructor' }, { type: '__proto__' }]) {
      assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('rejects missing, extra and wrongly typed fields', () => {
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: 'file:///w/a.weft' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: 'file:///w/a.weft', range, command: 'rm -rf' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: 'file:///w/a.weft', range: { start: { line: -1, character: 0 }, end: range.end } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: 'not a uri', range }), undefined);
    assert.equal(parseWebviewMessage({ type: 'toggleBreakpoint', uri: 'file:///w/a.weft', line: 1.5 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'rendered', uri: 'file:///w/a.weft', stamp: 1, nodes: 1, edges: 1, layoutMs: Number.NaN, renderMs: 1 }), undefined);
  });

  it('rejects exports whose data is not what the format says or whose name is a path', () => {
    assert.equal(parseWebviewMessage({ type: 'export', format: 'png', data: '<svg></svg>', name: 'a.png' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'export', format: 'svg', data: 'data:image/png;base64,AA', name: 'a.svg' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'export', format: 'svg', data: '<svg/>', name: '../../etc/passwd' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'export', format: 'gif', data: '<svg/>', name: 'a.gif' }), undefined);
  });
});

describe('webview protocol: persisted view state', () => {
  it('falls back to defaults for anything unexpected', () => {
    assert.deepEqual(parseViewState(undefined), { direction: 'RIGHT', collapsed: [], minimap: true });
    assert.deepEqual(parseViewState({ uri: 'javascript alert', direction: 'UP', collapsed: [1, 'W/each'], minimap: 'no' }),
      { direction: 'RIGHT', collapsed: ['W/each'], minimap: true });
  });

  it('keeps a valid state', () => {
    const state = { uri: 'file:///w/a.weft', direction: 'DOWN', collapsed: ['W/each'], minimap: false };
    assert.deepEqual(parseViewState(state), state);
  });
});
