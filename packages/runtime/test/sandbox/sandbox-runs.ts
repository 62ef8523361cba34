// Runs one fixture step as a whole pipeline under the gvisor executor, with a run store on disk,
// so the sandbox tests can check what the store says afterwards.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { PlanExpression, PlanNode, PlanSettings, PlanTarget } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import type { RunControl } from '../../src/execution/run-control.js';
import type { Executor } from '../../src/executors/executor.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { plan, typedAs } from '../execution/plan-fixtures.js';
import { fixtureRoot } from './sandbox-fixtures.js';

const MiB = 1024 * 1024;
export const memory = (mebibytes: number): PlanExpression => ({ kind: 'quantity', unit: 'memory', value: mebibytes * MiB });
export const list = (...values: readonly string[]): PlanExpression => ({ kind: 'list', elements: values.map(value => ({ kind: 'literal', value })) });

/** A node calling export `step` of fixtures/steps.ts with literal arguments. */
export function stepNode(id: string, step: string, args: Record<string, string | number>, settings: PlanSettings = {}, outputs: readonly string[] = []): PlanNode {
    return {
        id,
        call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'steps.ts', export: step } },
        arguments: Object.fromEntries(Object.entries(args).map(([name, value]) => [name, { kind: 'literal', value }])),
        after: [], needs: [], conditions: [],
        settings: { resources: { cpu: { kind: 'literal', value: 1 }, memory: memory(512) }, ...settings },
        where: [],
        // The sandbox tests are not about types: any value fits.
        inputs: Object.keys(args).map(name => typedAs(name, 'unknown')),
        outputs: outputs.map(name => typedAs(name, 'unknown')),
        source: { file: 'sandbox.weft', line: 1 },
    };
}

export interface SandboxRun {
    readonly result: Awaited<ReturnType<typeof runPipeline>>;
    readonly store: SqliteRunStore;
    readonly runId: string;
    readonly storeFile: string;
}

let runs = 0;

export interface StartedRun {
    readonly running: Promise<SandboxRun>;
    readonly store: SqliteRunStore;
    readonly runId: string;
    /** Where attempts get their folders: `<workRoot>/<runId>/<task>/attempt-<n>`. */
    readonly workRoot: string;
}

/** Starts `nodes` as one pipeline with a file-backed store; the store stays open for the test to read. */
export function startNodes(nodes: readonly PlanNode[], executor: Executor, options: { signal?: AbortSignal; control?: RunControl; targets?: readonly PlanTarget[] } = {}): StartedRun {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-sandbox-run-'));
    const storeFile = path.join(folder, 'runs.db');
    const store = new SqliteRunStore(storeFile);
    const runId = `sandbox-run-${process.pid}-${++runs}`;
    const workRoot = path.join(folder, 'work');
    const running = runPipeline(plan(nodes, options.targets ? { targets: options.targets } : {}), {}, {
        root: fixtureRoot, workRoot, store, runId, executor, ...(options.signal ? { signal: options.signal } : {}), ...(options.control ? { control: options.control } : {}),
    }).then(result => ({ result, store, runId, storeFile }));
    return { running, store, runId, workRoot };
}

export function runNodes(nodes: readonly PlanNode[], executor: Executor, options: { targets?: readonly PlanTarget[] } = {}): Promise<SandboxRun> {
    return startNodes(nodes, executor, options).running;
}

/**
 * The store after a run whose only task failed for good in its first attempt: the run
 * failed, the task is `failed` with the cause, one attempt recorded as failed with the same message.
 */
export function failedOnce(run: SandboxRun, taskId: string): string {
    const record = run.store.run(run.runId);
    const task = run.store.tasks(run.runId).find(candidate => candidate.id === taskId);
    const attempts = run.store.attempts(run.runId, taskId);
    const problems = [
        record?.status === 'failed' ? undefined : `run is ${record?.status}`,
        task?.state === 'failed' && task.failedForGood ? undefined : `task is ${task?.state} (failed for good: ${task?.failedForGood})`,
        attempts.length === 1 && attempts[0]?.status === 'failed' && attempts[0].finishedAt !== undefined ? undefined : `attempts: ${JSON.stringify(attempts)}`,
        task?.failure?.message === attempts[0]?.message ? undefined : `task failure ${task?.failure?.message} vs attempt ${attempts[0]?.message}`,
    ].filter(problem => problem !== undefined);
    if (problems.length > 0) throw new Error(`inconsistent store after ${taskId}: ${problems.join('; ')}`);
    return task!.failure!.message;
}

/** The sandboxes of a task that runsc still knows about (ids are `weft-<task>-<attempt>-<random>`). */
export function leftoverSandboxes(taskId: string): string[] {
    return spawnSync('runsc', ['list', '--quiet'], { encoding: 'utf8' }).stdout.split('\n').filter(id => id.startsWith(`weft-${taskId}-`));
}
