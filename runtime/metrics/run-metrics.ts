// Metrics — per workflow and per node figures derived from run journals only (never from
// live engine internals): executions, successes, errors by name, duration percentiles, script
// CPU and memory, AI tokens and cost. Feed it journals from a store or events as they commit.

import { staticName } from '../engine/instance-names.js';
import type { JournalEvent } from '../journal/journal-event.js';
import { eventsOfListedRun, type RunStore } from '../store/run-store.js';

export interface DurationSummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface NodeMetrics {
  node: string;
  /** Attempts started. */
  executions: number;
  successes: number;
  /** Failed attempts (retried or not) by error name. */
  errors: Record<string, number>;
  /** successes / (successes + final failures), 1 when nothing ended. */
  successRate: number;
  durationMs: DurationSummary;
  /** Sums of what tasks reported (`cpuMs`, `memoryBytes` as max, `tokens`, `cost`…). */
  usage: Record<string, number>;
}

export interface WorkflowMetrics {
  workflow: string;
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  successRate: number;
  durationMs: DurationSummary;
  errors: Record<string, number>;
  nodes: Record<string, NodeMetrics>;
}

interface NodeAcc {
  executions: number;
  successes: number;
  finalFailures: number;
  errors: Record<string, number>;
  durations: number[];
  usage: Record<string, number>;
}

interface WorkflowAcc {
  runs: number;
  completed: number;
  failed: number;
  cancelled: number;
  durations: number[];
  errors: Record<string, number>;
  nodes: Map<string, NodeAcc>;
}

/** Accumulates journal events run by run; `snapshot()` computes the figures. */
export class MetricsAccumulator {
  private readonly workflows = new Map<string, WorkflowAcc>();
  /** Per run: its workflow, start time and open executions (token -> start time). */
  private readonly runs = new Map<string, { workflow: string; startedAt: number; open: Map<number, number> }>();

  add(runId: string, event: JournalEvent, workflowHint?: string): void {
    if (event.type === 'RunStarted') {
      this.runs.set(runId, { workflow: event.workflow, startedAt: event.at, open: new Map() });
      this.workflow(event.workflow).runs++;
      return;
    }
    const run = this.runs.get(runId);
    if (!run) {
      if (!workflowHint) return;
      this.runs.set(runId, { workflow: workflowHint, startedAt: event.at, open: new Map() });
      return this.add(runId, event);
    }
    const wf = this.workflow(run.workflow);
    switch (event.type) {
      case 'NodeStarted':
        this.node(wf, event.node).executions++;
        run.open.set(event.token, event.at);
        break;
      case 'NodeCompleted': {
        const n = this.node(wf, event.node);
        n.successes++;
        this.duration(run, n, event.token, event.at);
        if (event.usage) addUsage(n.usage, event.usage);
        break;
      }
      case 'NodeFailed': {
        const n = this.node(wf, event.node);
        n.errors[event.error.name] = (n.errors[event.error.name] ?? 0) + 1;
        n.finalFailures++;
        this.duration(run, n, event.token, event.at);
        if (event.usage) addUsage(n.usage, event.usage);
        break;
      }
      case 'RetryScheduled': {
        const n = this.node(wf, event.node);
        n.errors[event.error.name] = (n.errors[event.error.name] ?? 0) + 1;
        this.duration(run, n, event.token, event.at);
        if (event.usage) addUsage(n.usage, event.usage);
        break;
      }
      case 'RunCompleted':
        wf.completed++;
        wf.durations.push(event.at - run.startedAt);
        break;
      case 'RunFailed':
        wf.failed++;
        wf.errors[event.error.name] = (wf.errors[event.error.name] ?? 0) + 1;
        wf.durations.push(event.at - run.startedAt);
        break;
      case 'Cancelled':
        wf.cancelled++;
        break;
      case 'NodeRetried':
      case 'NodeSkipped':
        // The run reopened: its earlier end no longer counts as final.
        if (wf.failed > 0) wf.failed--;
        break;
      default:
        break;
    }
  }

  /** Adds every run of a store (optionally one workflow's, and those created in a window). */
  async addStore(store: RunStore, workflow?: string, window: RunWindow = {}): Promise<void> {
    const runs = await store.listRuns({ ...(workflow ? { workflow } : {}), ...window });
    // A run pruned since the listing (by another process) is left out.
    for (const r of runs) for (const e of await eventsOfListedRun(store, r.runId) ?? []) this.add(r.runId, e);
  }

  /** Drops what is kept of run `runId` to fold its later events (it was pruned: none will come). */
  forget(runId: string): void {
    this.runs.delete(runId);
  }

  snapshot(): Record<string, WorkflowMetrics> {
    const out: Record<string, WorkflowMetrics> = {};
    for (const [name, wf] of this.workflows) {
      const nodes: Record<string, NodeMetrics> = {};
      for (const [id, n] of wf.nodes) {
        const ended = n.successes + n.finalFailures;
        nodes[id] = {
          node: id, executions: n.executions, successes: n.successes, errors: { ...n.errors },
          successRate: ended ? n.successes / ended : 1, durationMs: summarize(n.durations), usage: { ...n.usage },
        };
      }
      const ended = wf.completed + wf.failed;
      out[name] = {
        workflow: name, runs: wf.runs, completed: wf.completed, failed: wf.failed, cancelled: wf.cancelled,
        successRate: ended ? wf.completed / ended : 1, durationMs: summarize(wf.durations), errors: { ...wf.errors }, nodes,
      };
    }
    return out;
  }

  private workflow(name: string): WorkflowAcc {
    let w = this.workflows.get(name);
    if (!w) this.workflows.set(name, (w = { runs: 0, completed: 0, failed: 0, cancelled: 0, durations: [], errors: {}, nodes: new Map() }));
    return w;
  }

  /** Figures of node `id`; instances inside foreach/region (`upload[3].put`) count for `upload.put`. */
  private node(wf: WorkflowAcc, instance: string): NodeAcc {
    const id = staticName(instance);
    let n = wf.nodes.get(id);
    if (!n) wf.nodes.set(id, (n = { executions: 0, successes: 0, finalFailures: 0, errors: {}, durations: [], usage: {} }));
    return n;
  }

  private duration(run: { open: Map<number, number> }, n: NodeAcc, token: number, at: number): void {
    const started = run.open.get(token);
    if (started === undefined) return;
    run.open.delete(token);
    n.durations.push(at - started);
  }
}

function addUsage(into: Record<string, number>, usage: Record<string, number>): void {
  for (const [k, v] of Object.entries(usage)) {
    if (k === 'memoryBytes' || k.startsWith('max')) into[k] = Math.max(into[k] ?? 0, v);
    else into[k] = (into[k] ?? 0) + v;
  }
}

/** Nearest-rank percentiles of a list of durations. */
export function summarize(values: number[]): DurationSummary {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return {
    count: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]!,
  };
}

/**
 * The metrics of a store kept current by folding only what its journals gained since the last
 * call (`weft serve`'s `GET /stats` and `GET /metrics`, which a scraper calls every few
 * seconds): each call lists the runs and reads the events after the seq it folded last, so a
 * store of 10,000 ended runs costs a listing, not 10,000 journal reads (~1 s with SQLite).
 * Concurrent calls share one update. The figures equal `metricsOf`'s over the same journals.
 */
export class StoreMetrics {
  private readonly acc = new MetricsAccumulator();
  /** Per run, the seq of the last event folded. */
  private readonly folded = new Map<string, number>();
  private updating: Promise<void> | undefined;

  constructor(private readonly store: RunStore) {}

  /** The figures as of now (optionally one workflow's). */
  async current(workflow?: string): Promise<Record<string, WorkflowMetrics>> {
    await (this.updating ??= this.update().finally(() => { this.updating = undefined; }));
    const all = this.acc.snapshot();
    if (workflow === undefined) return all;
    const one = all[workflow];
    return one ? { [workflow]: one } : {};
  }

  private async update(): Promise<void> {
    const listed = await this.store.listRuns();
    for (const r of listed) {
      const seen = this.folded.get(r.runId) ?? 0;
      if (r.lastSeq <= seen) continue;
      // A run pruned since the listing is left out (what was folded of it stays counted).
      const events = await eventsOfListedRun(this.store, r.runId, seen) ?? [];
      for (const e of events) this.acc.add(r.runId, e);
      if (events.length) this.folded.set(r.runId, events[events.length - 1]!.seq);
    }
    // Runs pruned from the store: their figures stay, what was kept to fold their later events goes.
    if (this.folded.size > listed.length) {
      const kept = new Set(listed.map((r) => r.runId));
      for (const runId of this.folded.keys()) {
        if (kept.has(runId)) continue;
        this.folded.delete(runId);
        this.acc.forget(runId);
      }
    }
  }
}

/** Runs created at or after `since` and before `until` (epoch ms). */
export interface RunWindow {
  since?: number;
  until?: number;
}

/** Metrics of every run in a store (optionally one workflow's, and those created in `window`). */
export async function metricsOf(store: RunStore, workflow?: string, window: RunWindow = {}): Promise<Record<string, WorkflowMetrics>> {
  const acc = new MetricsAccumulator();
  await acc.addStore(store, workflow, window);
  return acc.snapshot();
}
