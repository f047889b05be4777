// Engine — adapts the script runner (`runtime/executors/script`) to the engine's TaskExecutor
// seam: `with` becomes the module's input, `limits` its memory and CPU limits, console lines
// become live logs, and CPU/memory figures are reported as usage. Timeouts stay the engine's.

import type { ScriptNode } from '../../ir/index.js';
import { runScript, type ScriptRunOptions, type ScriptRunResult } from '../../executors/script/script-runner.js';
import type { TaskContext, TaskExecutor } from '../task-executor.js';

export class ScriptTaskExecutor implements TaskExecutor<ScriptNode> {
  constructor(private readonly run: (options: ScriptRunOptions) => Promise<ScriptRunResult> = runScript) {}

  async execute(ctx: TaskContext<ScriptNode>): Promise<unknown> {
    const { node } = ctx;
    const options: ScriptRunOptions = {
      input: ctx.input,
      signal: ctx.signal,
      onLog: (log) => ctx.log(log.level === 'error' ? 'error' : log.level === 'warn' ? 'warn' : 'info', log.message),
    };
    if ('path' in node.script) options.path = node.script.path;
    else options.code = node.script.code;
    if (node.options.limits?.memoryBytes !== undefined) options.memoryBytes = node.options.limits.memoryBytes;
    if (node.options.limits?.cpuMs !== undefined) options.cpuMs = node.options.limits.cpuMs;
    const result = await this.run(options);
    ctx.usage({ cpuMs: result.cpuMs, memoryBytes: result.maxMemoryBytes });
    return result.value;
  }
}
