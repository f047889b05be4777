// Robustness test support — an in-memory Weft workspace driven through the same path as the
// language server: text goes into TextDocuments and DocumentBuilder.update() rebuilds (parse,
// link, validate). No disk and no LSP connection; the server process test covers the wire.
import type { LangiumDocument } from 'langium';
import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createWeftServices, type WeftServices } from '../../../../language-server/weft-module.js';

export const WORKSPACE_ROOT = 'file:///robustness/';

let sharedServices: WeftServices | undefined;
let workspaceCount = 0;

/**
 * One folder of files in language services shared by all scratch workspaces (building the
 * parser takes about a second); each workspace has its own folder and removes it on dispose().
 */
export class ScratchWorkspace {
    readonly services: WeftServices;
    readonly folder: string;
    private readonly versions = new Map<string, number>();

    constructor() {
        this.services = sharedServices ??= createWeftServices(EmptyFileSystem).Weft;
        this.folder = `${WORKSPACE_ROOT}w${++workspaceCount}/`;
    }

    uri(relativePath: string): URI {
        return URI.parse(this.folder + relativePath);
    }

    /** Removes every document of this workspace from the shared services. */
    async dispose(): Promise<void> {
        for (const key of this.versions.keys()) this.services.shared.workspace.TextDocuments.delete(key);
        this.versions.clear();
        await this.services.shared.workspace.DocumentBuilder.update([], [URI.parse(this.folder)]);
    }

    /** Opens or changes a file and rebuilds it (and what depends on it), as an LSP didChange does. */
    async write(relativePath: string, text: string): Promise<LangiumDocument> {
        const uri = this.uri(relativePath);
        const key = uri.toString();
        const version = (this.versions.get(key) ?? 0) + 1;
        this.versions.set(key, version);
        this.services.shared.workspace.TextDocuments.set(TextDocument.create(key, 'weft', version, text));
        await this.services.shared.workspace.DocumentBuilder.update([uri], []);
        return this.document(relativePath);
    }

    /** Deletes a file, as a didChangeWatchedFiles deletion does. */
    async remove(relativePath: string): Promise<void> {
        const uri = this.uri(relativePath);
        this.services.shared.workspace.TextDocuments.delete(uri.toString());
        this.versions.delete(uri.toString());
        await this.services.shared.workspace.DocumentBuilder.update([], [uri]);
    }

    document(relativePath: string): LangiumDocument {
        const document = this.services.shared.workspace.LangiumDocuments.getDocument(this.uri(relativePath));
        if (!document) throw new Error(`no document ${relativePath}`);
        return document;
    }
}
