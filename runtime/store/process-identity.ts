// Store — whether the process a record names (a run carrier's, a server's marker) still lives:
// the pid answers, is not a zombie, and — where Linux's /proc says when each process started —
// is the same process that wrote the record, not a later one given its pid again. Without the
// start time (another OS, or a record written before it was kept) the pid alone decides.
import { readFileSync } from 'node:fs';

/** When process `pid` started (`/proc/<pid>/stat` field 22, clock ticks since boot), if this OS says. */
export function processStartOf(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

let ownStart: string | undefined | null = null;

/** When this process started (`processStartOf(process.pid)`), read once. */
export function ownProcessStart(): string | undefined {
  if (ownStart === null) ownStart = processStartOf(process.pid);
  return ownStart;
}

/**
 * Process `pid` lives and is the one that started at `start` (when given and this OS says):
 * false for no such process, a zombie (killed, not yet reaped by its parent) or a pid reused
 * by a process that started later.
 */
export function processLives(pid: number, start?: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // ESRCH: no such process; EPERM: it exists, owned by someone else.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const fields = statFields(pid);
  if (fields === undefined) return true;
  if (fields[0] === 'Z') return false;
  return start === undefined || fields[19] === undefined || fields[19] === start;
}

/** The fields of `/proc/<pid>/stat` from its state (field 3) on, if this OS has them: those after the command name, which may hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
