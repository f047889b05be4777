// `npm run test:vscode`: runs the integration suite in a real VS Code (the server inside
// code-server, on Node 24, shown in headless chromium) against the PACKAGED extension: vsce
// package -> --install-extension -> one VS Code session per entry of sessions.ts. Always stops
// every process it started; exit code 0 only when every test passed. Needs setup-vscode.sh.
import { promises as fs, existsSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as paths from './paths.js';
import { bundleSuite } from './bundle-suite.js';
import { packageExtension } from './package-extension.js';
import { installExtension, startServer, liveGroupMembers, type RunningServer, type ServerFolders } from './vscode-server.js';
import { runTestsInWorkbench } from './workbench.js';
import { startScreenshotService, type ScreenshotService } from './screenshot-service.js';
import { prepareWorkspace, quietSettings, writeSettings } from './workspace.js';
import { sessions, type Session } from './sessions.js';

const EXTENSION_ID = 'weft.weft';
const WORKBENCH_CHATTER = /^(Ignoring fetching additional builtin|Updating additional builtin|Creating a socket|Resolving connection token|Resolved connection token|\[reconnection-grace-time\]|\[AccountPolicyGate\]|\[AgentHost|\[error\] \[Service Worker\])/;

interface RunContext {
  tmp: string;
  extensionsDir: string;
  suiteIndex: string;
  screenshots: ScreenshotService;
  say(line: string): void;
  elapsed(): string;
}

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
  const screenshots = await startScreenshotService(paths.testOutputDir);
  try {
    const vsix = await packageExtension(paths.repoRoot, path.join(tmp, 'weft.vsix'));
    say(`[launcher] packaged ${path.basename(vsix)} (${Math.round((await fs.stat(vsix)).size / 1024)} KB) at ${elapsed()}`);
    const suiteIndex = await bundleSuite(paths.suiteSourceDir, path.join(paths.outRoot, 'test/vscode/suite-bundle'));
    const extensionsDir = path.join(tmp, 'extensions');
    await installExtension({ node: paths.node24, serverMain: paths.serverMain, env: serverEnv(tmp),
      folders: sessionFolders(tmp, 'install', extensionsDir), logFile: path.join(paths.testOutputDir, 'install.log') }, vsix);
    say(`[launcher] installed the .vsix at ${elapsed()}`);

    const context: RunContext = { tmp, extensionsDir, suiteIndex, screenshots, say, elapsed };
    let worst = 0;
    const only = process.env.WEFT_VSCODE_SESSION;
    for (const session of sessions) {
      if (only && session.name !== only) continue;
      const code = await runSession(session, context);
      worst = Math.max(worst, code);
    }
    say(`[launcher] screenshots: ${screenshots.taken.map((f) => path.basename(f)).join(', ') || 'none'}`);
    return worst;
  } finally {
    await screenshots.close();
    if (!process.env.WEFT_VSCODE_KEEP) await fs.rm(tmp, { recursive: true, force: true });
    say(`[launcher] done in ${elapsed()}`);
    await new Promise<void>((resolve) => transcript.end(resolve));
  }
}

function sessionFolders(tmp: string, name: string, extensionsDir: string): ServerFolders {
  return {
    serverDataDir: path.join(tmp, name, 'server-data'),
    userDataDir: path.join(tmp, name, 'user-data'),
    extensionsDir,
  };
}

function serverEnv(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg/data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg/cache'),
    EXTENSIONS_GALLERY: '{}',
    VSCODE_CLI_DISABLE_UPDATE: '1',
  };
  delete env.NODE_OPTIONS;
  return env;
}

/** One VS Code session: fresh data folders and workspace copy, the server, the browser, the suite. */
async function runSession(session: Session, ctx: RunContext): Promise<number> {
  const { say, elapsed } = ctx;
  const folders = sessionFolders(ctx.tmp, session.name, ctx.extensionsDir);
  const workspace = path.join(ctx.tmp, session.name, 'workspace');
  const settings = { ...quietSettings, ...session.settings };
  await prepareWorkspace(workspace, paths.fixtureWorkspace, paths.samplesDir, settings);
  for (const f of [path.join(folders.userDataDir, 'User/settings.json'), path.join(folders.serverDataDir, 'data/Machine/settings.json')]) {
    await writeSettings(f, settings);
  }
  const installed = (await fs.readdir(ctx.extensionsDir)).find((n) => n.startsWith(`${EXTENSION_ID}-`));
  if (!installed) throw new Error(`the .vsix did not install into ${ctx.extensionsDir}`);
  const env = {
    ...serverEnv(ctx.tmp),
    WEFT_TEST_WORKSPACE: workspace,
    WEFT_TEST_SESSION: session.name,
    WEFT_TEST_SCREENSHOT_URL: ctx.screenshots.url,
  };

  let server: RunningServer | undefined;
  try {
    server = await startServer({
      node: paths.node24, serverMain: paths.serverMain, folders, env, extraArgs: session.serverArgs,
      logFile: path.join(paths.testOutputDir, `server-${session.name}.log`),
    });
    say(`[launcher] ${session.name} session: VS Code server on 127.0.0.1:${server.port} (process group ${server.pid}) at ${elapsed()}`);
    const code = await runTestsInWorkbench({
      chromiumPath: paths.chromiumPath,
      port: server.port,
      folder: workspace,
      // The installed copy of the .vsix is what runs: the tests exercise the packaged files.
      extensionDevelopmentPath: path.join(ctx.extensionsDir, installed),
      extensionTestsPath: ctx.suiteIndex,
      timeoutMs: Number(process.env.WEFT_VSCODE_TIMEOUT_MS ?? 300_000),
      onLog: say,
      onPage: (page) => ctx.screenshots.attach(page),
      beforeClose: async (page, reason) => {
        await page.screenshot({ path: path.join(paths.testOutputDir, `${session.name}-${reason === 'exit' ? 'final' : 'timeout'}.png`) });
      },
    });
    say(`[launcher] ${session.name} session: exit code ${code} at ${elapsed()}`);
    return code;
  } finally {
    const pgid = server?.pid;
    await server?.stop().catch((e) => say(`[launcher] stopping the server: ${e}`));
    if (pgid !== undefined) {
      const left = liveGroupMembers(pgid);
      say(left.length ? `[launcher] processes left behind: ${left.join(', ')}` : `[launcher] ${session.name} session: server process group is empty`);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[launcher] ${err instanceof Error ? err.stack ?? err.message : err}`);
    process.exit(1);
  },
);
