export { pipelineDrawing, type DrawingEdge, type DrawingGroup, type DrawingNode, type PipelineDrawing } from './pipeline-drawing.js';
export { renderMermaid } from './mermaid.js';
export { renderDot } from './dot.js';
export { expressionText } from './plan-expression-text.js';
