export { otlpTracing, type OtlpTracing } from './otlp-tracing.js';
export { RunSpans, type RunLookup } from './run-spans.js';
export { WeftAttribute } from './span-attributes.js';
export { stepTrace } from './step-trace.js';
export { traceRuns, type TraceRunsOptions } from './trace-runs.js';
export { TracingExecutor } from './tracing-executor.js';
export { tracingRunStore } from './tracing-run-store.js';
