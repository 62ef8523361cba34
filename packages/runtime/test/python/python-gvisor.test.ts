// Python steps in gVisor sandboxes (real runsc): the host's python3 and numpy, the project read-only, failures and kills.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/executors/create-executor.js';
import { Dataset } from '../../src/handles/dataset.js';
import { Tensor } from '../../src/handles/tensor.js';
import { cacheDir, channel } from '../sandbox/sandbox-fixtures.js';
import { contractsDir, projectWithVenv, pythonAttempt, pythonRoot, until } from './python-fixtures.js';

const executor = createExecutor('gvisor', { cacheDir, gracePeriodMs: 5000, pythonModulePath: [contractsDir] });

describe('Python steps on the gvisor executor', () => {
    it('runs a step as uid 65534 with only its sources mounted, read-only, and stores its artifacts', async () => {
        const io = channel();
        const summary = await executor.execute(pythonAttempt('summarize', { reviews: new Dataset(path.join(pythonRoot, 'reviews.jsonl')), label: 'boxed' }), io);
        expect(summary.status, JSON.stringify(summary)).toBe('completed');
        if (summary.status !== 'completed') return;
        expect(summary.outputs['count']).toBe(3);
        expect(summary.artifacts?.map(artifact => artifact.kind)).toEqual(['dataset', 'file']);
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
        const isolation = await executor.execute(pythonAttempt('isolation', {}), channel());
        expect(isolation).toMatchObject({ status: 'completed', outputs: { uid: 65534, project: '/weft/project', projectWritable: false, seesUnimportedFiles: false } });
        expect(existsSync(path.join(pythonRoot, 'written-by-a-step'))).toBe(false);
    });

    it('imports Debian\'s numpy from the host\'s /usr and the generated contracts from the module path', async () => {
        const tensors = await executor.execute(pythonAttempt('tensors', { t: new Tensor('f32', [2], new Float32Array([1.5, 2])) }), channel());
        expect(tensors).toMatchObject({ status: 'completed', outputs: { sum: 3.5 } });
        const typed = await executor.execute(pythonAttempt('route_step', { from: 'box', options: { hops: 1, via: 'lane' }, weights: {} }, { module: 'steps/typed.py' }), channel());
        expect(typed).toMatchObject({ status: 'completed', outputs: { from: 'lane', total: 1, legs: [{ name: 'box-1', km: 1 }] } });
    });

    it('records a Python exception with its traceback named relative to the project', async () => {
        const result = await executor.execute(pythonAttempt('fails', { label: 'boxed' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: {
            message: 'the step gave up on boxed', retryable: true, exitCode: 1,
            cause: { name: 'ValueError', origin: 'step', stack: 'at helper (steps/basics.py:39)\nat fails (steps/basics.py:35)' },
        } });
    });

    it('stops a sandboxed step on abort: TERM reaches Python before the KILL', async () => {
        const controller = new AbortController();
        const io = channel(controller.signal);
        const spec = pythonAttempt('stall', {});
        const running = executor.execute(spec, io);
        await until(() => io.lines.some(line => line.message === 'stalling'));
        controller.abort(new Error('cancelled'));
        const result = await running;
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'the attempt was stopped (SIGTERM)', exitCode: 1, cause: { name: 'StepCancelled' } } });
        expect(readFileSync(path.join(spec.workDir, 'out', 'cleaned-up'), 'utf8')).toBe('True');
    });

    it('runs the interpreter it is told to, a virtual environment\'s in the project', async () => {
        const root = projectWithVenv();
        const venv = createExecutor('gvisor', { cacheDir, python: './.venv/bin/python' });
        const result = await venv.execute(pythonAttempt('interpreter', {}, { root }), channel());
        expect(result).toMatchObject({ status: 'completed', outputs: { executable: '/weft/project/.venv/bin/python' } });
    });
});
