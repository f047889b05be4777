// Specification of reading diagram node ids from the Weft debug session's stack frame names.
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { frameNodeId } from '../../../extension/debug/debug-frames.js';

describe('debugger: frames to diagram nodes', () => {
  it('maps Workflow.node to the diagram id Workflow/node', () => {
    assert.equal(frameNodeId('Orders.ship'), 'Orders/ship');
  });
  it('maps a recorded frame (stepping back) to the same node', () => {
    assert.equal(frameNodeId('Orders.ship (recorded)'), 'Orders/ship');
  });
  it('maps a node instance inside foreach iterations and regions to its one diagram node', () => {
    assert.equal(frameNodeId('Triage.each[2].record.append'), 'Triage/each/record/append');
    assert.equal(frameNodeId('Sync.upload[0].put (recorded)'), 'Sync/upload/put');
  });
  it('maps a node instance of a second concurrent region activation to the same diagram node', () => {
    assert.equal(frameNodeId('Triage.record#2.append'), 'Triage/record/append');
    assert.equal(frameNodeId('Triage.each[1].record#3.append'), 'Triage/each/record/append');
  });
  it('ignores names that are not a workflow node', () => {
    assert.equal(frameNodeId('main'), undefined);
  });
});
