import { startLanguageServer } from 'langium/lsp';
import { isBuiltinUri } from '../builtins/builtin-source.js';
import { BoundedNodeFileSystem } from '../node/bounded-file-system.js';
import { type Connection, createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { addPipelineGraphHandler } from './graph/pipeline-graph-request.js';
import { createWeftLspServices } from './weft-lsp-module.js';
import { SlowValidationScheduler } from './workspace/slow-validation.js';

/**
 * Starts the Weft language server. Without a connection it talks over the transport named on
 * the command line (`--stdio`, `--node-ipc` or `--socket=N`), as VS Code and other editors start it.
 */
export function startWeftLanguageServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
    const { shared, Weft } = createWeftLspServices({ connection, ...BoundedNodeFileSystem });
    new SlowValidationScheduler(shared, document => !isBuiltinUri(document.uri));
    // The editor's solver budget (VS Code: `weft.solver.budgetMs`) arrives with `initialize`.
    shared.lsp.LanguageServer.onInitialize(params => {
        const budget = (params.initializationOptions as { solverBudgetMs?: unknown } | undefined)?.solverBudgetMs;
        if (typeof budget === 'number' && Number.isFinite(budget) && budget > 0) {
            Weft.constraints.SolverSettings.timeoutMilliseconds = Math.round(budget);
        }
    });
    addPipelineGraphHandler(connection, shared);
    startLanguageServer(shared);
}

/**
 * Starts the server on this process's stdin and stdout (`weft lsp --stdio`). Resolves when the
 * client closes the input; the `exit` notification ends the process before that.
 */
export function startWeftLanguageServerOnStdio(): Promise<void> {
    const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
    startWeftLanguageServer(connection);
    return new Promise(resolve => process.stdin.once('close', () => resolve()));
}
