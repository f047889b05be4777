// Test support — a minimal run and its step events for the store tests (`step-appender`,
// `shared-log`): a `NewRun` of workflow `W`, its `RunStarted`, and a chain step's completion and
// next start at a given `seq`.

import type { WorkflowBundle } from '../../../runtime/ir/index.js';
import type { JournalEvent, NodeCompleted, NodeStarted } from '../../../runtime/journal/journal-event.js';
import type { NewRun } from '../../../runtime/store/run-store.js';

const bundle: WorkflowBundle = { irVersion: 1, entry: 'W', workflows: {}, types: {}, hash: 'h1' };

export const newRun = (runId: string): NewRun => ({ runId, workflow: 'W', version: '1.0.0', bundle, bundleHash: 'h1', createdAt: 1000 });

export const runStarted = (seq: number): JournalEvent => ({
  type: 'RunStarted', seq, at: 1000, workflow: 'W', version: '1.0.0', bundleHash: 'h1', inputs: {},
  trigger: { kind: 'manual' }, stepBudget: 100, seed: 1, variables: {}, token: 1,
});

export const completed = (seq: number, node = 'a'): NodeCompleted => ({ type: 'NodeCompleted', node, token: 1, result: null, routes: [{ edge: 'e', to: 'b', token: 1 }], seq, at: 1000 + seq });

export const started = (seq: number, node = 'b'): NodeStarted => ({ type: 'NodeStarted', node, token: 1, attempt: 1, seq, at: 1000 + seq });
