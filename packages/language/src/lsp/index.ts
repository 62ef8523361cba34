// The language server: `@weft/language/lsp`. Kept apart from the core services so that the CLI
// does not load Langium's LSP layer.
export { startWeftLanguageServer, startWeftLanguageServerOnStdio } from './main.js';
export { createWeftLspServices, type WeftLspServices, WeftLspModule, WeftSharedLspModule } from './weft-lsp-module.js';
export { PipelineGraphRequest, type PipelineGraphParams } from './graph/pipeline-graph-request.js';
export type { PipelineGraph, PipelineGraphNode, PipelineGraphEdge } from './graph/pipeline-graph.js';
export { pipelineGraph } from './graph/pipeline-graph.js';
