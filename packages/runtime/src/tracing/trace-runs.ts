import type { Context, TextMapPropagator, Tracer } from '@opentelemetry/api';
import type { Executor } from '../executors/executor.js';
import type { RunStore } from '../store/run-store.js';
import { RunSpans } from './run-spans.js';
import { TracingExecutor } from './tracing-executor.js';
import { tracingRunStore } from './tracing-run-store.js';

export interface TraceRunsOptions {
    readonly tracer: Tracer;
    readonly store: RunStore;
    readonly executor: Executor;
    /** The context run spans continue (`tracingFromEnvironment`'s `parent`); each run span is a root without it. */
    readonly parent?: Context;
    /** What carries an attempt's context into a step's environment; W3C trace context and baggage by default. */
    readonly propagator?: TextMapPropagator;
}

/**
 * Traces the runs made with the returned store and executor (pass both to `runPipeline` or
 * `resumeRun`): a span per run, task and attempt, and the step's own spans under its attempt.
 */
export function traceRuns(options: TraceRunsOptions): { store: RunStore; executor: Executor } {
    const spans = new RunSpans(options.tracer, runId => options.store.run(runId), options.parent);
    return { store: tracingRunStore(options.store, spans), executor: new TracingExecutor(options.executor, spans, options.propagator) };
}
