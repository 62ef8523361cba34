// A traced run over the fixture steps, recorded by an in-memory exporter.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { CompiledPlan, PlanNode } from '../../src/contract/plan.js';
import { typedAs } from '../execution/plan-fixtures.js';

export const fixtureRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const cacheDir = mkdtempSync(path.join(tmpdir(), 'weft-tracing-cache-'));

export function memoryTracing(): { exporter: InMemorySpanExporter; provider: TracerProvider } {
    const exporter = new InMemorySpanExporter();
    return { exporter, provider: new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }) };
}

/** A node calling a step of `fixtures/traced-steps.ts`. */
export function stepNode(id: string, step: 'traced' | 'crash', args: PlanNode['arguments'] = {}, settings: PlanNode['settings'] = {}): PlanNode {
    return {
        id, call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'traced-steps.ts', export: step } },
        arguments: args, after: [], needs: [], conditions: [], settings, where: [],
        inputs: Object.keys(args).map(name => typedAs(name, 'unknown')),
        outputs: step === 'traced' ? [typedAs('value', 'int'), typedAs('traceparent', 'string')] : [],
        source: { file: 'test.weft', line: 1 },
    };
}

/** The plan of `nodes`; a node `load` has its `traceparent` (what the step saw) as the pipeline output `seen`. */
export function tracedPlan(nodes: readonly PlanNode[]): CompiledPlan {
    const seen = nodes.some(node => node.id === 'load') ? [{ name: 'seen', type: 'string', value: { kind: 'output' as const, node: 'load', output: 'traceparent' } }] : [];
    return {
        planVersion: 3, pipeline: 'traced', source: { file: 'test.weft', line: 1 }, parameters: [], outputs: seen, where: [], nodes, artifacts: [],
        targets: [{ name: 'local', kind: 'sandbox', members: { runtime: 'process' }, pools: [], source: { file: 'test.weft', line: 1 } }],
    };
}

export function workRoot(): string {
    return mkdtempSync(path.join(tmpdir(), 'weft-tracing-runs-'));
}

/** The span named `name`; fails the test if there is not exactly one. */
export function only(spans: readonly ReadableSpan[], name: string): ReadableSpan {
    const found = spans.filter(span => span.name === name);
    if (found.length !== 1) throw new Error(`expected one span ${name}, found ${found.length} among ${spans.map(span => span.name).join(', ')}`);
    return found[0]!;
}

export function parentOf(span: ReadableSpan): string | undefined {
    return span.parentSpanContext?.spanId;
}
