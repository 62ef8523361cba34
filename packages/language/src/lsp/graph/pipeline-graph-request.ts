import { CstUtils, DocumentState, type LangiumSharedCoreServices, URI } from 'langium';
import type { Connection } from 'vscode-languageserver';
import { RequestType } from 'vscode-languageserver';
import { isPipelineDeclaration, isWeftFile } from '../../generated/ast.js';
import { enclosingPipeline, type PipelineGraph, pipelineGraph } from './pipeline-graph.js';

export interface PipelineGraphParams {
    readonly uri: string;
    /** The cursor: the graph is of the pipeline around it, or the file's first pipeline. */
    readonly position?: { readonly line: number; readonly character: number };
}

/** `weft/pipelineGraph`: the DAG of the pipeline under the cursor, or `null` when the file has none. */
export const PipelineGraphRequest = new RequestType<PipelineGraphParams, PipelineGraph | null, void>('weft/pipelineGraph');

export function addPipelineGraphHandler(connection: Connection, shared: LangiumSharedCoreServices): void {
    connection.onRequest(PipelineGraphRequest, async (params) => {
        const uri = URI.parse(params.uri);
        await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked, uri);
        const document = shared.workspace.LangiumDocuments.getDocument(uri);
        const root = document?.parseResult.value;
        if (!document || !isWeftFile(root)) return null;
        let pipeline = undefined;
        if (params.position && root.$cstNode) {
            const leaf = CstUtils.findLeafNodeAtOffset(root.$cstNode, document.textDocument.offsetAt(params.position));
            pipeline = enclosingPipeline(leaf?.astNode);
        }
        pipeline ??= root.declarations?.find(isPipelineDeclaration);
        return pipeline ? pipelineGraph(pipeline) : null;
    });
}
