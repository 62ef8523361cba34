export { pipelineGraph, type GraphEdge, type GraphGroup, type GraphNode, type PipelineGraph } from './pipeline-graph.js';
export { renderMermaid } from './mermaid.js';
export { renderDot } from './dot.js';
export { expressionText } from './plan-expression-text.js';
