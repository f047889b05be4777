// Test support — an engine wired for runtime tests: a memory store (or the one given), a
// virtual clock, and a `test` connector whose actions are real, deterministic task bodies
// (return a value, fail with a named error, fail the first N attempts, wait for a gate the
// test opens, hang until aborted). Also trace helpers that read a run's folded state.

import type { ConnectorNode } from '../../../runtime/ir/index.js';
import { TaskError } from '../../../runtime/executors/task-error.js';
import { isStartOrEnd, type WorkflowState } from '../../../runtime/journal/workflow-state.js';
import { Engine, type EngineOptions } from '../../../runtime/engine/engine.js';
import { VirtualClock } from '../../../runtime/engine/virtual-clock.js';
import type { TaskContext, TaskExecutor } from '../../../runtime/engine/task-executor.js';
import { MemoryRunStore } from '../../../runtime/store/memory-run-store.js';

/** A promise the test resolves when it chooses. */
export class Gate {
  readonly opened: Promise<unknown>;
  open!: (value?: unknown) => void;
  fail!: (err: Error) => void;
  constructor() {
    this.opened = new Promise((resolve, reject) => { this.open = resolve; this.fail = reject; });
  }
}

export interface TestConnector extends TaskExecutor<ConnectorNode> {
  /** Every call, in order: `node#attempt`. */
  calls: string[];
  /** Calls currently running, as `node#attempt/token`. */
  running: Set<string>;
  /** Highest number of calls that ran at once, by node. */
  maxConcurrent: Map<string, number>;
  /** Highest number of calls that ran at once, over all nodes. */
  peak: number;
  gates: Map<string, Gate>;
  gate(name: string): Gate;
}

export function testConnector(): TestConnector {
  const calls: string[] = [];
  const running = new Set<string>();
  const maxConcurrent = new Map<string, number>();
  const gates = new Map<string, Gate>();
  const gate = (name: string): Gate => {
    let g = gates.get(name);
    if (!g) gates.set(name, (g = new Gate()));
    return g;
  };
  const body = async (ctx: TaskContext<ConnectorNode>): Promise<unknown> => {
    const args = ctx.node.args.map((a) => ctx.evaluate(a));
    switch (ctx.node.action) {
      case 'ok': return args.length ? args[0] : ctx.input;
      case 'echo': return ctx.input;
      case 'fail': throw new TaskError(String(args[0] ?? 'TestError'), String(args[1] ?? `${ctx.node.id} failed`));
      case 'flaky': {
        // flaky(k, name): the first k attempts fail with `name`, then it returns the attempt.
        if (ctx.attempt <= Number(args[0])) throw new TaskError(String(args[1] ?? 'Flaky'), `attempt ${ctx.attempt} failed`);
        return ctx.attempt;
      }
      case 'gate': {
        const value = await gate(String(args[0] ?? ctx.node.id)).opened;
        return value ?? ctx.node.id;
      }
      case 'hang':
        return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new TaskError('Aborted', 'aborted')), { once: true }));
      case 'secret': return `the key is ${String(ctx.secrets[String(args[0])])}`;
      case 'log': ctx.log('info', String(args[0])); return null;
      default: throw new Error(`test connector has no action '${ctx.node.action}'`);
    }
  };
  const connector: TestConnector = {
    calls, running, maxConcurrent, gates, gate, peak: 0,
    async execute(ctx) {
      const key = `${ctx.node.id}#${ctx.attempt}/${ctx.token}`;
      calls.push(`${ctx.node.id}#${ctx.attempt}`);
      running.add(key);
      connector.peak = Math.max(connector.peak, running.size);
      let now = 0;
      for (const r of running) if (r.startsWith(`${ctx.node.id}#`) || ctx.node.options.lock) now++;
      maxConcurrent.set(ctx.node.options.lock ?? ctx.node.id, Math.max(maxConcurrent.get(ctx.node.options.lock ?? ctx.node.id) ?? 0, now));
      try {
        return await body(ctx);
      } finally {
        running.delete(key);
      }
    },
  };
  return connector;
}

export interface Harness {
  engine: Engine;
  store: MemoryRunStore;
  clock: VirtualClock;
  connector: TestConnector;
}

export function harness(options: Partial<EngineOptions> = {}): Harness {
  const store = (options.store as MemoryRunStore | undefined) ?? new MemoryRunStore();
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock(Date.UTC(2026, 0, 1));
  const connector = testConnector();
  const engine = new Engine({ environment: {}, ...options, store, clock, executors: { connector, ...options.executors } });
  return { engine, store, clock, connector };
}

/** Completed node executions in completion order (`start` and `end` left out, inner ones too). */
export function trace(state: WorkflowState): string[] {
  return state.history
    .filter((h) => h.status === 'completed' && !isStartOrEnd(h.node))
    .sort((a, b) => (a.endSeq ?? 0) - (b.endSeq ?? 0))
    .map((h) => h.node);
}

/** Every execution as `node:status`, in start order (`start` and `end` left out). */
export function fullTrace(state: WorkflowState): string[] {
  return state.history.filter((h) => !isStartOrEnd(h.node)).map((h) => `${h.node}:${h.status}`);
}

/**
 * Waits until `cond` holds, checking after each macrotask while the engine works (for states
 * no engine event announces, such as "both task bodies are running"). Fails after `limit` turns.
 */
export async function waitUntil(cond: () => boolean, limit = 5000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition not reached');
}
