import assert from 'node:assert/strict';
import type { JournalError, JournalEvent, NodeStarted } from '../../../runtime/journal/journal-event.js';
import { foldJournal } from '../../../runtime/journal/fold.js';
import { Execution } from '../../../runtime/journal/node-execution.js';

const started: NodeStarted = { type: 'NodeStarted', seq: 4, at: 1000, node: 'pay', token: 2, attempt: 3 };
const boom: JournalError = { name: 'Boom', message: 'no', node: 'pay' };

describe('history entries (node-execution.ts)', () => {
  it('reads node, branch, attempt and start time from the event that opened it, and runs until ended', () => {
    const x = new Execution(started);
    assert.deepEqual([x.node, x.token, x.attempt, x.startedAt, x.status], ['pay', 2, 3, 1000, 'running']);
    assert.equal(x.endedAt, undefined);
    assert.equal(x.endSeq, undefined);
    assert.equal(x.error, undefined);
  });

  it('takes its status, end time and end seq from the event that ended it', () => {
    const cases: Array<[JournalEvent, string]> = [
      [{ type: 'NodeCompleted', seq: 5, at: 1010, node: 'pay', token: 2, result: 1, routes: [] }, 'completed'],
      [{ type: 'NodeFailed', seq: 5, at: 1010, node: 'pay', token: 2, attempt: 3, error: boom }, 'failed'],
      [{ type: 'RetryScheduled', seq: 5, at: 1010, node: 'pay', token: 2, attempt: 4, delayMs: 990, dueAt: 2000, error: boom }, 'failed'],
      [{ type: 'NodeSkipped', seq: 5, at: 1010, node: 'pay', token: 2, result: null, routes: [] }, 'skipped'],
      [{ type: 'TokensCancelled', seq: 5, at: 1010, tokens: [2], reason: 'cancel' }, 'cancelled'],
      [{ type: 'Cancelled', seq: 5, at: 1010 }, 'cancelled'],
      [{ type: 'RunCompleted', seq: 5, at: 1010, outputs: {} }, 'cancelled'],
      [{ type: 'RunRecovered', seq: 5, at: 1010, rerun: [] }, 'cancelled'],
    ];
    for (const [ending, status] of cases) {
      const x = new Execution(started, ending);
      assert.deepEqual([x.status, x.endedAt, x.endSeq], [status, 1010, 5], ending.type);
    }
  });

  it('carries the error of a failure and the usage and cache hit of a completion', () => {
    const failed = new Execution(started, { type: 'NodeFailed', seq: 5, at: 1010, node: 'pay', token: 2, attempt: 3, error: boom, usage: { cpuMs: 3 } });
    assert.deepEqual([failed.error, failed.usage, failed.cached], [boom, { cpuMs: 3 }, undefined]);
    const hit = new Execution(started, { type: 'NodeCompleted', seq: 5, at: 1010, node: 'pay', token: 2, result: 1, routes: [], cached: true });
    assert.deepEqual([hit.error, hit.usage, hit.cached], [undefined, undefined, true]);
    const plain = new Execution(started, { type: 'NodeCompleted', seq: 5, at: 1010, node: 'pay', token: 2, result: 1, routes: [], cached: false });
    assert.equal(plain.cached, undefined);
  });

  it('keeps what a later event sets on an execution another event ended, and only that', () => {
    const x = new Execution(started, { type: 'Cancelled', seq: 5, at: 1010 });
    const failed: JournalEvent = { type: 'NodeFailed', seq: 6, at: 1020, node: 'pay', token: 2, attempt: 3, error: boom, usage: { tokens: 9 } };
    x.amend(failed, boom, { tokens: 9 }, false);
    assert.deepEqual([x.status, x.endedAt, x.endSeq, x.error, x.usage, x.cached], ['cancelled', 1010, 5, boom, { tokens: 9 }, undefined]);
  });

  it('changes nothing when amended by the event that ended it', () => {
    const ending: JournalEvent = { type: 'NodeFailed', seq: 5, at: 1010, node: 'pay', token: 2, attempt: 3, error: boom };
    const x = new Execution(started, ending);
    x.amend(ending, boom, undefined, false);
    assert.equal(x.ending, ending);
  });

  it('serialises to the plain entry the fold kept before', () => {
    assert.equal(JSON.stringify(new Execution(started)), JSON.stringify({ node: 'pay', token: 2, attempt: 3, status: 'running', startedAt: 1000 }));
    const x = new Execution(started, { type: 'NodeFailed', seq: 5, at: 1010, node: 'pay', token: 2, attempt: 3, error: boom, usage: { cpuMs: 3 } });
    assert.equal(JSON.stringify(x), JSON.stringify({ node: 'pay', token: 2, attempt: 3, status: 'failed', startedAt: 1000, endedAt: 1010, endSeq: 5, error: boom, usage: { cpuMs: 3 } }));
  });

  it('keeps, through the fold, a failure reported for an execution recovery had already cancelled', () => {
    const journal: JournalEvent[] = [
      { type: 'RunStarted', seq: 1, at: 900, workflow: 'W', version: '1', bundleHash: 'h', inputs: {}, trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 2 },
      started,
      { type: 'RunRecovered', seq: 5, at: 1010, rerun: [{ node: 'pay', token: 2, idempotent: true }] },
      { type: 'NodeFailed', seq: 6, at: 1020, node: 'pay', token: 2, attempt: 3, error: boom, usage: { cpuMs: 1 } },
    ].map((e, i) => ({ ...e, seq: i + 1 }) as JournalEvent);
    const [entry] = foldJournal('r', journal).history;
    assert.deepEqual(JSON.parse(JSON.stringify(entry)), { node: 'pay', token: 2, attempt: 3, status: 'cancelled', startedAt: 1000, endedAt: 1010, endSeq: 3, error: boom, usage: { cpuMs: 1 } });
  });
});
