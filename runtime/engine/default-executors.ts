// Engine — the executors a standard engine uses for each task kind, built from the effect
// modules under runtime/executors, runtime/connectors and runtime/ai. Callers may replace any
// of them (tests, the debugger, a server with its own connectors).

import { ScriptTaskExecutor } from './executors/script-task-executor.js';
import type { TaskExecutors } from './task-executor.js';

export function defaultExecutors(): TaskExecutors {
  return {
    script: new ScriptTaskExecutor(),
  };
}
