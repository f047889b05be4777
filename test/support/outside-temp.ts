// A new folder that is not inside the temp folder: scripts may read the temp folder
// (docs/runtime-effects.md §4), so a test that checks what a script may NOT read beside its
// workflow's folder needs a place outside it. The checkout's root is tried first (a clone in /tmp,
// as CI may make, is inside it), then /var/tmp and the home folder.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from './paths.js';

/** A fresh folder named `<prefix>XXXXXX` outside `os.tmpdir()`, or undefined when none can be made. */
export function folderOutsideTemp(prefix: string): string | undefined {
  const temp = path.resolve(os.tmpdir());
  for (const parent of [fromRoot(), '/var/tmp', os.homedir()]) {
    const resolved = path.resolve(parent);
    if (resolved === temp || resolved.startsWith(temp + path.sep)) continue;
    try {
      return mkdtempSync(path.join(resolved, prefix));
    } catch {
      // Not writable here: the next.
    }
  }
  return undefined;
}
