import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
    createProtocolConnection, type Diagnostic, InitializeRequest, InitializedNotification, type ProtocolConnection,
    PublishDiagnosticsNotification, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
    ShutdownRequest, ExitNotification, LogMessageNotification, type LogMessageParams,
} from 'vscode-languageserver-protocol';

/** The built server (npm test builds first): `node dist/lsp/server.js --stdio`. */
export const serverScript = fileURLToPath(new URL('../../dist/lsp/server.js', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * A language client for tests: starts the server as a separate process over stdio and speaks
 * JSON-RPC to it, as an editor does.
 */
export class TestLanguageClient {
    private readonly diagnostics = new Map<string, Diagnostic[]>();
    /** Every `publishDiagnostics` the server sent, in order. */
    readonly published: { uri: string; diagnostics: Diagnostic[] }[] = [];
    private readonly waiters: { uri: string; accept: (diagnostics: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
    private readonly versions = new Map<string, number>();
    /** Every `window/logMessage` the server sent, in order. */
    readonly logged: LogMessageParams[] = [];

    private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection) {
        connection.onNotification(LogMessageNotification.type, params => this.logged.push(params));
        connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
            this.diagnostics.set(uri, diagnostics);
            this.published.push({ uri, diagnostics });
            for (const waiter of [...this.waiters]) {
                if (waiter.uri === uri && waiter.accept(diagnostics)) {
                    this.waiters.splice(this.waiters.indexOf(waiter), 1);
                    waiter.resolve(diagnostics);
                }
            }
        });
    }

    /** Starts a server whose workspace is `folder`. */
    static async start(folder: string, command: readonly string[] = [process.execPath, serverScript, '--stdio']): Promise<TestLanguageClient> {
        const child = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
        const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        connection.listen();
        const client = new TestLanguageClient(child, connection);
        const rootUri = pathToFileURL(folder).toString();
        await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: path.basename(folder) }],
            capabilities: {
                textDocument: {
                    completion: { completionItem: { snippetSupport: true } },
                    hover: { contentFormat: ['markdown'] },
                    publishDiagnostics: { relatedInformation: true },
                },
                workspace: { workspaceFolders: true },
            },
        });
        await connection.sendNotification(InitializedNotification.type, {});
        return client;
    }

    uriOf(file: string): string {
        return pathToFileURL(file).toString();
    }

    /** Opens `file` (its disk content, or `text`) and waits for its first diagnostics. */
    async open(file: string, text = readFileSync(file, 'utf8')): Promise<Diagnostic[]> {
        const uri = this.uriOf(file);
        const published = this.nextDiagnostics(uri);
        this.versions.set(uri, 1);
        await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'weft', version: 1, text } });
        return published;
    }

    /** Replaces the whole text of an open document and waits for the diagnostics of the new text. */
    async change(file: string, text: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
        const uri = this.uriOf(file);
        const version = (this.versions.get(uri) ?? 1) + 1;
        this.versions.set(uri, version);
        const published = this.nextDiagnostics(uri, accept);
        await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
        return published;
    }

    nextDiagnostics(uri: string, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
        return new Promise(resolve => this.waiters.push({ uri, accept, resolve }));
    }

    latestDiagnostics(file: string): Diagnostic[] | undefined {
        return this.diagnostics.get(this.uriOf(file));
    }

    async stop(): Promise<void> {
        try {
            await this.connection.sendRequest(ShutdownRequest.type);
            await this.connection.sendNotification(ExitNotification.type);
        } finally {
            this.connection.dispose();
            if (this.process.exitCode === null) this.process.kill();
        }
    }
}

/** The offset-free position of the `occurrence`th `needle` in `text`, `delta` characters into it. */
export function positionOf(text: string, needle: string, delta = 0, occurrence = 1): { line: number; character: number } {
    let index = -1;
    for (let i = 0; i < occurrence; i++) {
        index = text.indexOf(needle, index + 1);
        if (index < 0) throw new Error(`\`${needle}\` not found`);
    }
    const offset = index + delta;
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
