// An attempt killed at its memory limit is placed again with more memory where `retry { memory }`
// allows it: the decision on its own, then through the engine with a run store.
import { describe, expect, it } from 'vitest';
import type { PlanSettings, PlanTarget } from '../../src/contract/plan.js';
import { memoryEscalation, nextMemory } from '../../src/execution/memory-escalation.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import type { ResolvedSettings } from '../../src/plan/step-settings.js';
import type { AttemptResult, AttemptSpec, Executor } from '../../src/executors/executor.js';
import { OutOfMemoryError } from '../../src/executors/gvisor/sandbox-errors.js';
import { Capacity } from '../../src/scheduling/capacity.js';
import { PoolCapacity } from '../../src/scheduling/pool-capacity.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, plan, sleep, until, workRoot } from './plan-fixtures.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const memory = (bytes: number) => ({ kind: 'quantity', unit: 'memory', value: bytes } as const);

function settings(memoryBytes: number, retryMemory?: number): ResolvedSettings {
    return {
        resources: { cpu: 1000, memory: memoryBytes, gpu: 0, gpuMemory: 0 },
        retry: { attempts: 1, backoffMs: 0, factor: 1, ...(retryMemory === undefined ? {} : { memory: retryMemory }) },
        network: 'none',
    };
}

function oom(task: string, limit: number) {
    const error = new OutOfMemoryError(task, limit);
    return { message: error.message, retryable: false, exitCode: 137, cause: error };
}

describe('the next memory', () => {
    it('doubles the last, capped at retry.memory and at what one step can get', () => {
        expect(nextMemory(128 * MiB, GiB, Infinity)).toBe(256 * MiB);
        expect(nextMemory(512 * MiB, 768 * MiB, Infinity)).toBe(768 * MiB);
        expect(nextMemory(256 * MiB, GiB, 384 * MiB)).toBe(384 * MiB);
    });

    it('has none when the cap is reached or there is no retry.memory', () => {
        expect(nextMemory(GiB, GiB, Infinity)).toBeUndefined();
        expect(nextMemory(2 * GiB, GiB, Infinity)).toBeUndefined();
        expect(nextMemory(512 * MiB, GiB, 512 * MiB)).toBeUndefined();
        expect(nextMemory(128 * MiB, undefined, Infinity)).toBeUndefined();
    });
});

describe('memoryEscalation', () => {
    const machine = new Capacity({ cpu: 2000, memory: 2 * GiB, gpu: 0 });

    it('places an out-of-memory attempt again with twice the memory, the rest of its settings kept', () => {
        const decision = memoryEscalation('hog', oom('hog', 128 * MiB), settings(128 * MiB, GiB), machine);
        expect(decision).toEqual({
            placeAgain: true, memory: 256 * MiB,
            settings: settings(256 * MiB, GiB),
            reason: 'ran out of memory at 128 MiB; placed again with 256 MiB (retry.memory 1 GiB)',
        });
    });

    it('leaves other failures alone, whatever retry.memory says', () => {
        const failure = { message: 'TypeError: x is undefined', retryable: false, cause: new TypeError('x is undefined') };
        expect(memoryEscalation('hog', failure, settings(128 * MiB, GiB), machine)).toEqual({ placeAgain: false, failure });
    });

    it('fails with the executor\'s message, which says to set retry.memory, when the step has none', () => {
        const failure = oom('hog', 128 * MiB);
        const decision = memoryEscalation('hog', failure, settings(128 * MiB), machine);
        expect(decision).toEqual({ placeAgain: false, failure });
        expect(failure.message).toBe('hog ran out of memory: the sandbox was killed at its limit of 128 MiB (resources.memory, or the target\'s default '
            + 'when the step sets none); raise the step\'s memory, set retry { memory: … } to place it again with more, or use less');
    });

    it('fails naming retry.memory once the doubling has reached it', () => {
        const decision = memoryEscalation('hog', oom('hog', GiB), settings(GiB, GiB), machine);
        expect(decision.placeAgain).toBe(false);
        if (decision.placeAgain) return;
        expect(decision.failure.cause).toBeInstanceOf(OutOfMemoryError);
        expect(decision.failure).toMatchObject({ exitCode: 137, retryable: false });
        expect(decision.failure.message).toBe('hog ran out of memory: the sandbox was killed at its limit of 1 GiB, the most its retry.memory (1 GiB) allows; raise retry.memory or use less');
    });

    it('stops at the target\'s capacity when retry.memory asks for more than it has', () => {
        expect(memoryEscalation('hog', oom('hog', GiB), settings(GiB, 8 * GiB), machine)).toMatchObject({ placeAgain: true, memory: 2 * GiB });
        const decision = memoryEscalation('hog', oom('hog', 2 * GiB), settings(2 * GiB, 8 * GiB), machine);
        expect(decision.placeAgain).toBe(false);
        if (decision.placeAgain) return;
        expect(decision.failure.message).toBe('hog ran out of memory: the sandbox was killed at its limit of 2 GiB, the most its target offers one step (2 GiB of memory); '
            + 'give the target more memory or use less');
    });

    it('leaves a pod that set no memory as it is: its limit was the namespace\'s default, unknown here', () => {
        const pools = new PoolCapacity([{ target: 'k', pool: 'p', node: { cpu: 8000, memory: 16 * GiB, gpu: 0 }, count: 1 }]);
        const error = new OutOfMemoryError('hog', 0, undefined, 'pod');
        const failure = { message: error.message, retryable: false, exitCode: 137, cause: error };
        expect(memoryEscalation('hog', failure, settings(0, 8 * GiB), pools)).toEqual({ placeAgain: false, failure });
        expect(failure.message).toBe('hog ran out of memory: its pod was killed at its memory limit (resources.memory, or the target\'s default when the step sets none); '
            + 'raise the step\'s memory, set retry { memory: … } to place it again with more, or use less');
    });

    it('on Kubernetes pools, goes up to the biggest pool that also has the cpu', () => {
        const pools = new PoolCapacity([
            { target: 'k', pool: 'small', node: { cpu: 8000, memory: 4 * GiB, gpu: 0 }, count: 2 },
            { target: 'k', pool: 'big', node: { cpu: 1000, memory: 16 * GiB, gpu: 0 }, count: 1 },
        ]);
        expect(memoryEscalation('hog', oom('hog', 2 * GiB), settings(2 * GiB, 32 * GiB), pools)).toMatchObject({ placeAgain: true, memory: 4 * GiB });
        expect(memoryEscalation('hog', oom('hog', 4 * GiB), settings(4 * GiB, 32 * GiB), pools)).toMatchObject({ placeAgain: true, memory: 8 * GiB });
        // 8 GiB with 2 cores fits no pool: `big` has the memory but one core.
        const twoCores = { ...settings(4 * GiB, 32 * GiB), resources: { cpu: 2000, memory: 4 * GiB, gpu: 0, gpuMemory: 0 } };
        expect(memoryEscalation('hog', oom('hog', 4 * GiB), twoCores, pools).placeAgain).toBe(false);
    });
});

/**
 * Stands in for a sandbox whose step needs `needs` bytes: an attempt given less ends as the
 * gvisor executor reports a kill at the memory limit. (The real kill: packages/cli/test/weft-run-oom.test.ts.)
 */
class MemoryHungryExecutor implements Executor {
    readonly name = 'memory-hungry';
    readonly given: { attempt: number; memory: number }[] = [];
    /** While set, attempts given enough memory wait for it before they complete. */
    private holding: Promise<void> | undefined;
    private release: (() => void) | undefined;

    constructor(private readonly needs: number) {}

    hold(): void {
        this.holding = new Promise(resolve => (this.release = resolve));
    }

    finish(): void {
        this.release?.();
    }

    async execute(spec: AttemptSpec): Promise<AttemptResult> {
        this.given.push({ attempt: spec.attempt, memory: spec.resources.memory });
        if (spec.resources.memory < this.needs) {
            const error = new OutOfMemoryError(spec.taskId, spec.resources.memory);
            return { status: 'failed', failure: { message: error.message, retryable: false, exitCode: 137, cause: error } };
        }
        await this.holding;
        return { status: 'completed', outputs: { value: spec.resources.memory } };
    }
}

const sandbox = (capacity: Record<string, number>): PlanTarget =>
    ({ name: 'box', kind: 'sandbox', members: { capacity }, pools: [], source: { file: 't.weft', line: 1 } });

function hogPlan(retry: PlanSettings['retry'], capacity: Record<string, number> = { cpu: 4, memory: 4 * GiB, gpu: 0 }) {
    return plan([node('hog', { settings: { resources: { cpu: literal(1), memory: memory(128 * MiB) }, ...(retry ? { retry } : {}) } })], { targets: [sandbox(capacity)] });
}

describe('a run whose step runs out of memory', () => {
    it('goes running → pausing → allocating, each attempt with twice the memory, until it completes', async () => {
        const store = new SqliteRunStore();
        const executor = new MemoryHungryExecutor(300 * MiB);
        const result = await runPipeline(hogPlan({ memory: memory(GiB) }), {}, { store, executor, workRoot: workRoot() });
        expect(result.status).toBe('completed');
        expect(executor.given).toEqual([{ attempt: 1, memory: 128 * MiB }, { attempt: 2, memory: 256 * MiB }, { attempt: 3, memory: 512 * MiB }]);
        expect(result.tasks).toEqual([{ id: 'hog', state: 'completed', attempts: 3 }]);
        expect(store.transitions(result.runId, 'hog').map(change => [change.from, change.to, change.reason ?? ''])).toEqual([
            ['pending', 'allocating', ''], ['allocating', 'running', ''],
            ['running', 'pausing', oom('hog', 128 * MiB).message],
            ['pausing', 'allocating', 'ran out of memory at 128 MiB; placed again with 256 MiB (retry.memory 1 GiB)'], ['allocating', 'running', ''],
            ['running', 'pausing', oom('hog', 256 * MiB).message],
            ['pausing', 'allocating', 'ran out of memory at 256 MiB; placed again with 512 MiB (retry.memory 1 GiB)'], ['allocating', 'running', ''],
            ['running', 'completed', ''],
        ]);
        expect(store.attempts(result.runId, 'hog').map(({ attempt, status, memory }) => ({ attempt, status, memory }))).toEqual([
            { attempt: 1, status: 'failed', memory: 128 * MiB },
            { attempt: 2, status: 'failed', memory: 256 * MiB },
            { attempt: 3, status: 'completed', memory: 512 * MiB },
        ]);
        expect(store.events(result.runId).filter(event => event.level === 'warn').map(({ attempt, message, fields }) => ({ attempt, message, fields }))).toEqual([
            { attempt: 1, message: 'hog ran out of memory at 128 MiB; placed again with 256 MiB (retry.memory 1 GiB)', fields: { memory: 256 * MiB } },
            { attempt: 2, message: 'hog ran out of memory at 256 MiB; placed again with 512 MiB (retry.memory 1 GiB)', fields: { memory: 512 * MiB } },
        ]);
        store.close();
    });

    it('fails with the OOM cause once retry.memory is reached', async () => {
        const store = new SqliteRunStore();
        const executor = new MemoryHungryExecutor(600 * MiB);
        const result = await runPipeline(hogPlan({ memory: memory(512 * MiB) }), {}, { store, executor, workRoot: workRoot() });
        expect(result.status).toBe('failed');
        expect(executor.given.map(given => given.memory)).toEqual([128 * MiB, 256 * MiB, 512 * MiB]);
        expect(result.failures).toEqual([{
            step: 'hog', attempts: 3, exitCode: 137, kind: 'infrastructure', error: 'OutOfMemoryError',
            message: 'hog ran out of memory: the sandbox was killed at its limit of 512 MiB, the most its retry.memory (512 MiB) allows; raise retry.memory or use less',
        }]);
        expect(store.tasks(result.runId)[0]).toMatchObject({ state: 'failed', failedForGood: true, attempts: 3 });
        store.close();
    });

    it('is not placed again without retry.memory', async () => {
        const executor = new MemoryHungryExecutor(300 * MiB);
        const result = await runPipeline(hogPlan({ attempts: literal(3) }), {}, { executor, workRoot: workRoot() });
        expect(executor.given).toEqual([{ attempt: 1, memory: 128 * MiB }]);
        expect(result.failures).toEqual([{ step: 'hog', attempts: 1, exitCode: 137, kind: 'infrastructure', error: 'OutOfMemoryError', message: oom('hog', 128 * MiB).message }]);
    });

    it('stops at the target\'s memory, saying so', async () => {
        const executor = new MemoryHungryExecutor(GiB);
        const result = await runPipeline(hogPlan({ memory: memory(4 * GiB) }, { cpu: 4, memory: 384 * MiB, gpu: 0 }), {}, { executor, workRoot: workRoot() });
        expect(executor.given.map(given => given.memory)).toEqual([128 * MiB, 256 * MiB, 384 * MiB]);
        expect(result.failures[0]?.message).toBe('hog ran out of memory: the sandbox was killed at its limit of 384 MiB, the most its target offers one step (384 MiB of memory); '
            + 'give the target more memory or use less');
    });

    it('does not use up one of retry.attempts', async () => {
        // `attempts: 2`: killed at its limit, then (with more memory) a retryable failure, then a success.
        const result = await runPipeline(hogPlan({ attempts: literal(2), backoff: { kind: 'quantity', unit: 'duration', value: 1 }, memory: memory(GiB) }), {},
            { executor: new FailsAfterOom(200 * MiB), workRoot: workRoot() });
        expect(result.status).toBe('completed');
        expect(result.tasks[0]).toMatchObject({ id: 'hog', state: 'completed', attempts: 3 });
    });

    it('waits for room like any allocation before it is placed again', async () => {
        // 512 MiB in all: while `other` holds 300 MiB, `hog` placed again with 400 MiB waits.
        const store = new SqliteRunStore();
        const executor = new MemoryHungryExecutor(300 * MiB);
        executor.hold();
        const two = plan([
            node('hog', { settings: { resources: { cpu: literal(1), memory: memory(200 * MiB) }, retry: { memory: memory(GiB) } } }),
            node('other', { settings: { resources: { cpu: literal(1), memory: memory(300 * MiB) } } }),
        ], { targets: [sandbox({ cpu: 4, memory: 512 * MiB, gpu: 0 })] });
        const running = runPipeline(two, {}, { store, executor, workRoot: workRoot(), runId: 'wait-for-room' });
        await until(() => store.transitions('wait-for-room', 'hog').some(change => change.to === 'allocating' && change.from === 'pausing'), 'hog waits for room');
        await sleep(100);
        expect(store.tasks('wait-for-room').find(task => task.id === 'hog')?.state).toBe('allocating');
        // Both first attempts start in one launch; which reaches the executor first is not fixed.
        expect([...executor.given].sort((a, b) => a.memory - b.memory)).toEqual([{ attempt: 1, memory: 200 * MiB }, { attempt: 1, memory: 300 * MiB }]);
        executor.finish();
        const result = await running;
        expect(result.status).toBe('completed');
        expect(executor.given.at(-1)).toEqual({ attempt: 2, memory: 400 * MiB });
        store.close();
    });
});

/** The first attempt is killed at its limit, the second fails otherwise (retryable), the third completes. */
class FailsAfterOom implements Executor {
    readonly name = 'fails-after-oom';
    private calls = 0;

    constructor(private readonly needs: number) {}

    async execute(spec: AttemptSpec): Promise<AttemptResult> {
        this.calls++;
        if (spec.resources.memory < this.needs) {
            const error = new OutOfMemoryError(spec.taskId, spec.resources.memory);
            return { status: 'failed', failure: { message: error.message, retryable: false, exitCode: 137, cause: error } };
        }
        if (this.calls === 2) return { status: 'failed', failure: { message: 'connection reset', retryable: true } };
        return { status: 'completed', outputs: { value: spec.resources.memory } };
    }
}
