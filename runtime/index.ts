// Runtime — the public surface of the embedded runtime for the CLI, the extension, the debug
// adapter and the server: engine, clocks, stores, journal types and the fold, metrics. Nothing
// here imports Langium or vscode; node:sqlite loads only when a SQLite store is created.

export * from './ir/index.js';
export { bundleHash, withBundleHash } from './ir/bundle-hash.js';
export * from './journal/journal-event.js';
export * from './journal/workflow-state.js';
export { applyEvent, foldJournal, foldJournalUntil } from './journal/fold.js';
export * from './store/run-store.js';
export { MemoryRunStore } from './store/memory-run-store.js';
export { SqliteRunStore, DEFAULT_STORE_FILE, type SqliteRunStoreOptions } from './store/sqlite-run-store.js';
export { PostgresRunStore, PostgresUnavailableError, NewerPostgresLayoutError, RunNotCarriedHereError, type PostgresRunStoreOptions } from './store/postgres-run-store.js';
export { NewerLayoutError, LAYOUT_VERSION } from './store/sqlite-layout.js';
export * from './store/run-requests.js';
export { Engine, RunStartError, DEFAULT_STEP_BUDGET, newRunId, type EngineOptions, type RunHandle, type ScheduledEvent, type StartOptions } from './engine/engine.js';
export { ControlError, RunCarriedElsewhereError } from './engine/run-execution.js';
export type { BeforeNodeHook, EngineEvent, EngineListener, NodeContext, RunOutcome } from './engine/engine-events.js';
export { RealClock, type Clock, type TimerHandle } from './engine/clock.js';
export { VirtualClock } from './engine/virtual-clock.js';
export { WorkflowError, type LogLevel, type TaskContext, type TaskExecutor, type TaskExecutors } from './engine/task-executor.js';
export { defaultExecutors } from './engine/default-executors.js';
export { MemoryResultCache, type ResultCache } from './engine/result-cache.js';
export { MetricsAccumulator, metricsOf, summarize, type DurationSummary, type NodeMetrics, type WorkflowMetrics } from './metrics/run-metrics.js';
