// `npm run test:electron`: the same integration suite in desktop VS Code, for machines with
// internet: @vscode/test-electron downloads VS Code (WEFT_VSCODE_VERSION, default stable), the
// packaged .vsix is installed with its CLI, and runTests() runs the suite. Cannot run offline.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import * as paths from './paths.js';
import { bundleSuite } from './bundle-suite.js';
import { packageExtension } from './package-extension.js';
import { prepareWorkspace, quietSettings, writeSettings } from './workspace.js';

async function main(): Promise<number> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'weft-electron-'));
  try {
    const vsix = await packageExtension(paths.repoRoot, path.join(tmp, 'weft.vsix'));
    const suiteIndex = await bundleSuite(paths.suiteSourceDir, path.join(paths.outRoot, 'test/vscode/suite-bundle'));
    const workspace = path.join(tmp, 'workspace');
    await prepareWorkspace(workspace, paths.fixtureWorkspace, paths.samplesDir);
    const extensionsDir = path.join(tmp, 'extensions');
    const userDataDir = path.join(tmp, 'user-data');
    await writeSettings(path.join(userDataDir, 'User/settings.json'), quietSettings);

    const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.WEFT_VSCODE_VERSION ?? 'stable');
    const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath);
    const install = spawnSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
      encoding: 'utf8', stdio: 'pipe', shell: process.platform === 'win32',
    });
    if (install.status !== 0) throw new Error(`installing the .vsix failed:\n${install.stdout}${install.stderr}`);
    const installed = (await fs.readdir(extensionsDir)).find((n) => n.startsWith('weft.weft-'));
    if (!installed) throw new Error(`the .vsix did not install into ${extensionsDir}`);

    await runTests({
      vscodeExecutablePath,
      // As with the offline launcher, the installed copy of the .vsix is what runs.
      extensionDevelopmentPath: path.join(extensionsDir, installed),
      extensionTestsPath: suiteIndex,
      launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust', '--disable-gpu',
        '--disable-extension', 'github.copilot-chat'],
      // The trusted session's tests; Restricted Mode is covered by the offline launcher.
      extensionTestsEnv: { WEFT_TEST_WORKSPACE: workspace, WEFT_TEST_SESSION: 'trusted' },
    });
    return 0;
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[electron launcher] ${err instanceof Error ? err.stack ?? err.message : err}`);
    process.exit(1);
  },
);
