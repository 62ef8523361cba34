import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TaskCache } from '../caching/task-cache.js';
import type { Executor } from '../executors/executor.js';
import type { AnyStepImplementation } from '../executors/inline-executor.js';
import { executorWithMocks } from './mocked-steps.js';
import { Capacity, type ResourceRequest } from '../scheduling/capacity.js';
import { capacityOfTargets } from '../scheduling/target-capacity.js';
import { currentDriver, RunDrivenError, type RunDriver } from '../store/run-driver.js';
import { type RunRecord, RunStatus, type RunStore, UnknownRunError } from '../store/run-store.js';
import { chooseTargets, type Target } from '../plan/targets.js';
import { decodeValue } from '../store/value-codec.js';
import { RunNotResumableError, StepCodeChangedError } from './run-errors.js';
import type { RunControl } from './run-control.js';
import { RunEngine, type RunOutcome } from './run-engine.js';
import { type MocksFor, mocksByStep, releaseDriver } from './run-pipeline.js';
import { stepCodeDigests } from '../bundling/step-code.js';
import { changedStepCode } from './changed-step-code.js';

export interface ResumeOptions<Steps = {}> {
    readonly store: RunStore;
    readonly steps?: Steps;
    readonly mocks?: MocksFor<Steps>;
    readonly executor?: Executor;
    readonly signal?: AbortSignal;
    readonly workRoot?: string;
    /** Pauses and resumes the run while it goes on. */
    readonly control?: RunControl;
    /** The step cache; none by default. */
    readonly cache?: TaskCache;
    /** Where step bundles are made to digest each step's code (as `RunOptions.cacheDir`). */
    readonly cacheDir?: string;
    /** The process recorded as the run's driver; this one by default. */
    readonly driver?: RunDriver;
    /** Keep the results of completed tasks whose step's code changed since they ran, instead of refusing (`StepCodeChangedError`). */
    readonly acceptChangedCode?: boolean;
}

/**
 * Finishes an interrupted run (its status still `running`, e.g. after a crash): completed,
 * skipped and failed-for-good tasks keep their results; lost attempts and everything not yet
 * started run again, with the parameters, target and capacity the run began with.
 *
 * The run gets this process as its driver first: a run whose driver is still alive is refused
 * (`RunDrivenError`). So is a run with a completed task whose step's code has changed since
 * (`StepCodeChangedError`, listing them), unless `acceptChangedCode`.
 */
export async function resumeRun<Steps = {}>(runId: string, options: ResumeOptions<Steps>): Promise<RunOutcome> {
    const { store } = options;
    const run = store.run(runId);
    if (!run) throw new UnknownRunError(runId);
    if (run.status !== RunStatus.Running) throw new RunNotResumableError(runId, run.status);
    const driver = options.driver ?? currentDriver();
    const holder = store.claimRun(runId, driver);
    if (holder) throw new RunDrivenError(runId, holder);
    try {
        return await resumeClaimed(runId, options);
    } finally {
        releaseDriver(store, runId, driver);
    }
}

/** The targets a run was started on, as its settings recorded them (none recorded: it had none). */
export function runTargets(run: RunRecord): Target[] {
    const names = (run.settings['targets'] as string[] | undefined) ?? (typeof run.settings['target'] === 'string' ? [run.settings['target']] : []);
    return names.length === 0 ? [] : chooseTargets(run.plan, names);
}

async function resumeClaimed<Steps>(runId: string, options: ResumeOptions<Steps>): Promise<RunOutcome> {
    // Another driver may have finished it between the first look and the claim.
    const run = options.store.run(runId)!;
    if (run.status !== RunStatus.Running) throw new RunNotResumableError(runId, run.status);
    const tasks = options.store.tasks(runId);
    const mocks = mocksByStep(run.plan, options.steps as Record<string, unknown> | undefined, options.mocks as Record<string, AnyStepImplementation> | undefined);
    const code = await stepCodeDigests(run.plan, run.root, options.cacheDir ?? path.join(run.root, '.weft'), undefined, mocks);
    const changed = changedStepCode(run.plan, tasks, code);
    if (changed.length > 0 && !options.acceptChangedCode) throw new StepCodeChangedError(runId, changed);
    for (const change of changed) {
        options.store.appendEvent(runId, { at: Date.now(), taskId: change.taskId, level: 'warn', message: `resumed with the result of older code: ${change.module} changed since the task ran` });
    }
    const capacity = run.settings['capacity'] as ResourceRequest | undefined;
    return new RunEngine({
        runId, plan: run.plan, root: run.root, store: options.store,
        parameters: decodeValue(run.parameters) as Record<string, unknown>,
        executor: executorWithMocks(options.executor, mocks),
        capacity: capacity ? new Capacity(capacity) : capacityOfTargets(runTargets(run)),
        workRoot: options.workRoot ?? path.join(tmpdir(), 'weft-runs'),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.cache ? { cache: options.cache } : {}),
        ...(options.control ? { control: options.control } : {}),
        code,
    }).run(tasks);
}
