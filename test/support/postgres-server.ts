// Test support — a real PostgreSQL server for the tests of the PostgreSQL run store: Debian's
// server binaries (scripts/ensure-postgres.sh installs them), a throwaway cluster in a temporary
// folder, listening on a free loopback port, started once per test process on first use and
// stopped and removed when the process exits. As root (CI here), the cluster runs as Debian's
// `postgres` user, since PostgreSQL refuses to run as root. `fsync=off`: the tests check what
// the store writes and reads, not the disk's durability, and it keeps them fast.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  /** `postgres://weft@127.0.0.1:<port>/postgres` (trust authentication on loopback). */
  url: string;
  port: number;
}

let started: Promise<PostgresServer> | undefined;

/** The test process's server (started on first call). */
export function postgresServer(): Promise<PostgresServer> {
  return (started ??= start(false));
}

/** The newest Debian PostgreSQL's binaries folder. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'postgres'))) : [];
  if (versions.length === 0) throw new Error('Debian\'s PostgreSQL is needed: run sh scripts/ensure-postgres.sh (npm run test:unit does)');
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs a server binary, as `postgres` when this process is root; throws with its output when it fails. */
function run(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

/**
 * A server of the caller's own (not the process's shared one), for a test that stops and starts
 * it again; removed when the process exits, or by `remove`.
 */
export async function ownPostgresServer(options: { fsync?: boolean } = {}): Promise<OwnPostgresServer> {
  return start(options.fsync === true);
}

export interface OwnPostgresServer extends PostgresServer {
  /** Stops the server (fast shutdown: connections are cut, as when a database server goes down). */
  stop(): void;
  /** Starts it again on the same port, with the same data. */
  restart(): void;
  /** Stops it and removes its folder. */
  remove(): void;
}

async function start(fsync = false): Promise<OwnPostgresServer> {
  const bin = binDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-pg-'));
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  run(path.join(bin, 'initdb'), ['-D', data, '-U', 'weft', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const pgCtl = path.join(bin, 'pg_ctl');
  const up = () => run(pgCtl, ['start', '-D', data, '-w', '-t', '60', '-l', path.join(dir, 'server.log'),
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${fsync ? 'on' : 'off'} -c max_connections=200`]);
  const down = (mode: 'fast' | 'immediate') => {
    try { run(pgCtl, ['stop', '-D', data, '-m', mode, '-w']); } catch { /* not running */ }
  };
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    down('immediate');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', remove);
  // A test process stopped by a signal (a timeout, Ctrl-C) runs no 'exit' handlers: the server
  // goes first, then the signal does what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      remove();
      process.kill(process.pid, signal);
    });
  }
  up();
  return { url: `postgres://weft@127.0.0.1:${port}/postgres`, port, stop: () => down('fast'), restart: up, remove };
}
