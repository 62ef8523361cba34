import * as vscode from 'vscode';
import { quote } from './shell-quote.js';

/** The command that runs the CLI: `weft.cli.path`, or `npx weft`. */
export function weftCli(): string {
    return vscode.workspace.getConfiguration('weft').get<string>('cli.path') || 'npx weft';
}

/** Runs `weft …` in the shared "Weft" terminal, from the workspace folder of `uri`. */
export function runWeftInTerminal(args: readonly string[], uri?: vscode.Uri): void {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    let terminal = vscode.window.terminals.find(candidate => candidate.name === 'Weft');
    terminal ??= vscode.window.createTerminal({ name: 'Weft', cwd: folder?.uri });
    terminal.show(true);
    terminal.sendText([weftCli(), ...args.map(quote)].join(' '));
}
