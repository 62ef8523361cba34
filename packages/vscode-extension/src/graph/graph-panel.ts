import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PipelineGraph } from '@weft/language/lsp';
import { graphHtml } from './graph-html.js';
import { layoutGraph } from './graph-layout.js';

/** The request the server answers (`weft/pipelineGraph`, packages/language/src/lsp/graph). */
const PIPELINE_GRAPH = 'weft/pipelineGraph';

/**
 * `Weft: Show Pipeline Graph`: a webview beside the editor that draws the DAG of the pipeline
 * under the cursor and redraws as the user edits or moves into another pipeline. Clicking a call
 * reveals its `let`.
 */
export class GraphPanel implements vscode.Disposable {
    private static current: GraphPanel | undefined;
    private readonly disposables: vscode.Disposable[] = [];
    private timer: ReturnType<typeof setTimeout> | undefined;
    private editor: vscode.TextEditor | undefined;

    static show(client: LanguageClient): void {
        if (GraphPanel.current) {
            GraphPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
        } else {
            const panel = vscode.window.createWebviewPanel('weftGraph', 'Weft Pipeline Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
            GraphPanel.current = new GraphPanel(panel, client);
        }
        GraphPanel.current.follow(vscode.window.activeTextEditor);
    }

    private constructor(private readonly panel: vscode.WebviewPanel, private readonly client: LanguageClient) {
        this.disposables.push(
            panel.onDidDispose(() => this.dispose()),
            vscode.window.onDidChangeActiveTextEditor(editor => this.follow(editor)),
            vscode.window.onDidChangeTextEditorSelection(event => this.follow(event.textEditor)),
            vscode.workspace.onDidChangeTextDocument(event => {
                if (event.document === this.editor?.document) this.schedule();
            }),
            panel.webview.onDidReceiveMessage((message: { reveal?: number }) => this.reveal(message.reveal)),
        );
    }

    private follow(editor: vscode.TextEditor | undefined): void {
        if (editor?.document.languageId !== 'weft') return;
        this.editor = editor;
        this.schedule();
    }

    private schedule(): void {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.redraw(), 200);
    }

    private async redraw(): Promise<void> {
        const editor = this.editor;
        if (!editor) return;
        const graph = await this.client.sendRequest<PipelineGraph | null>(PIPELINE_GRAPH, {
            uri: editor.document.uri.toString(), position: editor.selection.active,
        });
        const layout = graph ? await layoutGraph(graph) : null;
        this.panel.title = graph ? `Graph: ${graph.pipeline}` : 'Weft Pipeline Graph';
        this.panel.webview.html = graphHtml(graph, layout, randomBytes(16).toString('base64'));
    }

    private reveal(line: number | undefined): void {
        const editor = this.editor;
        if (!editor || line === undefined) return;
        const position = new vscode.Position(line, 0);
        void vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, selection: new vscode.Range(position, position) });
    }

    dispose(): void {
        GraphPanel.current = undefined;
        if (this.timer) clearTimeout(this.timer);
        for (const disposable of this.disposables) disposable.dispose();
        this.panel.dispose();
    }
}
