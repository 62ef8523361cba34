// The process executor: bundle, worker entry, inputs.json/outputs.json, artifact store, type checks.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bundleStep } from '../../src/bundling/bundle-step.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { Dataset } from '../../src/handles/dataset.js';
import { File } from '../../src/handles/file.js';
import { Tensor } from '../../src/handles/tensor.js';
import { OutputMismatchError } from '../../src/artifacts/contract-errors.js';
import { attemptSpec, cacheDir, channel, fixtureRoot } from './sandbox-fixtures.js';
import { typedAs } from '../execution/plan-fixtures.js';

const executor = createExecutor('process', { cacheDir });
const reviews = new Dataset(path.join(fixtureRoot, 'data', 'reviews.jsonl'));
const summarizeOutputs = [
    typedAs('count', 'int'), typedAs('good', 'Dataset<Review>'), typedAs('report', 'File'),
    typedAs('stars', 'Tensor<f32, [n]>'), typedAs('info', '{ uid: int, attempt: int }'),
];

describe('process executor', () => {
    it('runs a bundled step in a child process and stores its artifacts by content hash', async () => {
        const spec = attemptSpec('summarize', { reviews, label: 'shop' }, { outputs: summarizeOutputs });
        const io = channel();
        const result = await executor.execute(spec, io);
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs['count']).toBe(3);
        const good = result.outputs['good'] as Dataset<{ stars: number }>;
        expect(good).toBeInstanceOf(Dataset);
        expect((await good.readAll()).map(review => review.stars)).toEqual([5, 4]);
        // Stored under its digest, read-only, outside the attempt's folder.
        expect(good.path.startsWith(path.join(cacheDir, 'artifacts', 'sha256'))).toBe(true);
        expect(statSync(good.path).mode & 0o222).toBe(0);
        expect(await (result.outputs['report'] as File).readText()).toBe('shop: 3 reviews');
        const stars = result.outputs['stars'] as Tensor<'f32'>;
        expect(stars).toBeInstanceOf(Tensor);
        expect([...stars.data]).toEqual([5, 1, 4]);
        expect(result.artifacts?.map(artifact => `${artifact.output}:${artifact.kind}`)).toEqual(['good:dataset', 'report:file', 'stars:tensor']);
        for (const artifact of result.artifacts ?? []) {
            expect(artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
            expect(path.basename(artifact.path)).toContain(artifact.digest.slice(7));
        }
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
        expect(existsSync(path.join(spec.workDir, 'in', 'inputs.json'))).toBe(true);
    });

    it('gives the same digest to the same bytes', async () => {
        const first = await executor.execute(attemptSpec('summarize', { reviews, label: 'shop' }), channel());
        const second = await executor.execute(attemptSpec('summarize', { reviews, label: 'shop' }), channel());
        if (first.status !== 'completed' || second.status !== 'completed') throw new Error('expected both to complete');
        expect(second.artifacts?.[0]?.digest).toBe(first.artifacts?.[0]?.digest);
        expect(second.artifacts?.[0]?.path).toBe(first.artifacts?.[0]?.path);
    });

    it('fails an attempt whose outputs do not match the declared types, naming the field', async () => {
        const result = await executor.execute(attemptSpec('wrongType', {}, { outputs: [typedAs('count', 'int'), typedAs('good', 'Dataset<Review>')] }), channel());
        expect(result.status).toBe('failed');
        if (result.status !== 'failed') return;
        expect(result.failure.message).toMatch(/^wrongType-\d+ returned outputs that do not match its step: count is "three" \(a string\), expected an int \(declared as int\)$/);
        expect(result.failure.cause).toBeInstanceOf(OutputMismatchError);
        expect(result.failure.retryable).toBe(false);
    });

    it('reports a step that throws as a structured failure with its exit code', async () => {
        const result = await executor.execute(attemptSpec('fails', {}), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'the step gave up', retryable: true, exitCode: 1, cause: { name: 'RangeError', origin: 'step' } } });
        // Mapped to the TypeScript line of the throw, named relative to the project (packages/runtime), no worker frames.
        expect((result as { failure: { cause: { stack: string } } }).failure.cause.stack).toMatch(/^at (Module\.)?fails \(test\/sandbox\/fixtures\/steps\.ts:73:\d+\)$/m);
        expect((result as { failure: { cause: { stack: string } } }).failure.cause.stack).not.toMatch(/worker-entry|node:internal/);
    });

    it('kills the child when the signal aborts', async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(new Error('timeout')), 300);
        const result = await createExecutor('process', { cacheDir, gracePeriodMs: 200 }).execute(attemptSpec('stall', {}), channel(controller.signal));
        expect(result.status).toBe('failed');
        expect(Date.now() - started).toBeLessThan(5000);
    });

    it('fails without retry when the module cannot be bundled', async () => {
        const spec = attemptSpec('noop', {});
        const result = await executor.execute({ ...spec, step: { ...spec.step, implementation: { module: 'missing.ts', export: 'noop' } } }, channel());
        expect(result).toMatchObject({ status: 'failed', failure: { retryable: false } });
        if (result.status === 'failed') expect(result.failure.message).toContain('cannot bundle missing.ts');
    });

    it('keeps one bundle per step under its content hash', async () => {
        const first = await bundleStep(fixtureRoot, 'steps.ts', 'noop', cacheDir);
        const again = await bundleStep(fixtureRoot, 'steps.ts', 'noop', cacheDir);
        const other = await bundleStep(fixtureRoot, 'steps.ts', 'summarize', cacheDir);
        expect(again).toEqual(first);
        expect(other.hash).not.toBe(first.hash);
        expect(path.basename(first.file)).toBe(`${first.hash.slice(7)}.mjs`);
        expect(createHash('sha256').update(readFileSync(first.file)).digest('hex')).toBe(first.hash.slice(7));
    });
});
