// Benchmark — Weft's own engine on the three scenarios, with each store: in memory, SQLite
// `synchronous=NORMAL`, SQLite `FULL` with group commit. Every step is the same no-op async
// task (a connector task whose executor resolves null), so the figures measure the engine.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EdgeDefinition, NodeDefinition, SourceRange, WorkflowBundle, WorkflowDefinition } from '../../runtime/ir/index.js';
import { withBundleHash } from '../../runtime/ir/bundle-hash.js';
import { Engine } from '../../runtime/engine/engine.js';
import { RealClock } from '../../runtime/engine/clock.js';
import { MemoryRunStore } from '../../runtime/store/memory-run-store.js';
import { SqliteRunStore } from '../../runtime/store/sqlite-run-store.js';
import { PostgresRunStore } from '../../runtime/store/postgres-run-store.js';
import type { NewRun, RunFilter, RunRecord, RunStore, RunSummary, StepAppender, WaitOptions } from '../../runtime/store/run-store.js';
import type { JournalEvent } from '../../runtime/journal/journal-event.js';
import type { Subject } from './scenarios.js';

const R: SourceRange = { uri: 'file:///bench.weft', start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function noopTask(id: string): NodeDefinition {
  return { kind: 'connector', id, range: R, nameRange: R, connector: 'bench', action: 'noop', args: [], options: { sets: [], idempotent: true } };
}

function edge(from: string, to: string, order: number): EdgeDefinition {
  return { id: `${from}->${to}#0`, from, to, kind: 'always', order, range: R };
}

function bundle(id: string, nodes: NodeDefinition[], edges: EdgeDefinition[]): WorkflowBundle {
  const wf: WorkflowDefinition = {
    id, version: '1.0.0', sourceUri: R.uri, range: R,
    nodes: [{ kind: 'start', id: 'start', range: R, nameRange: R }, { kind: 'end', id: 'end', range: R, nameRange: R }, ...nodes],
    edges, variables: [], triggers: [], connectors: [], errorHandlers: [],
    options: { stepBudget: 1_000_000, timeZone: 'UTC' },
  };
  return withBundleHash({ irVersion: 1, entry: id, workflows: { [id]: wf }, types: {} });
}

export function sequenceBundle(n: number): WorkflowBundle {
  const nodes = Array.from({ length: n }, (_, i) => noopTask(`t${i}`));
  const edges = [edge('start', 't0', 0), ...nodes.slice(1).map((node, i) => edge(`t${i}`, node.id, 0)), edge(`t${n - 1}`, 'end', 0)];
  return bundle(`Seq${n}`, nodes, edges);
}

export function parallelBundle(n: number): WorkflowBundle {
  const nodes: NodeDefinition[] = Array.from({ length: n }, (_, i) => noopTask(`b${i}`));
  nodes.push({ kind: 'join', id: 'j', range: R, nameRange: R, policy: 'all', cancel: false });
  const edges = [...nodes.slice(0, n).map((node, i) => edge('start', node.id, i)), ...nodes.slice(0, n).map((node) => edge(node.id, 'j', 0)), edge('j', 'end', 0)];
  return bundle(`Par${n}`, nodes, edges);
}

const executors = { connector: { execute: () => Promise.resolve(null) } };

/**
 * `freshStorePerRun`: the in-memory store keeps every journal it was given, so a store shared
 * by hundreds of timed runs would grow the heap and make each later run pay for the garbage
 * collector marking the earlier ones. Each run gets its own (its own journal is still kept
 * while it runs, as `weft run --memory` keeps it), behind the same engine: like the SQLite
 * subjects and the peers (whose state machines are built once in setup), the engine and its
 * per-workflow index are made once per subject, not per timed run. SQLite stores keep their
 * data on disk.
 */
function weftSubject(name: string, makeStore: (dir: string) => RunStore, freshStorePerRun = false): Subject {
  let dir = '';
  let store: RunStore;
  let engine: Engine;
  let fresh: FreshMemoryStore | undefined;
  const seq = sequenceBundle(1000);
  const par = parallelBundle(100);
  const ten = sequenceBundle(10);
  return {
    name,
    async setup() {
      dir = mkdtempSync(path.join(os.tmpdir(), 'weft-bench-'));
      store = freshStorePerRun ? (fresh = new FreshMemoryStore()) : makeStore(dir);
      engine = new Engine({ store, clock: new RealClock(), executors, environment: {} });
    },
    async beforeRun() {
      fresh?.renew();
    },
    // `Engine.run`: start a run and wait for its outcome, as each peer's subject waits through its
    // own (aws-local-stepfunctions `run(input).result`, xstate `toPromise(actor)`, statebox
    // `startExecution` with `sendResponse: 'COMPLETE'`). Until session 13 this went
    // through `start` and the handle's `outcome`: a handle, a settled promise and a second
    // `Promise.all` per batch (~5% of the concurrent runs' time, docs/benchmarks.md "Session 13").
    async sequence() { await engine.run(seq); },
    async parallel() { await engine.run(par); },
    async concurrent(runs) { await Promise.all(Array.from({ length: runs }, () => engine.run(ten))); },
    async teardown() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A memory store whose contents start empty again at `renew()` (between timed runs; also `profile/width-steps.ts`'s batches). */
export class FreshMemoryStore implements RunStore {
  private inner = new MemoryRunStore();
  renew(): void { this.inner = new MemoryRunStore(); }
  createRun(run: NewRun): Promise<void> { return this.inner.createRun(run); }
  createRunSync(run: NewRun): void { this.inner.createRunSync(run); }
  append(runId: string, events: readonly JournalEvent[]): Promise<void> { return this.inner.append(runId, events); }
  appendSync(runId: string, events: readonly JournalEvent[]): void { this.inner.appendSync(runId, events); }
  stepAppender(runId: string): StepAppender { return this.inner.stepAppender(runId); }
  readEvents(runId: string, afterSeq?: number): Promise<JournalEvent[]> { return this.inner.readEvents(runId, afterSeq); }
  getRun(runId: string): Promise<RunRecord | undefined> { return this.inner.getRun(runId); }
  listRuns(filter?: RunFilter): Promise<RunSummary[]> { return this.inner.listRuns(filter); }
  waitForEvents(runId: string, afterSeq: number, options?: WaitOptions): Promise<JournalEvent[]> { return this.inner.waitForEvents(runId, afterSeq, options); }
  close(): Promise<void> { return this.inner.close(); }
}

/**
 * Weft on PostgreSQL: a server of its own (Debian's binaries, `scripts/ensure-postgres.sh`; a
 * throwaway cluster on loopback with `fsync` on, as a real one runs), the store in a schema of
 * its own. Not a target of issue 3: measured to know what a shared store costs per step (one
 * round trip per commit). Throws when no server can be started (the benchmark skips it).
 */
export async function postgresSubject(): Promise<Subject> {
  const { ownPostgresServer } = await import('../../test/support/postgres-server.js');
  const server = await ownPostgresServer({ fsync: true });
  const subject = weftSubject('weft (PostgreSQL)', () => new PostgresRunStore({ url: server.url, schema: 'bench' }));
  const teardown = subject.teardown.bind(subject);
  return { ...subject, async teardown() { await teardown(); server.remove(); } };
}

export const weftSubjects: Subject[] = [
  weftSubject('weft (memory)', () => new MemoryRunStore(), true),
  weftSubject('weft (SQLite NORMAL)', (dir) => new SqliteRunStore({ file: path.join(dir, 'runs.db'), synchronous: 'NORMAL' })),
  weftSubject('weft (SQLite FULL + group commit)', (dir) => new SqliteRunStore({ file: path.join(dir, 'runs.db'), synchronous: 'FULL' })),
];
