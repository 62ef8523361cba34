import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PipelineGraph } from '@weft/language/lsp';
import { GraphPanel } from '../graph/graph-panel.js';
import { runWeftInTerminal } from './cli-terminal.js';

/** The palette commands: check, generate, run (all through the CLI, in a terminal), the graph view and a server restart. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
    const relative = (uri: vscode.Uri): string => vscode.workspace.asRelativePath(uri, false);
    context.subscriptions.push(
        vscode.commands.registerCommand('weft.checkWorkspace', () => runWeftInTerminal(['check'])),
        vscode.commands.registerCommand('weft.generateTypeScript', () => {
            const document = vscode.window.activeTextEditor?.document;
            runWeftInTerminal(document?.languageId === 'weft' ? ['generate', relative(document.uri)] : ['generate'], document?.uri);
        }),
        vscode.commands.registerCommand('weft.runPipeline', async () => {
            const editor = vscode.window.activeTextEditor;
            if (editor?.document.languageId !== 'weft') {
                void vscode.window.showWarningMessage('Open a .weft file and put the cursor in a pipeline to run it.');
                return;
            }
            const graph = await client.sendRequest<PipelineGraph | null>('weft/pipelineGraph', { uri: editor.document.uri.toString(), position: editor.selection.active });
            if (!graph) {
                void vscode.window.showWarningMessage('This file declares no pipeline.');
                return;
            }
            const target = vscode.workspace.getConfiguration('weft').get<string>('defaultTarget');
            runWeftInTerminal(['run', relative(editor.document.uri), graph.pipeline, ...(target ? ['--target', target] : [])], editor.document.uri);
        }),
        vscode.commands.registerCommand('weft.showPipelineGraph', () => GraphPanel.show(client)),
        // Stops the server process and starts a new one, which loads the workspace afresh.
        vscode.commands.registerCommand('weft.restartServer', async () => {
            try {
                await client.restart();
                vscode.window.setStatusBarMessage('Weft: language server restarted', 3000);
            } catch (error) {
                void vscode.window.showErrorMessage(`Weft: the language server did not restart: ${error instanceof Error ? error.message : String(error)}`);
            }
        }),
    );
}
