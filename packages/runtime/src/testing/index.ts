// Testing pipelines (`@weft/runtime/testing`): what `weft test` files import.
export { testPipeline, type PipelineTestOptions } from './test-pipeline.js';
export { type PipelineTestResult, type TestedTask, UnknownTaskError } from './pipeline-test-result.js';
