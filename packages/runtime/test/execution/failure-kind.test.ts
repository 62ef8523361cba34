// Which failures `retry` retries: errors of the step's code only with `stepErrors`, infrastructure
// failures always (when a retry could help), refusals never; and what a failed attempt records.
import { describe, expect, it } from 'vitest';
import { AttemptFileError } from '../../src/artifacts/attempt-files.js';
import { BundleError } from '../../src/bundling/bundle-step.js';
import type { AttemptResult, Executor } from '../../src/executors/executor.js';
import { OutputMismatchError } from '../../src/artifacts/contract-errors.js';
import { type AttemptFailure, AttemptTimeoutError } from '../../src/plan/failure.js';
import { failureKind, retriesFailure } from '../../src/execution/failure-kind.js';
import { failureRecord } from '../../src/execution/failure-record.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import type { RetryPolicy } from '../../src/plan/step-settings.js';
import { AllowListError } from '../../src/executors/gvisor/allow-list.js';
import { OutOfMemoryError, PidsLimitError, SandboxUnavailableError } from '../../src/executors/gvisor/sandbox-errors.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { ModelVerificationError } from '../../src/trust/signed-models.js';
import { duration, literal, node, plan, workRoot } from './plan-fixtures.js';

const failed = (failure: Partial<AttemptFailure>): AttemptFailure => ({ message: 'it failed', retryable: false, ...failure });
const named = (name: string): Error => Object.assign(new Error('x'), { name });

describe('failureKind', () => {
    it.each([
        ['a step that threw in the worker', failed({ retryable: true, cause: { message: 'x', name: 'TypeError', origin: 'step', retryable: true } }), false, 'step'],
        ['outputs that break the contract', failed({ cause: new OutputMismatchError('t', 'count', '', 'a value', 'nothing', 'is missing (declared as int)') }), false, 'step'],
        ['a file in out/ the host refuses', failed({ cause: new AttemptFileError('out/x', 'is a symbolic link') }), false, 'step'],
        ['a fork bomb stopped at the pids limit', failed({ cause: new PidsLimitError('t', 64) }), false, 'step'],
        ['a timeout', failed({ retryable: true, cause: new AttemptTimeoutError('t', 10) }), true, 'infrastructure'],
        ['a worker killed from outside (exit 137, no failure record)', failed({ retryable: true, exitCode: 137 }), false, 'infrastructure'],
        ['the memory limit', failed({ exitCode: 137, cause: new OutOfMemoryError('t', 128 * 1024 * 1024) }), false, 'infrastructure'],
        ['a sandbox that cannot be made here (not retried: the executor marks it so)', failed({ exitCode: 128, cause: new SandboxUnavailableError('runsc-failed', 'runsc said: x') }), false, 'infrastructure'],
        ['an error of another name that is not Weft\'s, not retryable', failed({ exitCode: 128, cause: named('SandboxUnavailableError') }), false, 'refused'],
        ['a worker that could not run the bundle', failed({ cause: { message: 'x', name: 'Error', origin: 'worker', retryable: false } }), false, 'refused'],
        ['an import the bundler refuses', failed({ cause: new BundleError('steps/leak.ts', 'import refused') }), false, 'refused'],
        ['a signed model that does not verify', failed({ cause: new ModelVerificationError('base', 'm.bin', 'k.pub', 'wrong key') }), false, 'refused'],
        ['a mistake of the user\'s, even one an executor marks retryable', failed({ retryable: true, cause: new AllowListError('sandbox.network entry "db:0": port 0 is not between 1 and 65535') }), false, 'refused'],
        ['an executor that says so', failed({ retryable: true, kind: 'step' }), false, 'step'],
    ] as const)('%s is %s', (_what, failure, timedOut, kind) => {
        expect(failureKind(failure, timedOut)).toBe(kind);
    });
});

describe('retriesFailure', () => {
    const plain: RetryPolicy = { attempts: 3, backoffMs: 0, factor: 1, stepErrors: false };
    const stepErrors: RetryPolicy = { ...plain, stepErrors: true };
    it('retries an error of the step only with stepErrors, whatever the executor thought', () => {
        expect(retriesFailure('step', failed({ retryable: true }), plain)).toBe(false);
        expect(retriesFailure('step', failed({ retryable: false }), stepErrors)).toBe(true);
    });
    it('retries an infrastructure failure that a retry could change, and never a refusal', () => {
        expect(retriesFailure('infrastructure', failed({ retryable: true }), plain)).toBe(true);
        expect(retriesFailure('infrastructure', failed({ retryable: false }), plain)).toBe(false);
        expect(retriesFailure('refused', failed({ retryable: true }), stepErrors)).toBe(false);
    });
});

describe('failureRecord', () => {
    const thrown = (stack: string) => failed({ retryable: true, cause: { message: 'x', name: 'RangeError', origin: 'step', retryable: true, stack } });
    it('keeps a hostile stack bounded: at most 50 frames and 65,536 characters', () => {
        const deep = failureRecord('s', thrown(Array.from({ length: 10_000 }, (_, index) => `    at f${index} (steps/s.ts:1:1)`).join('\n')), 1, 'step');
        expect(deep.stack!.split('\n')).toHaveLength(51);
        expect(deep.stack!.split('\n').at(-1)).toBe('… 9950 more frames');
        const wide = failureRecord('s', thrown(Array.from({ length: 40 }, () => `    at ${'g'.repeat(10_000)} (steps/s.ts:1:1)`).join('\n')), 1, 'step');
        expect(wide.stack!.length).toBeLessThanOrEqual(65_536);
        expect(wide.stack).toMatch(/ … \[cut: \d+ more characters\]$/);
    });
    it('keeps no stack for what the runtime found (a contract check) rather than what the step threw', () => {
        expect(failureRecord('s', failed({ cause: new OutputMismatchError('t', 'count', '', 'a value', 'nothing', 'is missing (declared as int)') }), 1, 'step')).toEqual({
            step: 's', message: 'it failed', attempts: 1, kind: 'step', error: 'OutputMismatchError',
        });
    });
    it('keeps no stack for what is not an error of the step', () => {
        expect(failureRecord('s', { ...thrown('    at f (x.js:1:1)'), cause: new AttemptTimeoutError('s', 5) }, 1, 'infrastructure')).toEqual({
            step: 's', message: 'it failed', attempts: 1, kind: 'infrastructure', error: 'AttemptTimeoutError',
        });
    });
});

describe('a failed attempt in the engine', () => {
    it('a TypeError is one attempt with retry { attempts: 3 }; the task records kind, error and stack, and the attempt an error event', async () => {
        let calls = 0;
        const store = new SqliteRunStore();
        const result = await runPipeline(plan([node('parse', { settings: { retry: { attempts: literal(3), backoff: duration(1) } } })]), {}, {
            workRoot: workRoot(), store,
            mocks: { parse: async () => { calls++; return (undefined as unknown as { rows: number[] }).rows; } },
        });
        expect(calls).toBe(1);
        expect(result.failures).toMatchObject([{ step: 'parse', attempts: 1, kind: 'step', error: 'TypeError' }]);
        expect(result.failures[0]!.stack).toMatch(/^at .*failure-kind\.test\.ts:\d+:\d+\)?$/m);
        const [event] = store.events(result.runId, 'parse').filter(entry => entry.level === 'error');
        expect(event).toMatchObject({
            attempt: 1,
            message: `attempt 1 failed (error in the step, not retried): TypeError: ${result.failures[0]!.message}`,
            fields: { failure: { kind: 'step', error: 'TypeError', stack: result.failures[0]!.stack } },
        });
        expect(store.tasks(result.runId)[0]?.failure).toEqual(result.failures[0]);
    });

    it('an executor that loses the attempt (exit 137) is retried and the run completes; the lost attempt says so', async () => {
        const store = new SqliteRunStore();
        const lostOnce: Executor = {
            name: 'flaky-machine',
            async execute(spec): Promise<AttemptResult> {
                if (spec.attempt === 1) return { status: 'failed', failure: { message: 'the worker exited with code 137 without outputs', retryable: true, exitCode: 137 } };
                return { status: 'completed', outputs: { value: spec.attempt } };
            },
        };
        const result = await runPipeline(plan([node('fit', { settings: { retry: { attempts: literal(2), backoff: duration(1) } } })]), {}, {
            workRoot: workRoot(), store, executor: lostOnce,
        });
        expect(result.status).toBe('completed');
        expect(store.attempts(result.runId, 'fit').map(attempt => attempt.status)).toEqual(['failed', 'completed']);
        expect(store.events(result.runId, 'fit').filter(entry => entry.level === 'error')).toMatchObject([{
            attempt: 1,
            message: 'attempt 1 failed (infrastructure failure, retry 2 of 2): the worker exited with code 137 without outputs',
            fields: { failure: { kind: 'infrastructure', exitCode: 137 } },
        }]);
    });
});
