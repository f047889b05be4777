// Entry of the Weft language server process (bundled to dist/language-server.cjs): opens the
// LSP connection the extension started it with (IPC or stdio) and hands it to Langium.
// Nothing else lives here; services are composed in weft-module.ts.
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startWeftLanguageServer } from './lsp/weft-server-start.js';
import { createWeftServices } from './weft-module.js';

const connection = createConnection(ProposedFeatures.all);
const { shared } = createWeftServices({ connection, ...NodeFileSystem });
startWeftLanguageServer(shared);
