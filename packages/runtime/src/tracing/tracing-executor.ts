import * as path from 'node:path';
import type { TextMapPropagator } from '@opentelemetry/api';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from '../executors/executor.js';
import type { RunSpans } from './run-spans.js';
import { WeftAttribute } from './span-attributes.js';
import { stepTrace } from './step-trace.js';
import { injectIntoEnvironment, tracePropagator } from './trace-propagation.js';
import { importWorkerSpans } from './worker-span-import.js';

/**
 * An executor that hands each attempt its trace: in process as the context's `trace`, out of
 * process as environment variables (`TRACEPARENT`/`TRACESTATE`, and `BAGGAGE`, `B3` or `X_B3_*`
 * as `propagator` writes them: the OTel environment carrier) with the worker's spans re-emitted
 * under the attempt's span afterwards. Adds the executor and the exit code to the attempt's span.
 */
export class TracingExecutor implements Executor {
    readonly name: string;

    constructor(private readonly inner: Executor, private readonly spans: RunSpans, private readonly propagator: TextMapPropagator = tracePropagator(undefined)) {
        this.name = inner.name;
    }

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        const attempt = this.spans.attempt(spec.runId, spec.taskId, spec.attempt);
        if (!attempt) return this.inner.execute(spec, channel);
        attempt.span.setAttribute(WeftAttribute.executor, this.inner.name);
        const environment = injectIntoEnvironment(this.propagator, attempt.context);
        const result = await this.inner.execute(
            { ...spec, traceEnvironment: { ...spec.traceEnvironment, ...environment } },
            { ...channel, trace: stepTrace(this.spans.tracer, attempt.context) },
        );
        if (result.status === 'failed' && result.failure.exitCode !== undefined) attempt.span.setAttribute(WeftAttribute.exitCode, result.failure.exitCode);
        if (result.status === 'completed' && this.inner.name !== 'inline') attempt.span.setAttribute(WeftAttribute.exitCode, 0);
        try {
            await importWorkerSpans(result.outDir ?? path.join(spec.workDir, 'out'), this.spans.tracer, attempt.context, attempt.span);
        } catch (error) {
            channel.logger.warn(`the step's spans could not be read: ${error instanceof Error ? error.message : String(error)}`);
        }
        return result;
    }
}
