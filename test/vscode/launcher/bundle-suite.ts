// Bundles the integration suite (test/vscode/suite/**) into CommonJS files that any VS Code
// extension host can `require`: the runner index plus one bundle per `*.test.ts`. `vscode` and
// `mocha` stay external (the host provides the first, the repository's node_modules the second).
import * as esbuild from 'esbuild';
import { promises as fs } from 'node:fs';
import path from 'node:path';

async function findTests(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findTests(p)));
    else if (entry.name.endsWith('.test.ts')) found.push(p);
  }
  return found.sort();
}

/** Writes `<outDir>/index.cjs` and `<outDir>/**\/*.test.cjs`; returns the runner's path. */
export async function bundleSuite(sourceDir: string, outDir: string): Promise<string> {
  await fs.rm(outDir, { recursive: true, force: true });
  const entryPoints = [path.join(sourceDir, 'index.ts'), ...(await findTests(sourceDir))];
  await esbuild.build({
    entryPoints,
    outbase: sourceDir,
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
    define: { 'import.meta.url': '__weft_bundle_url' },
    banner: { js: 'const __weft_bundle_url = require("url").pathToFileURL(__filename).href;' },
  });
  return path.join(outDir, 'index.cjs');
}
