// Starts and stops the VS Code server (from code-server's bundled VS Code, on Node 24) in its own
// process group on 127.0.0.1, and installs .vsix files into its extensions folder. Stopping kills
// the whole group (extension hosts included) and waits until no member is left.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, type WriteStream } from 'node:fs';

export interface ServerFolders {
  serverDataDir: string;
  userDataDir: string;
  extensionsDir: string;
}

export interface RunningServer {
  readonly port: number;
  readonly pid: number;
  /** Kills the process group (TERM, then KILL) and resolves once it is empty. */
  stop(): Promise<void>;
}

export interface ServerLaunch {
  node: string;
  serverMain: string;
  folders: ServerFolders;
  env: NodeJS.ProcessEnv;
  logFile: string;
  startTimeoutMs?: number;
  /** Extra server flags (e.g. --disable-workspace-trust). */
  extraArgs?: readonly string[];
}

function folderArgs(f: ServerFolders): string[] {
  return ['--server-data-dir', f.serverDataDir, '--user-data-dir', f.userDataDir, '--extensions-dir', f.extensionsDir];
}

/** Installs a .vsix with the server's own CLI (`--install-extension`), then returns. */
export async function installExtension(launch: Omit<ServerLaunch, 'startTimeoutMs' | 'extraArgs'>, vsix: string): Promise<string> {
  const args = [launch.serverMain, '--accept-server-license-terms', ...folderArgs(launch.folders), '--install-extension', vsix, '--force'];
  const child = spawn(launch.node, args, { env: launch.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  killGroup(child.pid!, 'SIGKILL');
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsix} failed (exit ${code}):\n${output}`);
  }
  return output.trim();
}

/** Starts the server on a free loopback port; resolves when it listens. */
export async function startServer(launch: ServerLaunch): Promise<RunningServer> {
  const args = [
    launch.serverMain, '--host', '127.0.0.1', '--port', '0',
    '--without-connection-token', '--accept-server-license-terms', '--telemetry-level', 'off',
    '--enable-smoke-test-driver', ...folderArgs(launch.folders), ...(launch.extraArgs ?? []),
  ];
  // detached: the child calls setsid(), so it leads a new process group we can kill as a whole.
  const child = spawn(launch.node, args, { env: launch.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = createWriteStream(launch.logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  registerEmergencyKill(child.pid!);
  const stop = () => stopGroup(child, log);
  try {
    const port = await waitForPort(child, launch.startTimeoutMs ?? 60_000);
    return { port, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function waitForPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`VS Code server did not listen within ${timeoutMs} ms:\n${seen}`)), timeoutMs);
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /Extension host agent listening on (\d+)/.exec(seen);
      if (m) done(() => resolve(Number(m[1])));
    };
    const onExit = (code: number | null) => fail(new Error(`VS Code server exited (${code}) before listening:\n${seen}`));
    const done = (f: () => void) => {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      f();
    };
    const fail = (e: Error) => done(() => reject(e));
    child.stdout!.on('data', onData);
    child.on('exit', onExit);
  });
}

const groups = new Set<number>();
let emergencyHookInstalled = false;
/** If the launcher itself dies, still kill every group it started (synchronously, on exit). */
function registerEmergencyKill(pgid: number): void {
  groups.add(pgid);
  if (emergencyHookInstalled) return;
  emergencyHookInstalled = true;
  process.on('exit', () => {
    for (const g of groups) killGroup(g, 'SIGKILL');
  });
  // Ctrl-C or a CI cancellation: exit through the hook above instead of dying around it.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group has no member left
  }
}

async function stopGroup(child: ChildProcess, log: WriteStream): Promise<void> {
  const pgid = child.pid!;
  const exited = child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(pgid, 'SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(5_000).then(() => false)]);
  // Members that ignored TERM (extension hosts, the language server) go now.
  killGroup(pgid, 'SIGKILL');
  if (!graceful) await exited;
  // Wait until no live member is left (zombies waiting for init to reap them do not count).
  const deadline = Date.now() + 10_000;
  while (liveGroupMembers(pgid).length > 0) {
    if (Date.now() > deadline) {
      throw new Error(`process group ${pgid} still has members after SIGKILL: ${liveGroupMembers(pgid).join(', ')}`);
    }
    await delay(50);
  }
  groups.delete(pgid);
  await new Promise<void>((resolve) => log.end(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Pids of the group's members that are not zombies, read from /proc (Linux). */
export function liveGroupMembers(pgid: number): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return killGroup(pgid, 0) ? [pgid] : [];
  }
  const live: number[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // Fields after the parenthesised command: state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') live.push(Number(pid));
  }
  return live;
}
