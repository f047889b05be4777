// Loads .weft files from disk together with everything they import (transitively) into the
// Langium workspace and builds them (parse, link, validate). Used by the CLI and by tests; the
// language server loads workspace folders itself and adds missing imports with ImportLoader.
import type { LangiumDocument } from 'langium';
import { URI } from 'langium';
import path from 'node:path';
import type { WeftServices } from '../weft-module.js';

/** A file the user named that cannot be read (the CLI exits with code 2). */
export class UnreadableFileError extends Error {
    constructor(readonly file: string, cause: unknown) {
        super(`cannot read ${file}: ${cause instanceof Error ? cause.message.replace(/^[A-Z]+: /, '') : String(cause)}`);
        this.name = 'UnreadableFileError';
    }
}

export interface LoadedFiles {
    /** The documents of the files named, in the order given. */
    entries: LangiumDocument[];
    /** Entries plus every imported document that could be loaded. */
    documents: LangiumDocument[];
    /** Imports that name files that could not be read. */
    unreadableImports: URI[];
}

export interface LoadOptions {
    /** Run validation checks (default true). */
    validation?: boolean;
}

/** URI of a path given on the command line (relative to `cwd`). */
export function fileUri(file: string, cwd = process.cwd()): URI {
    return URI.file(path.resolve(cwd, file));
}

export async function loadFilesWithImports(services: WeftServices, files: readonly string[], options: LoadOptions = {}): Promise<LoadedFiles> {
    const shared = services.shared;
    const documents = shared.workspace.LangiumDocuments;
    const entries: LangiumDocument[] = [];
    for (const file of files) {
        const uri = fileUri(file);
        if (!shared.ServiceRegistry.hasServices(uri)) throw new UnreadableFileError(file, new Error('not a .weft file'));
        try {
            entries.push(await documents.getOrCreateDocument(uri));
        } catch (error) {
            throw new UnreadableFileError(file, error);
        }
    }
    const loaded = new Map<string, LangiumDocument>(entries.map(d => [d.uri.toString(), d]));
    const unreadable = new Map<string, URI>();
    const queue = [...entries];
    const resolver = services.references.ImportResolver;
    while (queue.length > 0) {
        const document = queue.shift()!;
        for (const uri of resolver.importedUris(document)) {
            const key = uri.toString();
            if (loaded.has(key) || unreadable.has(key)) continue;
            try {
                const imported = await documents.getOrCreateDocument(uri);
                loaded.set(key, imported);
                queue.push(imported);
            } catch {
                unreadable.set(key, uri);
            }
        }
    }
    const all = [...loaded.values()];
    await shared.workspace.DocumentBuilder.build(all, { validation: options.validation ?? true });
    return { entries, documents: all, unreadableImports: [...unreadable.values()] };
}
