// Test support for the webview — diagram models of the real samples (samples/*.weft), built by
// the real language services from disk, exactly as the server would publish them.

import path from 'node:path';
import { readdirSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import { createWeftServices } from '../../../language-server/weft-module.js';
import { loadFilesWithImports } from '../../../language-server/workspace/workspace-loader.js';
import type { DiagramDocumentModel } from '../../../webview/protocol.js';
import { samplesDir } from '../../support/paths.js';

export const SAMPLE_FILES = readdirSync(samplesDir, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.weft') && !e.name.startsWith('.'))
  .map((e) => e.name)
  .sort();

export async function sampleModel(file: string): Promise<DiagramDocumentModel> {
  const services = createWeftServices(NodeFileSystem).Weft;
  const loaded = await loadFilesWithImports(services, [path.join(samplesDir, file)]);
  const model = await services.diagram.DiagramModelService.modelFor(loaded.entries[0]!.uri.toString());
  if (!model) throw new Error(`no diagram model for ${file}`);
  return model;
}
