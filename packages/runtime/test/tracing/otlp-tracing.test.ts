// Spans of a traced run reach an OTLP/HTTP collector as JSON, with their parent links.
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { InlineExecutor } from '../../src/executors/inline-executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { otlpTracing } from '../../src/tracing/otlp-tracing.js';
import { traceRuns } from '../../src/tracing/trace-runs.js';
import { attribute, otlpCollector } from './otlp-server.js';
import { fixtureRoot, stepNode, tracedPlan, workRoot } from './tracing-fixtures.js';

describe('otlpTracing', () => {
    it('posts the run, task, attempt and step spans as OTLP JSON to /v1/traces', async () => {
        const collector = await otlpCollector();
        try {
            const tracing = otlpTracing(collector.url);
            expect(tracing.url).toBe(`${collector.url}/v1/traces`);
            const store = new SqliteRunStore(':memory:');
            const traced = traceRuns({ tracer: tracing.tracer, store, executor: new InlineExecutor() });
            const result = await runPipeline(tracedPlan([stepNode('load', 'traced', { rows: { kind: 'literal', value: 2 } })]), {}, {
                root: fixtureRoot, workRoot: workRoot(), store: traced.store, executor: traced.executor,
            });
            store.close();
            await tracing.shutdown();
            expect(result.status).toBe('completed');
            expect(collector.paths.every(line => line.startsWith('POST /v1/traces application/json'))).toBe(true);
            const spans = collector.spans();
            const named = (name: string) => spans.find(span => span.name === name)!;
            expect(spans.map(span => span.name).sort()).toEqual(['attempt load #1', 'load', 'run traced', 'task load']);
            expect(named('task load').parentSpanId).toBe(named('run traced').spanId);
            expect(named('attempt load #1').parentSpanId).toBe(named('task load').spanId);
            expect(named('load').parentSpanId).toBe(named('attempt load #1').spanId);
            expect(new Set(spans.map(span => span.traceId)).size).toBe(1);
            expect(attribute(named('task load'), 'weft.step')).toBe('traced');
            expect(attribute(named('run traced'), 'weft.run.status')).toBe('completed');
        } finally {
            await collector.close();
        }
    });
});
