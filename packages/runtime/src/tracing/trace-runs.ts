import type { Tracer } from '@opentelemetry/api';
import type { Executor } from '../executors/executor.js';
import type { RunStore } from '../store/run-store.js';
import { RunSpans } from './run-spans.js';
import { TracingExecutor } from './tracing-executor.js';
import { tracingRunStore } from './tracing-run-store.js';

export interface TraceRunsOptions {
    readonly tracer: Tracer;
    readonly store: RunStore;
    readonly executor: Executor;
}

/**
 * Traces the runs made with the returned store and executor (pass both to `runPipeline` or
 * `resumeRun`): a span per run, task and attempt, and the step's own spans under its attempt.
 */
export function traceRuns(options: TraceRunsOptions): { store: RunStore; executor: Executor } {
    const spans = new RunSpans(options.tracer, runId => options.store.run(runId));
    return { store: tracingRunStore(options.store, spans), executor: new TracingExecutor(options.executor, spans) };
}
