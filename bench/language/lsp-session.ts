// Language benchmark — a client of the real language server process (dist/language-server.cjs
// over stdio): opens documents, applies edits and waits for published diagnostics, and sends
// completion and hover requests, so latencies include the LSP wire and the server's scheduling.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';

export class LspSession {
    private readonly child: ChildProcessWithoutNullStreams;
    private readonly connection: MessageConnection;
    readonly folder: string;
    private readonly waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
    private versions = new Map<string, number>();

    constructor(serverPath: string) {
        this.folder = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
        this.child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: this.folder, stdio: 'pipe' });
        this.child.stderr.resume();
        this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
        this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
        this.connection.onRequest('client/registerCapability', () => null);
        this.connection.onRequest('window/workDoneProgress/create', () => null);
        this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
            const waiting = this.waiters.get(params.uri) ?? [];
            this.waiters.delete(params.uri);
            for (const resolve of waiting) resolve(params);
        });
        this.connection.listen();
    }

    async initialize(): Promise<void> {
        const rootUri = pathToFileURL(this.folder).href;
        await this.connection.sendRequest('initialize', {
            processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
            capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
        });
        await this.connection.sendNotification('initialized', {});
    }

    uri(name: string): string {
        return pathToFileURL(path.join(this.folder, name)).href;
    }

    private nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
        return new Promise(resolve => this.waiters.set(uri, [...(this.waiters.get(uri) ?? []), resolve]));
    }

    /** Opens a document and resolves with its first published diagnostics. */
    async open(name: string, text: string): Promise<PublishDiagnosticsParams> {
        const uri = this.uri(name);
        const published = this.nextDiagnostics(uri);
        this.versions.set(uri, 1);
        await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'weft', version: 1, text } });
        return published;
    }

    /** Replaces `range` with `text` (an incremental didChange) and resolves with the next diagnostics. */
    async edit(name: string, range: Range, text: string): Promise<PublishDiagnosticsParams> {
        const uri = this.uri(name);
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        const published = this.nextDiagnostics(uri);
        await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
        return published;
    }

    completion(name: string, position: Position): Promise<unknown> {
        return this.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri(name) }, position });
    }

    hover(name: string, position: Position): Promise<unknown> {
        return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(name) }, position });
    }

    async close(): Promise<void> {
        try {
            await this.connection.sendRequest('shutdown');
            await this.connection.sendNotification('exit');
        } finally {
            this.connection.dispose();
            this.child.kill();
            rmSync(this.folder, { recursive: true, force: true });
        }
    }
}
