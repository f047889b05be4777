// The language services over the real file system (Langium's NodeFileSystem), created once per
// process on first use: what the CLI, the debug adapter and the editor's run command compile with.
// Outside the language server process only; the server builds its own services in main.ts.
import { NodeFileSystem } from 'langium/node';
import type { WeftServices } from '../weft-module.js';
import { createWeftServices } from '../weft-module.js';

let services: WeftServices | undefined;

export function weftServices(): WeftServices {
    services ??= createWeftServices({ ...NodeFileSystem }).Weft;
    return services;
}
