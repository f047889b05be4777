// Engine — the executors a standard engine uses for each task kind, built from the effect
// modules under runtime/executors, runtime/connectors and runtime/ai. Callers may replace any
// of them (tests, the debugger, a server with its own connectors).

import type { AiProviderRegistry } from '../ai/ai-provider-registry.js';
import type { ConnectorRegistry } from '../connectors/connector-registry.js';
import { AiTaskExecutor } from './executors/ai-task-executor.js';
import { ConnectorTaskExecutor } from './executors/connector-task-executor.js';
import { HttpTaskExecutor } from './executors/http-task-executor.js';
import { ScriptTaskExecutor } from './executors/script-task-executor.js';
import type { TaskExecutors } from './task-executor.js';

export interface DefaultExecutorOptions {
  /** Connector kinds (default: the built-in registry with `http`). */
  connectors?: ConnectorRegistry;
  /** Where WEFT_CONNECTOR_<NAME>_<KEY> setting overrides are read (default: none are applied). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** AI providers (default: none configured; ai nodes then fail with AiProviderMissing). */
  ai?: AiProviderRegistry;
}

export function defaultExecutors(options: DefaultExecutorOptions = {}): TaskExecutors {
  return {
    script: new ScriptTaskExecutor(),
    http: new HttpTaskExecutor(),
    connector: new ConnectorTaskExecutor(options.connectors, options.environment),
    ai: new AiTaskExecutor(options.ai),
  };
}
