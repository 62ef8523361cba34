import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Executor } from '../executors/executor.js';
import { createExecutor, type ExecutorKind } from '../executors/create-executor.js';
import { type OutputsFor, type ParametersFor, type RunnablePipeline, type RunOptions, runPipeline } from '../execution/run-pipeline.js';
import { SqliteRunStore } from '../store/sqlite-run-store.js';
import { generatedModulesFromEnvironment } from '../bundling/generated-modules-file.js';
import { pipelineTestResult, type PipelineTestResult, type TestedTask } from './pipeline-test-result.js';

export interface PipelineTestOptions<Steps = {}> extends Pick<RunOptions<Steps>, 'steps' | 'mocks' | 'target' | 'capacity' | 'signal' | 'pipelines' | 'subPlans' | 'planDir' | 'cache'> {
    /**
     * What runs the steps that are not mocked: `'process'` (the default: each attempt a child
     * process, its code bundled as `weft run` bundles it), `'gvisor'`, `'inline'`, or an executor.
     * Mocked steps never reach it, whichever it is.
     */
    readonly executor?: ExecutorKind | Executor;
    /** The folder the plan's paths are relative to (what `weft generate` was given); the working directory by default, which `weft test` sets to the project. */
    readonly root?: string;
    /** Where step bundles and artifacts go; `<root>/.weft` by default. */
    readonly cacheDir?: string;
    /** Where attempts get their work directories; a new temporary folder by default. */
    readonly workRoot?: string;
}

/**
 * Runs a pipeline for a test and returns everything a test asserts on: the status and outputs,
 * every task's final state, attempts, transitions and logs, and the run's events. `mocks` are
 * typed by the generated contracts in `steps` (as for {@link runPipeline}): `tsc` rejects a mock
 * with the wrong inputs or outputs, and a mocked step runs its mock in this process, never in a
 * process, sandbox or pod. Like `runPipeline`, it throws only for what stops a run from starting.
 */
export async function testPipeline<Pipeline extends RunnablePipeline, Steps = {}>(
    pipeline: Pipeline, parameters: ParametersFor<Pipeline>, options: PipelineTestOptions<Steps> = {},
): Promise<PipelineTestResult<OutputsFor<Pipeline>>> {
    const root = path.resolve(options.root ?? process.cwd());
    const cacheDir = options.cacheDir ?? path.join(root, '.weft');
    const generatedModules = generatedModulesFromEnvironment();
    const executor = typeof options.executor === 'object' ? options.executor
        : createExecutor(options.executor ?? 'process', { cacheDir, ...(generatedModules ? { generatedModules } : {}) });
    const store = new SqliteRunStore(':memory:');
    try {
        const outcome = await runPipeline(pipeline, parameters, {
            ...options, root, cacheDir, executor, store,
            workRoot: options.workRoot ?? mkdtempSync(path.join(tmpdir(), 'weft-test-')),
            ...(generatedModules ? { generatedModules } : {}),
        });
        const events = store.events(outcome.runId);
        const tasks = store.tasks(outcome.runId).map((task): TestedTask => {
            const logs = events.filter(event => event.taskId === task.id && event.attempt !== undefined);
            return {
                id: task.id, node: task.node, state: task.state, attempts: task.attempts,
                ...(task.failure ? { failure: task.failure } : {}),
                history: store.attempts(outcome.runId, task.id),
                transitions: store.transitions(outcome.runId, task.id),
                logs, messages: logs.map(event => event.message),
            };
        });
        return pipelineTestResult(store.run(outcome.runId)?.pipeline ?? outcome.runId, {
            runId: outcome.runId, status: outcome.status, failures: outcome.failures, tasks, events,
            ...(outcome.outputs === undefined ? {} : { outputs: outcome.outputs }),
        });
    } finally {
        store.close();
    }
}
