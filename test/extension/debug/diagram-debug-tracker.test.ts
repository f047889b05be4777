// Specification of the tracker that feeds the diagram the debugger's current nodes from the DAP
// messages of a Weft debug session (extension/debug/diagram-debug-tracker.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { DiagramDebugTracker } from '../../../extension/debug/diagram-debug-tracker.js';
import type { HostToWebviewMessage } from '../../../webview/protocol.js';

function tracked() {
  const posted: HostToWebviewMessage[] = [];
  const tracker = new DiagramDebugTracker({ post: (m) => posted.push(m), uri: undefined });
  let seq = 0;
  const stack = (threadId: number, name: string) => {
    const request = ++seq;
    tracker.onWillReceiveMessage({ type: 'request', seq: request, command: 'stackTrace', arguments: { threadId } });
    tracker.onDidSendMessage({ type: 'response', seq: ++seq, request_seq: request, command: 'stackTrace', success: true, body: { stackFrames: [{ name }] } });
  };
  return { tracker, posted, stack };
}

describe('debugger: diagram tracker', () => {
  it('posts the top frame of each stopped thread as the current nodes', () => {
    const { posted, stack } = tracked();
    stack(1, 'Orders.validate');
    stack(2, 'Orders.ship');
    assert.deepEqual(posted.at(-1), { type: 'currentNodes', nodeIds: ['Orders/validate', 'Orders/ship'] });
  });

  it('clears the current nodes when every thread continues', () => {
    const { tracker, posted, stack } = tracked();
    stack(1, 'Orders.validate');
    tracker.onDidSendMessage({ type: 'event', seq: 9, event: 'continued', body: { threadId: 1, allThreadsContinued: true } });
    assert.deepEqual(posted.at(-1), { type: 'currentNodes', nodeIds: [] });
  });

  it('keeps the other branches when one thread continues alone', () => {
    const { tracker, posted, stack } = tracked();
    stack(1, 'Orders.validate');
    stack(2, 'Orders.ship');
    tracker.onDidSendMessage({ type: 'event', seq: 9, event: 'continued', body: { threadId: 1, allThreadsContinued: false } });
    assert.deepEqual(posted.at(-1), { type: 'currentNodes', nodeIds: ['Orders/ship'] });
  });

  it('clears the run overlay when the session ends', () => {
    const { tracker, posted, stack } = tracked();
    stack(1, 'Orders.validate');
    tracker.onDidSendMessage({ type: 'event', seq: 9, event: 'terminated' });
    assert.deepEqual(posted.at(-1), { type: 'clearRun' });
  });
});
