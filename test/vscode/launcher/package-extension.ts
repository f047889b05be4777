// Packages the extension exactly as a user would get it: `vsce package --no-dependencies` on the
// built repository (dist/ must be fresh). Returns the .vsix path. It must not build or install.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export async function packageExtension(repoRoot: string, vsixPath: string): Promise<string> {
  const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  if (!existsSync(path.join(repoRoot, 'dist/extension.cjs'))) {
    throw new Error('dist/extension.cjs is missing: run the build (npm run build) first');
  }
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
    '--no-update-package-json', '--no-rewrite-relative-links', '--out', vsixPath];
  const output = await run(process.execPath, args, repoRoot);
  if (!existsSync(vsixPath)) throw new Error(`vsce produced no ${vsixPath}:\n${output}`);
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
