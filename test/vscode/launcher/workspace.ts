// Prepares the throw-away workspace the suite opens: the fixture workspace, a copy of samples/
// (so tests may edit files freely), and settings that keep the workbench quiet and offline.
import { promises as fs, existsSync } from 'node:fs';
import path from 'node:path';

/** Settings for a quiet, offline workbench; written as user, machine and workspace settings. */
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'editor.minimap.enabled': false,
  'git.enabled': false,
  'workbench.localHistory.enabled': false,
};

export async function writeSettings(file: string, settings: Record<string, unknown>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(settings, null, 2));
}

export async function prepareWorkspace(
  target: string, fixtureDir: string, samplesDir: string, settings: Record<string, unknown> = quietSettings,
): Promise<void> {
  await fs.cp(fixtureDir, target, { recursive: true });
  if (existsSync(samplesDir)) await fs.cp(samplesDir, path.join(target, 'samples'), { recursive: true });
  await writeSettings(path.join(target, '.vscode/settings.json'), settings);
}
