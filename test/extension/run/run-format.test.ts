// Specification of how runs are worded in the "Weft Runs" output (extension/run/run-format.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { brief, engineEventLine, formatDuration, outcomeSummary } from '../../../extension/run/run-format.js';
import { emptyWorkflowState } from '../../../runtime/journal/workflow-state.js';

describe('run command: formatting', () => {
  it('formats durations in ms, seconds and minutes', () => {
    assert.equal(formatDuration(340), '340 ms');
    assert.equal(formatDuration(1250), '1.3 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });

  it('shortens long values to one line', () => {
    assert.equal(brief({ a: 1 }), '{"a":1}');
    assert.equal(brief('x'.repeat(200), 10).length, 10);
  });

  it('writes a node completion with the run id, workflow and result', () => {
    const line = engineEventLine({ kind: 'journal', runId: 'abcdef123456', workflow: 'Orders', event: { type: 'NodeCompleted', seq: 3, at: 0, node: 'ship', token: 1, result: { tracking: 'T1' }, routes: [] } });
    assert.equal(line, '[abcdef12] Orders: ✓ ship → {"tracking":"T1"}');
  });

  it('says what a task waits for when its lock or slot is held, and where the holder is', () => {
    assert.equal(engineEventLine({ kind: 'slot-wait', runId: 'abcdef123456', workflow: 'Deploy', node: 'push', token: 1, slot: 'lock "prod"', elsewhere: true }),
      '[abcdef12] push waits for lock "prod" (another process on the store holds it)');
    assert.equal(engineEventLine({ kind: 'slot-wait', runId: 'abcdef123456', workflow: 'Deploy', node: 'push', token: 1, slot: 'a slot of its limits { concurrency 2 }', elsewhere: false }),
      '[abcdef12] push waits for a slot of its limits { concurrency 2 } (held in this process)');
  });

  it('says where a failed run failed', () => {
    const state = emptyWorkflowState('r');
    const text = outcomeSummary({ runId: 'r', workflow: 'Orders', status: 'failed', outputs: {}, error: { name: 'HttpError', message: '503', node: 'charge' }, state });
    assert.equal(text, 'Orders failed at charge: HttpError: 503');
  });
});
