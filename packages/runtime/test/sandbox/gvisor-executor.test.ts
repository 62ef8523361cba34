// The gvisor executor against a real runsc (root, cgroups): isolation, limits, kills, errors.
import { createServer, type Server } from 'node:net';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/executors/create-executor.js';
import { SandboxUnavailableError } from '../../src/executors/gvisor/sandbox-errors.js';
import { Dataset } from '../../src/handles/dataset.js';
import { File } from '../../src/handles/file.js';
import { attemptSpec, cacheDir, channel, fixtureRoot } from './sandbox-fixtures.js';
import { typedAs } from '../execution/plan-fixtures.js';

const executor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 500 });
const reviews = new Dataset(path.join(fixtureRoot, 'data', 'reviews.jsonl'));
const MiB = 1024 * 1024;

describe('gvisor executor', () => {
    it('runs a step in a sandbox as uid 65534 and returns outputs and artifacts', async () => {
        const spec = attemptSpec('summarize', { reviews, label: 'boxed' }, {
            outputs: [typedAs('count', 'int'), typedAs('good', 'Dataset<Review>'), typedAs('report', 'File'), typedAs('stars', 'Tensor<f32, [n]>'),
                typedAs('info', '{ uid: int }')],
        });
        const io = channel();
        const result = await executor.execute(spec, io);
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs['count']).toBe(3);
        expect(result.outputs['info']).toEqual({ uid: 65534, attempt: 1 });
        const good = result.outputs['good'] as Dataset<{ stars: number }>;
        expect((await good.readAll()).map(review => review.stars)).toEqual([5, 4]);
        expect(good.path.startsWith(path.join(cacheDir, 'artifacts'))).toBe(true);
        expect(await (result.outputs['report'] as File).readText()).toBe('boxed: 3 reviews');
        expect(result.artifacts?.map(artifact => artifact.kind)).toEqual(['dataset', 'file', 'tensor']);
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
        // The per-attempt bundle is removed; out/ stays with the run.
        expect(existsSync(path.join(spec.workDir, 'sandbox'))).toBe(false);
    });

    it('reports an out-of-memory kill with the limit', async () => {
        const result = await executor.execute(attemptSpec('hog', { megabytes: 1024 }, { resources: { cpu: 1000, memory: 128 * MiB, gpu: 0 } }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { exitCode: 137, retryable: false } });
        if (result.status === 'failed') expect(result.failure.message).toContain('ran out of memory: the sandbox was killed at its limit of 128 MiB');
    });

    describe('with a server on the host', () => {
        let server: Server;
        let port: number;
        beforeAll(async () => {
            server = createServer(socket => socket.end('hello'));
            await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
            port = (server.address() as { port: number }).port;
        });
        afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

        it('cannot connect to a host port without network', async () => {
            const process = await createExecutor('process', { cacheDir }).execute(attemptSpec('dial', { host: '127.0.0.1', port }), channel());
            expect(process.status).toBe('completed');
            const boxed = await executor.execute(attemptSpec('dial', { host: '127.0.0.1', port }), channel());
            expect(boxed.status).toBe('failed');
            if (boxed.status === 'failed') expect(boxed.failure.message).toBe('could not connect: ECONNREFUSED');
        });
    });

    it('cannot write outside out/ nor change its inputs', async () => {
        for (const target of ['/weft/in/inputs.json', '/etc/escaped', '/usr/escaped', '/escaped']) {
            const result = await executor.execute(attemptSpec('escape', { target }), channel());
            expect(result.status, target).toBe('failed');
            if (result.status === 'failed') expect(result.failure.message).toMatch(/EROFS|EACCES|read-only/);
        }
        const tampered = await executor.execute(attemptSpec('tamper', { reviews }), channel());
        expect(tampered.status).toBe('failed');
        expect(existsSync('/escaped')).toBe(false);
    });

    it('kills the sandbox when the attempt times out', async () => {
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(new Error('timed out')), 1500);
        const result = await executor.execute(attemptSpec('stall', {}), channel(controller.signal));
        const elapsed = Date.now() - started;
        expect(result.status).toBe('failed');
        if (result.status === 'failed') expect(result.failure.exitCode).not.toBe(0);
        expect(elapsed).toBeLessThan(8000);
    });

    it('says what to install when runsc is missing', () => {
        expect(() => createExecutor('gvisor', { searchPath: '/nonexistent:/usr/local/bin' })).toThrow(SandboxUnavailableError);
        expect(() => createExecutor('gvisor', { searchPath: '/nonexistent' })).toThrow(/runsc.*not on the PATH.*apt-get install -y runsc/s);
    });
});
