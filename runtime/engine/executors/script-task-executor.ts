// Engine — adapts the script runner (`runtime/executors/script`) to the engine's TaskExecutor
// seam: `with` becomes the module's input, `limits` its memory and CPU limits, console lines
// become live logs, and CPU/memory figures are reported as usage. Timeouts stay the engine's.
// The runner is told the workflow (warm workers are not shared between workflows), whether the
// input carries a secret (that worker is not reused) and the workflow's folder (what a script may
// read).

import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
      group: `${ctx.workflow.sourceUri}#${ctx.workflow.id}`,
      secretInput: carriesSecret(node.options.with, ctx.input, ctx.secrets),
    };
    const secrets = Object.values(ctx.secrets).filter((v) => typeof v === 'string' && v.length > 0);
    if (secrets.length) options.secrets = secrets;
    if (ctx.workflow.sourceUri.startsWith('file:')) options.folder = path.dirname(fileURLToPath(ctx.workflow.sourceUri));
    if ('path' in node.script) options.path = node.script.path;
    else options.code = node.script.code;
    if (node.options.limits?.memoryBytes !== undefined) options.memoryBytes = node.options.limits.memoryBytes;
    if (node.options.limits?.cpuMs !== undefined) options.cpuMs = node.options.limits.cpuMs;
    const result = await this.run(options);
    ctx.usage({ cpuMs: result.cpuMs, memoryBytes: result.maxMemoryBytes });
    return result.value;
  }
}

/** `with` names a secret, or a secret's value is in the input (e.g. a variable set from one earlier). */
function carriesSecret(withExpr: unknown, input: unknown, secrets: Readonly<Record<string, string>>): boolean {
  if (JSON.stringify(withExpr ?? null).includes('"scope":"secret"')) return true;
  const values = Object.values(secrets).filter((v) => typeof v === 'string' && v.length > 0);
  if (!values.length) return false;
  let text: string;
  try { text = JSON.stringify(input) ?? ''; } catch { return true; }
  return values.some((v) => text.includes(v));
}
