import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CompiledPlan } from '../contract/plan.js';
import type { ParametersOf, PipelineDefinition, PipelineOutputsOf } from '../contract/pipeline-definition.js';
import { checkPlanVersion } from '../contract/plan-version.js';
import type { StepContext } from '../contract/step-context.js';
import type { InputsOf, OutputsOf, StepContract } from '../contract/step-contract.js';
import type { TaskCache } from '../caching/task-cache.js';
import type { Executor } from '../executors/executor.js';
import type { AnyStepImplementation } from '../executors/inline-executor.js';
import { executorWithMocks } from './mocked-steps.js';
import { Capacity, type ResourceRequest } from '../scheduling/capacity.js';
import { capacityOfTargets } from '../scheduling/target-capacity.js';
import type { RunStore } from '../store/run-store.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { encodeValue } from '../store/value-codec.js';
import { readFileSync } from 'node:fs';
import { bindParameters } from '../plan/bind-parameters.js';
import { inlineSubPipelines, type SubPlanLoader } from '../plan/inline-sub-pipelines.js';
import { readPlan } from '../plan/read-plan.js';
import { chooseTargets } from '../plan/targets.js';
import { MockContractError, UnknownMockError } from './run-errors.js';
import type { RunControl } from './run-control.js';
import { RunEngine, type RunOutcome } from './run-engine.js';
import { hashDeclaredInputs } from '../lineage/declared-inputs.js';
import { gitState } from '../lineage/git-state.js';
import { RunStatus, type TaskRecord } from '../store/run-store.js';
import { currentDriver, type RunDriver } from '../store/run-driver.js';
import { FileDigests } from '../trust/file-digests.js';
import { TaskState } from '../lifecycle/task-state.js';
import { stepCodeDigests } from '../bundling/step-code.js';
import type { GeneratedModules } from '../bundling/generated-modules.js';

/** A stand-in for a step, typed by its contract: `tsc` rejects one with the wrong inputs or outputs. */
export type StepMock<Contract> = (inputs: InputsOf<Contract>, ctx: StepContext) => OutputsOf<Contract> | Promise<OutputsOf<Contract>>;

/**
 * Mocks keyed by the steps of `Steps` (a generated module, `import * as scores from …`). Without
 * `steps`, mocks are keyed by step name and untyped.
 */
export type MocksFor<Steps> = [keyof Steps] extends [never]
    ? Readonly<Record<string, AnyStepImplementation>>
    : { readonly [Name in keyof Steps as Steps[Name] extends StepContract<never, unknown> ? Name : never]?: StepMock<Steps[Name]> };

export interface RunOptions<Steps = {}> {
    /** The generated module whose step contracts type `mocks` (and whose hashes are checked against the plan). */
    readonly steps?: Steps;
    /** Stand-ins for steps, with any executor: a mocked step runs its mock in this process and starts no process, sandbox or pod. */
    readonly mocks?: MocksFor<Steps>;
    /** Where the run is recorded; by default an in-memory store that is closed when the run ends. */
    readonly store?: RunStore;
    /** Aborting it cancels the run: attempts in flight are aborted, the rest becomes `cancelled`. */
    readonly signal?: AbortSignal;
    /** The folder the plan's paths are relative to (what `weft generate` was given); the working directory by default. */
    readonly root?: string;
    /** Runs the attempts; an inline executor by default. Mocked steps never reach it: their mocks run inline. */
    readonly executor?: Executor;
    /** The plan target to run on; the plan's first by default. */
    readonly target?: string;
    /** Kubernetes targets to spread the run over (their pools are scheduled together); `target` is their first. */
    readonly targets?: readonly string[];
    /** Replaces the target's capacity (cpu in millicores, memory in bytes). */
    readonly capacity?: ResourceRequest;
    /** Where attempts get their work directories; `<tmp>/weft-runs` by default. */
    readonly workRoot?: string;
    readonly runId?: string;
    /** The step cache (`cache: true` or `{ version }` on a step); none by default. */
    readonly cache?: TaskCache;
    /** Where step bundles are made to digest each step's code (`<cacheDir>/bundles`, as the executors' `cacheDir`; default `<root>/.weft`). */
    readonly cacheDir?: string;
    /** The run's generated contracts, served to step bundles from memory (bundling/generated-modules.ts); give the executor the same. */
    readonly generatedModules?: GeneratedModules;
    /** Pauses and resumes the run while it goes on. */
    readonly control?: RunControl;
    /** The pipelines this one calls as steps, by name (generated definitions or plans); they run inline. */
    readonly pipelines?: Readonly<Record<string, RunnablePipeline>>;
    /** Gives the plan of a called pipeline not in `pipelines` (e.g. from the compilation that made this plan). */
    readonly subPlans?: SubPlanLoader;
    /** The folder of the plan's file: a called pipeline found neither in `pipelines` nor by `subPlans` is read from its plan file there. */
    readonly planDir?: string;
    /** The process recorded as the run's driver; this one by default. */
    readonly driver?: RunDriver;
}

/** A generated pipeline definition (typed), or a plan read from JSON (untyped). */
export type RunnablePipeline = PipelineDefinition<never, unknown> | CompiledPlan;
export type ParametersFor<Pipeline> = Pipeline extends PipelineDefinition<never, unknown> ? ParametersOf<Pipeline> : Readonly<Record<string, unknown>>;
export type OutputsFor<Pipeline> = Pipeline extends PipelineDefinition<never, unknown> ? PipelineOutputsOf<Pipeline> : Readonly<Record<string, unknown>>;

export interface RunResult<Outputs> extends Omit<RunOutcome, 'outputs'> {
    readonly outputs?: Outputs;
}

/**
 * Runs a pipeline to the end and reports how it went. Step failures, cancellation and skipped
 * tasks are in the result; it throws only for what stops a run from starting (an unknown or
 * missing parameter, a value that does not fit its type, a broken `where`, a plan of another
 * version, a mock of a stale contract), and then before the run is recorded.
 */
export async function runPipeline<Pipeline extends RunnablePipeline, Steps = {}>(
    pipeline: Pipeline, parameters: ParametersFor<Pipeline>, options: RunOptions<Steps> = {},
): Promise<RunResult<OutputsFor<Pipeline>>> {
    const plan = inlineSubPipelines(planOf(pipeline), subPlanLoader(options));
    const root = path.resolve(options.root ?? process.cwd());
    const bound = bindParameters(plan, (parameters ?? {}) as Record<string, unknown>, root);
    const mocks = mocksByStep(plan, options.steps as Record<string, unknown> | undefined, options.mocks as Record<string, AnyStepImplementation> | undefined);
    const targets = chooseTargets(plan, options.targets ?? (options.target === undefined ? [] : [options.target]));
    const target = targets[0];
    const store = options.store ?? new SqliteRunStore(':memory:');
    const runId = options.runId ?? randomUUID();
    const driver = options.driver ?? currentDriver();
    try {
        const digests = new FileDigests();
        const declared = await hashDeclaredInputs(plan, root, digests);
        const [code, git] = await Promise.all([
            stepCodeDigests(plan, root, options.cacheDir ?? path.join(root, '.weft'), options.generatedModules, mocks),
            gitState(root),
        ]);
        // One transaction: a crash or a full disk leaves the run with all its tasks, or no run.
        const tasks: TaskRecord[] = declared.mismatches.length > 0 ? []
            : plan.nodes.map(node => ({ runId, id: node.id, node: node.id, state: TaskState.Pending, attempts: 0, failedForGood: false }));
        store.createRun({
            id: runId, pipeline: plan.pipeline, plan, root, createdAt: Date.now(),
            parameters: encodeValue(bound) as Record<string, unknown>,
            settings: {
                ...(target ? { target: target.name } : {}), ...(targets.length > 1 ? { targets: targets.map(each => each.name) } : {}),
                ...(options.capacity ? { capacity: options.capacity } : {}) },
            ...(git ? { git } : {}),
        }, tasks, driver);
        const refused = refuseDeclaredInputs(plan, runId, store, declared);
        if (refused) return refused as RunResult<OutputsFor<Pipeline>>;
        return await new RunEngine({
            runId, plan, root, parameters: bound, store,
            executor: executorWithMocks(options.executor, mocks),
            capacity: options.capacity ? new Capacity(options.capacity) : capacityOfTargets(targets),
            workRoot: options.workRoot ?? path.join(tmpdir(), 'weft-runs'),
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.cache ? { cache: options.cache } : {}),
            ...(options.control ? { control: options.control } : {}),
            digests, code,
        }).run(tasks) as RunResult<OutputsFor<Pipeline>>;
    } finally {
        releaseDriver(store, runId, driver);
        if (!options.store) store.close();
    }
}

/** Gives up the run's driver claim when it did not end (an error stopped it); a store that cannot be written keeps it, and the claim dies with this process. */
export function releaseDriver(store: RunStore, runId: string, driver: RunDriver): void {
    try {
        if (store.run(runId)?.driver) store.releaseRun(runId, driver);
    } catch {
        // nothing more to do: a dead driver's claim is taken over
    }
}

/**
 * Records the plan's datasets and models as hashed; a `sha256` that does not match its file
 * fails the run before any task exists (nothing runs), naming each declaration and file.
 */
function refuseDeclaredInputs(plan: CompiledPlan, runId: string, store: RunStore, { inputs, mismatches }: Awaited<ReturnType<typeof hashDeclaredInputs>>): RunOutcome | undefined {
    store.recordRunInputs(runId, inputs);
    if (mismatches.length === 0) return undefined;
    const failures = mismatches.map(mismatch => ({ step: plan.pipeline, message: mismatch.message, attempts: 0 }));
    for (const failure of failures) store.appendEvent(runId, { at: Date.now(), level: 'error', message: `not started: ${failure.message}` });
    store.finishRun(runId, RunStatus.Failed, Date.now());
    return { runId, status: RunStatus.Failed, tasks: [], failures };
}

function planOf(pipeline: RunnablePipeline): CompiledPlan {
    return 'kind' in pipeline && pipeline.kind === 'pipeline' ? pipeline.plan : checkPlanVersion(pipeline);
}

/** Called pipelines come from `pipelines`, else from `subPlans`, else from their plan files beside the caller's (`planDir`). */
function subPlanLoader(options: Pick<RunOptions, 'pipelines' | 'subPlans' | 'planDir'>): SubPlanLoader {
    return call => {
        const given = options.pipelines?.[call.pipeline];
        if (given) return planOf(given);
        if (options.subPlans) return options.subPlans(call);
        if (options.planDir === undefined) throw new Error(`no plan for it was given; pass it in the \`pipelines\` option or set \`planDir\``);
        const file = path.join(options.planDir, call.plan);
        return readPlan(readFileSync(file, 'utf8'), file);
    };
}

/** The mocks by step name; with `steps`, each key is a contract export whose hash must match the plan's. */
export function mocksByStep(plan: CompiledPlan, steps: Readonly<Record<string, unknown>> | undefined, mocks: Readonly<Record<string, AnyStepImplementation>> | undefined): Record<string, AnyStepImplementation> {
    const byStep: Record<string, AnyStepImplementation> = {};
    for (const [key, mock] of Object.entries(mocks ?? {})) {
        const contract = steps?.[key] as StepContract<unknown, unknown> | undefined;
        const step = contract?.name ?? key;
        const calls = plan.nodes.flatMap(node => node.call.kind === 'step' && node.call.step === step ? [node.call] : []);
        if (calls.length === 0) throw new UnknownMockError(step, plan.pipeline);
        const stale = contract && calls.find(call => call.contractHash !== contract.contractHash);
        if (contract && stale) throw new MockContractError(step, contract.contractHash, stale.contractHash);
        byStep[step] = mock;
    }
    return byStep;
}
