// Python steps on the process executor: the Python worker's protocol, handles, logs, failures and cancellation.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputMismatchError } from '../../src/artifacts/contract-errors.js';
import { createExecutor } from '../../src/executors/create-executor.js';
import { PythonInterpreterError } from '../../src/executors/python-errors.js';
import { Dataset } from '../../src/handles/dataset.js';
import { File } from '../../src/handles/file.js';
import { Tensor } from '../../src/handles/tensor.js';
import { typedAs } from '../execution/plan-fixtures.js';
import { cacheDir, channel } from '../sandbox/sandbox-fixtures.js';
import { contractsDir, projectWithVenv, pythonAttempt, pythonRoot, until } from './python-fixtures.js';

const executor = createExecutor('process', { cacheDir, pythonModulePath: [contractsDir] });
const reviews = new Dataset(path.join(pythonRoot, 'reviews.jsonl'));

type FailureCause = { name: string; origin: string; stack?: string };

describe('Python steps on the process executor', () => {
    it('runs a function with its inputs and context, stores its artifacts and forwards its logs', async () => {
        const io = channel();
        const result = await executor.execute(pythonAttempt('summarize', { reviews, label: 'shop' }), io);
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs).toMatchObject({ count: 3, mean: 10 / 3, info: { node: 'summarize', attempt: 1 }, scores: { a: 1.5, b: 2 } });
        const good = result.outputs['good'] as Dataset<{ stars: number }>;
        expect(good).toBeInstanceOf(Dataset);
        expect((await good.readAll()).map(review => review.stars)).toEqual([5, 4]);
        expect(good.path.startsWith(path.join(cacheDir, 'artifacts', 'sha256'))).toBe(true);
        expect(await (result.outputs['report'] as File).readText()).toBe('shop: 3 reviews');
        expect(result.artifacts?.map(artifact => `${artifact.output}:${artifact.kind}`)).toEqual(['good:dataset', 'report:file']);
        // ctx.logger keeps its fields; Python's logging keeps its level; print() is an info line.
        expect(io.lines).toContainEqual({ level: 'info', message: 'read reviews', fields: { count: 3 } });
        expect(io.lines).toContainEqual({ level: 'warn', message: 'from logging', fields: { logger: 'summarize' } });
        expect(io.lines).toContainEqual({ level: 'info', message: 'plain print' });
    });

    it('gives a field named by a Python keyword under its Weft name, and takes it back', async () => {
        const result = await executor.execute(pythonAttempt('keywords', { from: 'here', class: 2 }), channel());
        expect(result).toMatchObject({ status: 'completed', outputs: { from: 'here', class: 4 } });
    });

    it('hands a step typed with @implement its generated dataclasses, nested records and mangled names included', async () => {
        const spec = pythonAttempt('route_step', { from: 'home', options: { hops: 2 }, weights: { km: 1.5 } }, { module: 'steps/typed.py' });
        const result = await executor.execute(spec, channel());
        expect(result, JSON.stringify(result)).toMatchObject({
            status: 'completed', outputs: { from: 'home', total: 4.5, legs: [{ name: 'home-1', km: 1.5 }, { name: 'home-2', km: 3 }] },
        });
    });

    it('refuses an implementation generated for another contract than the plan\'s', async () => {
        const result = await executor.execute(pythonAttempt('stale_route', { from: 'a', options: { hops: 1 }, weights: {} }, { module: 'steps/typed.py' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: {
            message: 'the implementation of stale_route was generated for another contract than the plan\'s; regenerate with `weft generate --lang python`',
            retryable: false, exitCode: 2, cause: { origin: 'worker' },
        } });
    });

    it('records a Python exception with its traceback mapped to the step\'s file and lines, innermost first', async () => {
        const result = await executor.execute(pythonAttempt('fails', { label: 'shop' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'the step gave up on shop', retryable: true, exitCode: 1, cause: { name: 'ValueError', origin: 'step' } } });
        const cause = (result as { failure: { cause: FailureCause } }).failure.cause;
        expect(cause.stack).toBe('at helper (steps/basics.py:39)\nat fails (steps/basics.py:35)');
    });

    it('fails without retry when the module does not exist', async () => {
        const result = await executor.execute(pythonAttempt('train', {}, { module: 'steps/missing.py' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'the Python module steps/missing.py does not exist', retryable: false, exitCode: 2 } });
    });

    it('fails without retry when the module defines no such function, naming those it defines', async () => {
        const result = await executor.execute(pythonAttempt('trian', {}), channel());
        expect(result.status).toBe('failed');
        if (result.status !== 'failed') return;
        expect(result.failure.message).toMatch(/^steps\/basics\.py defines no function `trian` \(it defines fails, flaky, helper, interpreter, isolation, keywords, /);
        expect(result.failure).toMatchObject({ retryable: false, exitCode: 2, cause: { origin: 'worker' } });
    });

    it('fails without retry when the module cannot be imported, with the import\'s line', async () => {
        const result = await executor.execute(pythonAttempt('step', {}, { module: 'steps/broken_import.py' }), channel());
        expect(result).toMatchObject({ status: 'failed', failure: {
            message: 'No module named \'not_a_module_anywhere\'', retryable: false, exitCode: 2,
            cause: { name: 'ModuleNotFoundError', origin: 'worker', stack: 'at <module> (steps/broken_import.py:1)' },
        } });
    });

    it('fails without retry when the function\'s signature cannot take (inputs, ctx)', async () => {
        const result = await executor.execute(pythonAttempt('too_many_parameters', {}), channel());
        expect(result).toMatchObject({ status: 'failed', failure: {
            message: '`too_many_parameters(inputs, ctx, extra)` in steps/basics.py cannot implement a step: a step function takes (inputs, ctx)', retryable: false,
        } });
    });

    it('fails an attempt whose outputs break the declared types, naming the field', async () => {
        const result = await executor.execute(pythonAttempt('wrong_type', {}, { outputs: [typedAs('count', 'int')] }), channel());
        expect(result.status).toBe('failed');
        if (result.status !== 'failed') return;
        expect(result.failure.message).toMatch(/^wrong_type-\d+ returned outputs that do not match its step: count is "three" \(a string\), expected an int \(declared as int\)$/);
        expect(result.failure.cause).toBeInstanceOf(OutputMismatchError);
        expect(result.failure.retryable).toBe(false);
    });

    it('fails a step that returns something other than an outputs record, or a value JSON cannot hold', async () => {
        const result = await executor.execute(pythonAttempt('not_a_record', {}), channel());
        expect(result).toMatchObject({ status: 'failed', failure: {
            message: 'not_a_record returned 42 instead of an outputs record', retryable: false, exitCode: 1, cause: { name: 'OutputsError', origin: 'step' },
        } });
        const nan = await executor.execute(pythonAttempt('nan_output', {}), channel());
        expect(nan).toMatchObject({ status: 'failed', failure: {
            message: 'nan_output returned a value JSON cannot hold: Out of range float values are not JSON compliant', retryable: false, cause: { name: 'OutputsError' },
        } });
    });

    it('fails without retry, before anything starts, when the interpreter is missing', async () => {
        const missing = createExecutor('process', { cacheDir, python: 'python3-not-installed' });
        const spec = pythonAttempt('keywords', { from: 'a', class: 1 });
        const result = await missing.execute(spec, channel());
        expect(result.status).toBe('failed');
        if (result.status !== 'failed') return;
        expect(result.failure.cause).toBeInstanceOf(PythonInterpreterError);
        expect(result.failure).toMatchObject({ retryable: false, cause: { code: 'python-interpreter-missing', fault: 'user' } });
        expect(result.failure.message).toBe(`${spec.taskId} is a Python step, but its interpreter \`python3-not-installed\` is not on PATH; `
            + 'install python3 (Debian: apt-get install python3) or name another interpreter with WEFT_PYTHON');
        const venv = await createExecutor('process', { cacheDir, python: './.venv/bin/python' }).execute(pythonAttempt('keywords', {}), channel());
        expect(venv).toMatchObject({ status: 'failed', failure: { retryable: false, cause: { code: 'python-interpreter-missing' } } });
        expect((venv as { failure: { message: string } }).failure.message).toContain(`is not an executable file (${path.join(pythonRoot, '.venv', 'bin', 'python')})`);
    });

    it('runs an async step, with the trace context it is given and the spans it makes recorded', async () => {
        const traceparent = `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`;
        const spec = pythonAttempt('later', { x: 21 }, { traceEnvironment: { TRACEPARENT: traceparent } });
        const result = await executor.execute(spec, channel());
        expect(result).toMatchObject({ status: 'completed', outputs: { doubled: 42, trace: 'a'.repeat(32) } });
        const spans = JSON.parse(readFileSync(path.join(spec.workDir, 'out', 'spans.json'), 'utf8')) as { spans: { name: string; attributes: object; startTime: number; endTime: number }[] };
        expect(spans.spans).toEqual([expect.objectContaining({ name: 'thinking', attributes: { depth: 2 } })]);
        expect(spans.spans[0]!.endTime).toBeGreaterThanOrEqual(spans.spans[0]!.startTime);
    });

    it('passes tensors as .npy files and takes numpy arrays back', async () => {
        const result = await executor.execute(pythonAttempt('tensors', { t: new Tensor('f32', [3], new Float32Array([1, 2, 3])) }), channel());
        expect(result.status, JSON.stringify(result)).toBe('completed');
        if (result.status !== 'completed') return;
        expect(result.outputs['sum']).toBe(6);
        const scaled = result.outputs['scaled'] as Tensor<'f32'>;
        expect(scaled).toBeInstanceOf(Tensor);
        expect(scaled.shape).toEqual([3]);
        expect([...scaled.data]).toEqual([2, 4, 6]);
    });

    it('stops a running step on abort: SIGTERM reaches Python, which sees ctx.cancelled and cleans up', async () => {
        const controller = new AbortController();
        const io = channel(controller.signal);
        const spec = pythonAttempt('stall', {});
        const running = createExecutor('process', { cacheDir, gracePeriodMs: 5000 }).execute(spec, io);
        await until(() => io.lines.some(line => line.message === 'stalling'));
        controller.abort(new Error('cancelled'));
        const result = await running;
        // Exit code 1, the worker's own: it ended on TERM, not on the grace period's KILL (137).
        expect(result).toMatchObject({ status: 'failed', failure: { message: 'the attempt was stopped (SIGTERM)', exitCode: 1, cause: { name: 'StepCancelled', origin: 'step' } } });
        expect(readFileSync(path.join(spec.workDir, 'out', 'cleaned-up'), 'utf8')).toBe('True');
        expect(existsSync(path.join(spec.workDir, 'out', 'outputs.json'))).toBe(false);
    });

    it('runs the interpreter it is told to, a virtual environment\'s in the project', async () => {
        const root = projectWithVenv();
        const venv = createExecutor('process', { cacheDir, python: './.venv/bin/python' });
        const result = await venv.execute(pythonAttempt('interpreter', {}, { root }), channel());
        expect(result).toMatchObject({ status: 'completed', outputs: { executable: path.join(root, '.venv', 'bin', 'python') } });
    });
});
