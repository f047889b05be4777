// Test support — absolute locations of the repository's folders, for tests that read samples,
// fixtures or built bundles. Tests run from out/test/…, so the root is found from this file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const samplesDir = path.join(repoRoot, 'samples');
export const distDir = path.join(repoRoot, 'dist');

/** Path of a file under the repository root. */
export function fromRoot(...parts: string[]): string {
  return path.join(repoRoot, ...parts);
}
