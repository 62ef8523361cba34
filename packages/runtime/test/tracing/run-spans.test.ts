// Run → task → attempt → step spans, their attributes and statuses, for inline, process and gvisor attempts.
import { type Context, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { StepContext } from '../../src/contract/step-context.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import type { Executor } from '../../src/executors/executor.js';
import { InlineExecutor } from '../../src/executors/inline-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { traceRuns } from '../../src/tracing/trace-runs.js';
import { cacheDir, fixtureRoot, memoryTracing, only, parentOf, stepNode, tracedPlan, workRoot } from './tracing-fixtures.js';

async function tracedRun(executor: Executor, nodes: Parameters<typeof tracedPlan>[0], parent?: Context) {
    const { exporter, provider } = memoryTracing();
    const store = new SqliteRunStore(':memory:');
    const traced = traceRuns({ tracer: provider.getTracer('test'), store, executor, ...(parent ? { parent } : {}) });
    const result = await runPipeline(tracedPlan(nodes), {}, { root: fixtureRoot, workRoot: workRoot(), store: traced.store, executor: traced.executor, runId: 'run-1' });
    await provider.forceFlush();
    store.close();
    return { result, spans: exporter.getFinishedSpans() };
}

const literal = (value: number) => ({ kind: 'literal' as const, value });

function expectLinkedChain({ result, spans }: Awaited<ReturnType<typeof tracedRun>>, executor: string): void {
    const run = only(spans, 'run traced');
    const task = only(spans, 'task load');
    const attempt = only(spans, 'attempt load #1');
    const step = only(spans, 'load');
    expect(parentOf(run)).toBeUndefined();
    expect(parentOf(task)).toBe(run.spanContext().spanId);
    expect(parentOf(attempt)).toBe(task.spanContext().spanId);
    expect(parentOf(step)).toBe(attempt.spanContext().spanId);
    for (const span of [task, attempt, step]) expect(span.spanContext().traceId).toBe(run.spanContext().traceId);
    expect(run.attributes).toMatchObject({ 'weft.run.id': 'run-1', 'weft.pipeline': 'traced', 'weft.target': 'local', 'weft.run.status': 'completed' });
    expect(task.attributes).toMatchObject({ 'weft.task': 'load', 'weft.step': 'traced', 'weft.target': 'local', 'weft.state': 'completed', 'weft.attempts': 1 });
    expect(attempt.attributes).toMatchObject({ 'weft.attempt': 1, 'weft.step': 'traced', 'weft.executor': executor, 'weft.attempt.status': 'completed' });
    expect(step.attributes).toEqual({ 'rows.requested': 3, 'rows.read': 3 });
    expect(step.events.map(event => event.name)).toEqual(['read']);
    expect(attempt.events.map(event => [event.name, event.attributes])).toEqual([['started', { rows: 3 }]]);
    // The step saw its attempt's context (through TRACEPARENT out of process).
    expect(result.outputs?.['seen']).toBe(`00-${attempt.spanContext().traceId}-${attempt.spanContext().spanId}-01`);
    // The step span lies within its attempt.
    expect(step.startTime[0] * 1e9 + step.startTime[1]).toBeGreaterThanOrEqual(attempt.startTime[0] * 1e9 + attempt.startTime[1]);
}

function expectFailedAttempt(spans: Awaited<ReturnType<typeof tracedRun>>['spans'], exitCode: number | undefined): void {
    const attempts = spans.filter(span => span.name.startsWith('attempt broken #'));
    expect(attempts.map(span => span.name).sort()).toEqual(['attempt broken #1', 'attempt broken #2']);
    for (const attempt of attempts) {
        expect(attempt.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad row 7' });
        expect(attempt.attributes['weft.attempt.status']).toBe('failed');
        expect(attempt.attributes['weft.exit_code']).toBe(exitCode);
        const parse = spans.find(span => span.name === 'parse' && parentOf(span) === attempt.spanContext().spanId);
        expect(parse?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad row 7' });
    }
    const task = only(spans, 'task broken');
    expect(task.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad row 7' });
    expect(task.attributes).toMatchObject({ 'weft.state': 'failed', 'weft.attempts': 2 });
    expect(only(spans, 'run traced').status.code).toBe(SpanStatusCode.ERROR);
}

const retried = { retry: { attempts: literal(2), backoff: { kind: 'quantity' as const, unit: 'duration' as const, value: 1 }, stepErrors: literal(true) } };

describe('tracing runs', () => {
    it('links run → task → attempt → a span the step made, in process', async () => {
        const run = await tracedRun(new InlineExecutor(), [stepNode('load', 'traced', { rows: literal(3) })]);
        expect(run.result.status).toBe('completed');
        expectLinkedChain(run, 'inline');
    });

    it('makes the run span a child of a given parent context (an incoming trace), in its trace', async () => {
        const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
        const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED, isRemote: true });
        const run = await tracedRun(new InlineExecutor(), [stepNode('load', 'traced', { rows: literal(3) })], parent);
        expect(run.result.status).toBe('completed');
        const runSpan = only(run.spans, 'run traced');
        expect(parentOf(runSpan)).toBe('00f067aa0ba902b7');
        expect(run.spans.every(span => span.spanContext().traceId === traceId)).toBe(true);
        expect(run.result.outputs?.['seen']).toBe(`00-${traceId}-${only(run.spans, 'attempt load #1').spanContext().spanId}-01`);
    });

    it('marks failed attempts, their task and the run as errors, with a retry as a second attempt span', async () => {
        const { result, spans } = await tracedRun(new InlineExecutor(), [stepNode('broken', 'crash', {}, retried)]);
        expect(result.status).toBe('failed');
        expectFailedAttempt(spans, undefined);
    });

    it('puts fan-out elements under their fan-out and skipped tasks under the run', async () => {
        const mocks = {
            traced: async (inputs: { rows: number }, ctx: StepContext) => ({ value: inputs.rows, traceparent: ctx.trace.traceparent }),
            crash: async () => { throw new Error('no'); },
        };
        const fan = { ...stepNode('each', 'traced', { rows: { kind: 'variable', name: 'n' } as never }), forEach: { variable: 'n', items: { kind: 'literal', value: [1, 2] } as never } };
        const after = { ...stepNode('after', 'traced', { rows: literal(1) }), needs: ['failing'] };
        const { spans } = await tracedRun(new InlineExecutor({ mocks }), [fan, stepNode('failing', 'crash'), after]);
        const each = only(spans, 'task each');
        for (const index of [0, 1]) {
            const element = only(spans, `task each[${index}]`);
            expect(parentOf(element)).toBe(each.spanContext().spanId);
            expect(element.attributes['weft.index']).toBe(index);
        }
        expect(only(spans, 'task after').attributes['weft.state']).toBe('skipped');
        const attempt = only(spans, 'attempt each[0] #1');
        expect(attempt.attributes['weft.executor']).toBe('inline');
    });

    it('carries the attempt context into a child process through TRACEPARENT and re-emits its spans', async () => {
        const executor = createExecutor('process', { cacheDir });
        const run = await tracedRun(executor, [stepNode('load', 'traced', { rows: literal(3) })]);
        expect(run.result.status, JSON.stringify(run.result.failures)).toBe('completed');
        expectLinkedChain(run, 'process');
        expect(only(run.spans, 'attempt load #1').attributes['weft.exit_code']).toBe(0);
    });

    it('records the worker exit code and the step span error of a failed child process', async () => {
        const { spans } = await tracedRun(createExecutor('process', { cacheDir }), [stepNode('broken', 'crash', {}, retried)]);
        expectFailedAttempt(spans, 1);
    });

    it('carries the context into a gVisor sandbox and back', async () => {
        const run = await tracedRun(createExecutor('gvisor', { cacheDir }), [stepNode('load', 'traced', { rows: literal(3) })]);
        expect(run.result.status, JSON.stringify(run.result.failures)).toBe('completed');
        expectLinkedChain(run, 'gvisor');
    }, 30_000);
});
