import * as vscode from 'vscode';

/** Quotes an argument for a POSIX shell or PowerShell-compatible terminal. */
function quote(argument: string): string {
    return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** Runs `weft …` in the shared "Weft" terminal, from the workspace folder of `uri`. */
export function runWeftInTerminal(args: readonly string[], uri?: vscode.Uri): void {
    const configuration = vscode.workspace.getConfiguration('weft');
    const cli = configuration.get<string>('cli.path') || 'npx weft';
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    let terminal = vscode.window.terminals.find(candidate => candidate.name === 'Weft');
    terminal ??= vscode.window.createTerminal({ name: 'Weft', cwd: folder?.uri });
    terminal.show(true);
    terminal.sendText([cli, ...args.map(quote)].join(' '));
}
