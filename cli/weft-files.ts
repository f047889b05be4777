// CLI — the .weft files that command-line paths name (`weft format`, `weft serve`).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from './command.js';

/** The .weft files a command-line path names: the file itself, or every .weft file below a folder. */
export async function weftFilesOf(target: string, cwd: string): Promise<string[]> {
    const absolute = path.resolve(cwd, target);
    let stat;
    try {
        stat = await fs.stat(absolute);
    } catch (error) {
        throw new UsageError(`cannot read ${target}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`);
    }
    if (!stat.isDirectory()) return [absolute];
    const found: string[] = [];
    for (const entry of await fs.readdir(absolute, { withFileTypes: true, recursive: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.weft')) continue;
        const full = path.join(entry.parentPath, entry.name);
        if (full.split(path.sep).includes('node_modules')) continue;
        found.push(full);
    }
    return found.sort();
}
