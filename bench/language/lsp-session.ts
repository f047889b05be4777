// Language benchmark — a client of the real language server process (dist/language-server.cjs
// over stdio): opens documents, applies edits and waits for published diagnostics, and sends
// completion and hover requests, so latencies include the LSP wire and the server's scheduling.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';

/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;

export class LspSession {
    private readonly child: ChildProcessWithoutNullStreams;
    private readonly connection: MessageConnection;
    readonly folder: string;
    private readonly waiters = new Map<string, Array<(p: PublishDiagnosticsParams) => void>>();
    private readonly modelWaiters = new Map<string, Array<() => void>>();
    private versions = new Map<string, number>();

    /** `nodeArgs` go to the server's node (e.g. `--cpu-prof` for a profile of the server). */
    constructor(serverPath: string, nodeArgs: string[] = []) {
        this.folder = mkdtempSync(path.join(tmpdir(), 'weft-bench-'));
        this.child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { cwd: this.folder, stdio: 'pipe' });
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
        this.connection.onNotification('weft/diagramModelChanged', (params: { uri: string }) => {
            const waiting = this.modelWaiters.get(params.uri) ?? [];
            this.modelWaiters.delete(params.uri);
            for (const resolve of waiting) resolve();
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

    /** Resolves when the server next publishes a diagram model of the file (it must be watched). */
    nextDiagramModel(name: string): Promise<void> {
        const uri = this.uri(name);
        return new Promise(resolve => this.modelWaiters.set(uri, [...(this.modelWaiters.get(uri) ?? []), resolve]));
    }

    /** Asks for the file's diagram model, as an open diagram panel does; the server then pushes it after each build. */
    diagramModel(name: string): Promise<unknown> {
        return this.connection.sendRequest('weft/diagramModel', { uri: this.uri(name) });
    }

    /** Any request about the file (`textDocument` is filled in). */
    request(method: string, name: string, params: object = {}): Promise<unknown> {
        return this.connection.sendRequest(method, { textDocument: { uri: this.uri(name) }, ...params });
    }

    completion(name: string, position: Position): Promise<unknown> {
        return this.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri(name) }, position });
    }

    hover(name: string, position: Position): Promise<unknown> {
        return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(name) }, position });
    }

    /** CPU time the server process has used so far, in ms (Linux /proc; undefined elsewhere). */
    serverCpuMs(): number | undefined {
        try {
            const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
            // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
            return (Number(fields[11]) + Number(fields[12])) * 1000 / CLOCK_TICKS;
        } catch {
            return undefined;
        }
    }

    async close(): Promise<void> {
        try {
            const exited = new Promise(resolve => this.child.once('exit', resolve));
            await this.connection.sendRequest('shutdown');
            await this.connection.sendNotification('exit');
            // A server that exits by itself writes its --cpu-prof profile; one that does not is killed.
            await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000).unref())]);
        } finally {
            this.connection.dispose();
            this.child.kill();
            rmSync(this.folder, { recursive: true, force: true });
        }
    }
}
