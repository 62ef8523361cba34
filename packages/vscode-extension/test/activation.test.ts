import { describe, expect, test, vi } from 'vitest';

// No VS Code runs here: stand-ins for `vscode` and the language client record what activation wires up.
const editor = vi.hoisted(() => ({
    taskProviders: new Map<string, unknown>(),
    contentProviders: new Map<string, unknown>(),
    commands: [] as string[],
    configurationListeners: [] as ((event: { affectsConfiguration: (section: string) => boolean }) => void)[],
    settings: { 'trace.server': 'off' } as Record<string, unknown>,
    clients: [] as { id: string; options: Record<string, unknown>; started: number }[],
}));
vi.mock('vscode', () => ({
    commands: { registerCommand: (id: string) => { editor.commands.push(id); return { dispose() {} }; } },
    tasks: { registerTaskProvider: (type: string, provider: unknown) => { editor.taskProviders.set(type, provider); return { dispose() {} }; } },
    window: { createOutputChannel: (name: string) => ({ name, appendLine() {}, dispose() {} }) },
    workspace: {
        createFileSystemWatcher: () => ({ dispose() {} }),
        registerTextDocumentContentProvider: (scheme: string, provider: unknown) => { editor.contentProviders.set(scheme, provider); return { dispose() {} }; },
        onDidChangeConfiguration: (listener: (typeof editor.configurationListeners)[number]) => { editor.configurationListeners.push(listener); return { dispose() {} }; },
        getConfiguration: (section: string) => ({ get: (key: string) => (section === 'weft' ? editor.settings[key] : undefined) }),
    },
}));
vi.mock('vscode-languageclient/node', () => ({
    TransportKind: { ipc: 1 },
    LanguageClient: class {
        readonly record: (typeof editor.clients)[number];
        constructor(id: string, _name: string, _server: unknown, options: Record<string, unknown>) {
            this.record = { id, options, started: 0 };
            editor.clients.push(this.record);
        }
        async start() { this.record.started++; }
        async stop() {}
    },
}));

describe('activation', () => {
    test('starts the client `weft` with the trace channel, and registers the task provider, the built-in document and the commands', async () => {
        const { activate } = await import('../src/extension.js');
        const { weftTaskProvider } = await import('../src/tasks/weft-task-provider.js');
        const { builtinDocumentProvider } = await import('../src/builtin-documents.js');
        const { SettingTraceChannel } = await import('../src/trace/setting-trace-channel.js');
        const subscriptions: unknown[] = [];
        await activate({ subscriptions, asAbsolutePath: (file: string) => `/extension/${file}` } as never);

        expect(editor.clients).toHaveLength(1);
        const [client] = editor.clients;
        // vscode-languageclient reads `<id>.trace.server`: the id must be `weft`.
        expect(client!.id).toBe('weft');
        expect(client!.started).toBe(1);
        expect(editor.taskProviders.get('weft')).toBe(weftTaskProvider);
        expect(editor.contentProviders.get('weft-builtin')).toBe(builtinDocumentProvider);
        expect(editor.commands).toContain('weft.restartServer');

        const trace = client!.options['traceOutputChannel'] as InstanceType<typeof SettingTraceChannel>;
        expect(trace).toBeInstanceOf(SettingTraceChannel);
        expect(trace.name).toBe('Weft Language Server Trace');
        expect(subscriptions).toContain(trace);
        // A change of weft.trace.server reaches the client through the channel; other settings do not.
        const levels: number[] = [];
        trace.onDidChangeLogLevel(level => levels.push(level));
        editor.settings['trace.server'] = 'verbose';
        for (const listener of editor.configurationListeners) listener({ affectsConfiguration: section => section === 'weft.defaultTarget' });
        expect(levels).toEqual([]);
        for (const listener of editor.configurationListeners) listener({ affectsConfiguration: section => section === 'weft.trace.server' || section === 'weft' });
        expect(levels).toEqual([1]);
    });
});
