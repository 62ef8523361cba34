import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { SettingTraceChannel, tracesServer } from '../src/trace/setting-trace-channel.js';

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const contributes = JSON.parse(readFileSync(path.join(extensionFolder, 'package.json'), 'utf8')).contributes;

/**
 * vscode-languageclient's own `BaseLanguageClient`, loaded with a stand-in for the `vscode` module
 * (no VS Code runs here) that answers `weft.*` settings from `settings` and stubs the rest.
 */
function loadLanguageClient(settings: Record<string, unknown>) {
    // Any other export is a stub that can be called, constructed or read from.
    const stubs: ProxyHandler<object> = {
        get: (target, key) => {
            if (!Reflect.has(target, key)) Reflect.set(target, key, new Proxy(function () {}, stubs));
            return Reflect.get(target, key);
        },
    };
    const vscode = new Proxy({
        LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
        workspace: { getConfiguration: (section: string) => ({ get: (key: string, fallback: unknown) => (section === 'weft' && key in settings ? settings[key] : fallback) }) },
    }, stubs);
    const modules = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
    const resolve = modules._resolveFilename;
    modules._resolveFilename = function (request, ...rest) {
        return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
    };
    const require = createRequire(import.meta.url);
    require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as never;
    try {
        // `lib/common/client.js` is not exported: reach it beside the `node` entry (lib/node/main.js).
        const client = path.join(path.dirname(require.resolve('vscode-languageclient/node')), '../common/client.js');
        return require(client).BaseLanguageClient as { prototype: Record<string, (this: object, ...args: unknown[]) => void> };
    } finally {
        modules._resolveFilename = resolve;
        delete require.cache['vscode'];
    }
}

/** An output channel that keeps its lines. */
function output() {
    const lines: string[] = [];
    return { lines, channel: { name: 'Weft Language Server Trace', appendLine: (line: string) => lines.push(line), dispose: () => undefined } };
}

describe('weft.trace.server', () => {
    test('is contributed with the values the language client reads, off by default', () => {
        const setting = contributes.configuration.properties['weft.trace.server'];
        expect(setting.enum).toEqual(['off', 'messages', 'verbose']);
        expect(setting.default).toBe('off');
    });

    test('"off" turns the trace off; "messages" and "verbose" turn it on (the client picks the verbosity from the setting)', () => {
        expect(['off', 'messages', 'verbose', undefined, 'loud'].map(tracesServer)).toEqual([false, true, true, false, false]);
    });

    test('the channel\'s log level follows the setting, tells the client when it changes, and writes the trace only while on', () => {
        let setting = 'off';
        const { lines, channel } = output();
        const trace = new SettingTraceChannel(channel as never, () => setting);
        // VS Code's LogLevel: Off = 0, Trace = 1. vscode-languageclient traces only at Trace.
        expect(trace.logLevel).toBe(0);
        const seen: number[] = [];
        const subscription = trace.onDidChangeLogLevel(level => seen.push(level));
        trace.trace('[Trace - 10:00:00] Sending request \'textDocument/hover - (1)\'.');
        expect(lines).toEqual([]);

        setting = 'verbose';
        trace.settingChanged();
        expect(seen).toEqual([1]);
        expect(trace.logLevel).toBe(1);
        trace.trace('[Trace - 10:00:01] Sending request \'textDocument/hover - (2)\'.');
        expect(lines).toEqual(['[Trace - 10:00:01] Sending request \'textDocument/hover - (2)\'.']);

        subscription.dispose();
        setting = 'off';
        trace.settingChanged();
        expect(seen).toEqual([1]);
        trace.trace('dropped');
        expect(lines).toHaveLength(1);
    });
});

describe('weft.trace.server with vscode-languageclient\'s trace logic', () => {
    // What the client sends the server (`$/setTrace`) and traces at: LSP's Trace: Off 0, Messages 1, Verbose 3.
    test('each value of the setting gives that trace, and a change of the setting reaches the client', async () => {
        const settings: Record<string, unknown> = { 'trace.server': 'off' };
        const BaseLanguageClient = loadLanguageClient(settings);
        const traces: number[] = [];
        const connection = { trace: async (value: number) => { traces.push(value); } };
        const channel = new SettingTraceChannel(output().channel as never, () => settings['trace.server']);
        // The fields the client's constructor sets from its `traceOutputChannel` option.
        const client = { _id: 'weft', _traceLogLevel: channel.logLevel, _tracer: {}, _listeners: [], traceOutputChannel: channel, error: (message: string) => { throw new Error(message); } };
        Object.assign(client, { refreshTrace: BaseLanguageClient.prototype['refreshTrace'] });
        BaseLanguageClient.prototype['hookLogLevelChanged']!.call(client, connection);
        for (const value of ['off', 'messages', 'verbose', 'off']) {
            settings['trace.server'] = value;
            channel.settingChanged();
        }
        expect(traces).toEqual([0, 1, 3, 0]);
    });
});
