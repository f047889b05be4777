// Packages the extension exactly as a user would get it: `vsce package --no-dependencies` over
// the built checkout (dist/ must be fresh), with .vscodeignore deciding what ships. Returns the
// .vsix path. It must not build or install.
import { spawn } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';

/** Top-level entries that are build or test outputs, never sources of the package. */
const NOT_STAGED = /^(node_modules|\.git|test-output|out|out-.*|\.vscode-test|.*\.vsix)$/;

/**
 * Copies the checkout without its build/test outputs into `stageDir`: vsce walks every file of
 * the folder it packages, and in a shared checkout the out*\/ folders alone hold thousands.
 */
export async function stageCheckout(repoRoot: string, stageDir: string): Promise<void> {
  await fs.mkdir(stageDir, { recursive: true });
  for (const entry of await fs.readdir(repoRoot)) {
    if (NOT_STAGED.test(entry)) continue;
    await fs.cp(path.join(repoRoot, entry), path.join(stageDir, entry), { recursive: true });
  }
}

export async function packageExtension(repoRoot: string, vsixPath: string): Promise<string> {
  const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  if (!existsSync(path.join(repoRoot, 'dist/extension.cjs'))) {
    throw new Error('dist/extension.cjs is missing: run the build (npm run build) first');
  }
  const stage = path.join(path.dirname(vsixPath), 'package-stage');
  await stageCheckout(repoRoot, stage);
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
    '--no-update-package-json', '--no-rewrite-relative-links', '--out', vsixPath];
  try {
    const output = await run(process.execPath, args, stage);
    if (!existsSync(vsixPath)) throw new Error(`vsce produced no ${vsixPath}:\n${output}`);
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
  return vsixPath;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`vsce failed (${code}):\n${output}`))));
  });
}
