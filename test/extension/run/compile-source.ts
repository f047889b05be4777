// Test support for the extension's run logic: compiles inline .weft text to a bundle through
// the real compile step (written to a temporary file, since compiling reads disk).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileWorkflow } from '../../../language-server/workspace/compile-workflow.js';
import type { WorkflowBundle } from '../../../runtime/ir/index.js';

export async function compileSource(text: string, workflow?: string): Promise<WorkflowBundle> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-ext-'));
  const file = path.join(dir, 'main.weft');
  writeFileSync(file, text);
  const result = await compileWorkflow(file, workflow);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.bundle;
}
