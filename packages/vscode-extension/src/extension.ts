import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { BUILTINS_SCHEME } from '@weft/language/builtins';
import { builtinDocumentProvider } from './builtin-documents.js';
import { registerCommands } from './commands/commands.js';
import { WEFT_TASK_TYPE } from './tasks/weft-task-definition.js';
import { weftTaskProvider } from './tasks/weft-task-provider.js';
import { SettingTraceChannel } from './trace/setting-trace-channel.js';

let client: LanguageClient | undefined;

/** Starts the bundled language server (out/server.cjs) and registers the commands and the task provider. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const serverModule = context.asAbsolutePath('out/server.cjs');
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    // The client id is `weft`, so the client reads `weft.trace.server`; the channel turns it on and off.
    const trace = new SettingTraceChannel(vscode.window.createOutputChannel('Weft Language Server Trace'), () => vscode.workspace.getConfiguration('weft').get('trace.server'));
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ scheme: 'file', language: 'weft' }],
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{weft,ts}'), configurationSection: 'weft' },
        initializationOptions: () => settings(),
        traceOutputChannel: trace,
    };
    context.subscriptions.push(
        trace,
        vscode.workspace.onDidChangeConfiguration(event => {
            if (event.affectsConfiguration('weft.trace.server')) trace.settingChanged();
        }),
        vscode.workspace.registerTextDocumentContentProvider(BUILTINS_SCHEME, builtinDocumentProvider),
        vscode.tasks.registerTaskProvider(WEFT_TASK_TYPE, weftTaskProvider),
    );
    client = new LanguageClient('weft', 'Weft', serverOptions, clientOptions);
    registerCommands(context, client);
    await client.start();
}

export async function deactivate(): Promise<void> {
    await client?.stop();
}

function settings(): Record<string, unknown> {
    const configuration = vscode.workspace.getConfiguration('weft');
    return { solverBudgetMs: configuration.get<number>('solver.budgetMs'), defaultTarget: configuration.get<string>('defaultTarget') };
}
