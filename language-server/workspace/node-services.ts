// The language services the CLI uses (Langium over the real file system), created once per
// process on first use. The CLI composes language-server/ and runtime/; it adds no checks.
import { NodeFileSystem } from 'langium/node';
import type { WeftServices } from '../language-server/weft-module.js';
import { createWeftServices } from '../language-server/weft-module.js';

let services: WeftServices | undefined;

export function weftServices(): WeftServices {
    services ??= createWeftServices({ ...NodeFileSystem }).Weft;
    return services;
}
