import { Command } from 'commander';

export interface LspCommandOptions {
    readonly stdio?: boolean;
}

/**
 * `weft lsp --stdio`: the language server for editors (VS Code, Neovim, Helix, …), speaking
 * LSP over stdin and stdout. Runs until the editor ends it.
 */
export function lspCommand(): Command {
    return new Command('lsp')
        .description('start the Weft language server (for editors); speaks LSP over stdin/stdout')
        .option('--stdio', 'use stdin and stdout (the default and only transport)')
        .action(async (_options: LspCommandOptions) => runLsp());
}

export async function runLsp(): Promise<void> {
    // Loaded on demand: the other commands do not need Langium's LSP layer.
    const { startWeftLanguageServerOnStdio } = await import('@weft/language/lsp');
    await startWeftLanguageServerOnStdio();
}
