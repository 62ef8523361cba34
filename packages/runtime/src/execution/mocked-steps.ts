import { mkdir } from 'node:fs/promises';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from '../executors/executor.js';
import { type AnyStepImplementation, InlineExecutor } from '../executors/inline-executor.js';

/**
 * The executor a run uses when some steps are mocked: a mocked step's attempts run inline (its
 * mock is called in this process: no process, sandbox or pod is started for it) and every other
 * attempt goes to `executor`. Without `executor`, one inline executor runs both.
 */
export function executorWithMocks(executor: Executor | undefined, mocks: Readonly<Record<string, AnyStepImplementation>>): Executor {
    if (executor === undefined) return new InlineExecutor({ mocks });
    if (Object.keys(mocks).length === 0) return executor;
    return new MockingExecutor(executor, mocks);
}

class MockingExecutor implements Executor {
    readonly name: string;
    readonly makesWorkDir = true;
    private readonly inline: InlineExecutor;

    constructor(private readonly executor: Executor, private readonly mocks: Readonly<Record<string, AnyStepImplementation>>) {
        this.name = executor.name;
        this.inline = new InlineExecutor({ mocks });
    }

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        if (this.mocked(spec)) return this.inline.execute(spec, channel);
        if (!this.executor.makesWorkDir) await mkdir(spec.workDir, { recursive: true });
        return this.executor.execute(spec, channel);
    }

    // A mock runs in this process and cannot be frozen: like any inline attempt, it runs on while paused.
    async pause(spec: AttemptSpec): Promise<void> {
        if (!this.mocked(spec)) await this.executor.pause?.(spec);
    }

    async resume(spec: AttemptSpec): Promise<void> {
        if (!this.mocked(spec)) await this.executor.resume?.(spec);
    }

    private mocked(spec: AttemptSpec): boolean {
        return Object.hasOwn(this.mocks, spec.step.name);
    }
}
