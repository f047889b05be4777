// `npm run test:vscode`: runs the integration suite in a real VS Code (the server inside
// code-server, on Node 24, shown in headless chromium) against the PACKAGED extension: vsce
// package -> --install-extension -> tests. Always stops every process it started; exit code 0
// only when every test passed. Needs scripts/setup-vscode.sh to have run.
import { promises as fs, existsSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as paths from './paths.js';
import { bundleSuite } from './bundle-suite.js';
import { packageExtension } from './package-extension.js';
import { installExtension, startServer, liveGroupMembers, type RunningServer } from './vscode-server.js';
import { runTestsInWorkbench } from './workbench.js';
import { startScreenshotService } from './screenshot-service.js';
import { prepareWorkspace, quietSettings, writeSettings } from './workspace.js';

const EXTENSION_ID = 'weft.weft';
const WORKBENCH_CHATTER = /^(Ignoring fetching additional builtin|Updating additional builtin|Creating a socket|Resolving connection token|Resolved connection token|\[reconnection-grace-time\]|\[AccountPolicyGate\]|\[AgentHost|\[error\] \[Service Worker\])/;

async function main(): Promise<number> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  for (const [what, p] of [['Node 24', paths.node24], ['VS Code server', paths.serverMain], ['chromium', paths.chromiumPath]]) {
    if (!existsSync(p)) throw new Error(`${what} not found at ${p}: run scripts/setup-vscode.sh first`);
  }
  await fs.rm(paths.testOutputDir, { recursive: true, force: true });
  await fs.mkdir(paths.testOutputDir, { recursive: true });
  const transcript = createWriteStream(path.join(paths.testOutputDir, 'suite.log'));
  // Everything goes to suite.log; the console gets the suite's output without workbench chatter.
  const say = (line: string) => {
    if (!WORKBENCH_CHATTER.test(line)) process.stdout.write(line + '\n');
    transcript.write(`[${elapsed()}] ${line}\n`);
  };

  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'weft-vscode-'));
  const folders = {
    serverDataDir: path.join(tmp, 'server-data'),
    userDataDir: path.join(tmp, 'user-data'),
    extensionsDir: path.join(tmp, 'extensions'),
  };
  const workspace = path.join(tmp, 'workspace');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg/data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg/cache'),
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI_DISABLE_UPDATE: '1',
    WEFT_TEST_WORKSPACE: workspace,
  };
  delete env.NODE_OPTIONS;
  const launch = { node: paths.node24, serverMain: paths.serverMain, folders, env, logFile: path.join(paths.testOutputDir, 'server.log') };

  let server: RunningServer | undefined;
  const screenshots = await startScreenshotService(paths.testOutputDir);
  env.WEFT_TEST_SCREENSHOT_URL = screenshots.url;
  try {
    const vsix = await packageExtension(paths.repoRoot, path.join(tmp, 'weft.vsix'));
    say(`[launcher] packaged ${path.basename(vsix)} (${Math.round((await fs.stat(vsix)).size / 1024)} KB) at ${elapsed()}`);
    const suiteIndex = await bundleSuite(paths.suiteSourceDir, path.join(paths.outRoot, 'test/vscode/suite-bundle'));
    await prepareWorkspace(workspace, paths.fixtureWorkspace, paths.samplesDir);
    for (const f of [path.join(folders.userDataDir, 'User/settings.json'), path.join(folders.serverDataDir, 'data/Machine/settings.json')]) {
      await writeSettings(f, quietSettings);
    }
    await installExtension(launch, vsix);
    const installed = (await fs.readdir(folders.extensionsDir)).find((n) => n.startsWith(`${EXTENSION_ID}-`));
    if (!installed) throw new Error(`the .vsix did not install into ${folders.extensionsDir}`);
    const extensionDir = path.join(folders.extensionsDir, installed);
    say(`[launcher] installed ${installed} at ${elapsed()}`);

    server = await startServer(launch);
    say(`[launcher] VS Code server on 127.0.0.1:${server.port} (process group ${server.pid}) at ${elapsed()}`);
    const timeoutMs = Number(process.env.WEFT_VSCODE_TIMEOUT_MS ?? 300_000);
    const code = await runTestsInWorkbench({
      chromiumPath: paths.chromiumPath,
      port: server.port,
      folder: workspace,
      // The installed copy of the .vsix is what runs: the tests exercise the packaged files.
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: suiteIndex,
      timeoutMs,
      onLog: say,
      onPage: (page) => screenshots.attach(page),
      beforeClose: async (page, reason) => {
        await page.screenshot({ path: path.join(paths.testOutputDir, reason === 'exit' ? 'final.png' : 'timeout.png') });
      },
    });
    say(`[launcher] suite exit code ${code} at ${elapsed()}; screenshots: ${screenshots.taken.map((f) => path.basename(f)).join(', ') || 'none'}`);
    return code;
  } finally {
    const pgid = server?.pid;
    await server?.stop().catch((e) => say(`[launcher] stopping the server: ${e}`));
    await screenshots.close();
    if (pgid !== undefined) {
      const left = liveGroupMembers(pgid);
      say(left.length ? `[launcher] processes left behind: ${left.join(', ')}` : '[launcher] server process group is empty');
    }
    if (!process.env.WEFT_VSCODE_KEEP) await fs.rm(tmp, { recursive: true, force: true });
    say(`[launcher] done in ${elapsed()}`);
    await new Promise<void>((resolve) => transcript.end(resolve));
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[launcher] ${err instanceof Error ? err.stack ?? err.message : err}`);
    process.exit(1);
  },
);
