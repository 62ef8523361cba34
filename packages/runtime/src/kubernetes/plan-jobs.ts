import { createHash } from 'node:crypto';
import type { V1Job } from '@kubernetes/client-node';
import { WeftError } from '@weft/contract/errors';
import { bundleStep } from '../bundling/bundle-step.js';
import type { GeneratedModules } from '../bundling/generated-modules.js';
import { type CompiledPlan, isCommandImplementation, type PlanFunctionImplementation, type PlanNode } from '../contract/plan.js';
import { artifactResolver, bindParameters } from '../plan/bind-parameters.js';
import { evaluate, type EvaluationScope } from '../plan/expression-evaluator.js';
import { inlineSubPipelines, type SubPlanLoader } from '../plan/inline-sub-pipelines.js';
import { resolveSettings } from '../plan/step-settings.js';
import { elementTaskId } from '../plan/task-ids.js';
import { capacityOfTargets } from '../scheduling/target-capacity.js';
import { commandFiles } from './command-files.js';
import { pythonFiles } from './python-files.js';
import { attemptJob, bundleConfigMapName } from './job-spec.js';
import type { KubernetesTarget } from '../plan/targets.js';

/** One Job `weft run` would create (first attempts), and a note when it stands for more. */
export interface PlannedJob {
    readonly taskId: string;
    readonly job: V1Job;
    readonly note?: string;
}

export interface PlanJobsOptions {
    /** The folder the plan's paths are relative to. */
    readonly root: string;
    /** Where bundles are written (`<cacheDir>/bundles`). */
    readonly cacheDir: string;
    /** The plans of called pipelines. */
    readonly subPlans?: SubPlanLoader;
    /** The run id the Jobs are labelled with; by default derived from the plan and parameters, so the output is stable. */
    readonly runId?: string;
    /** The generated modules of the plan's `.weft` sources, which bundles take instead of stale or missing ones on disk. */
    readonly generatedModules?: GeneratedModules;
    /** Folders whose `.py` files Python steps import (the run's generated Python contracts). */
    readonly pythonModulePath?: readonly string[];
}

/** A node whose Job cannot be written before the run. */
export class PlanJobsError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'plan-jobs';

    constructor(readonly node: string, detail: string, options?: ErrorOptions) {
        super(`${node}: ${detail}`, options);
        this.name = 'PlanJobsError';
    }
}

/**
 * The Jobs of a pipeline's first attempts on a kubernetes target, for review and GitOps: every
 * step call with its settings evaluated from the parameters, placed on the pool the scheduler
 * would pick on an idle target. A fan-out whose list is known becomes one Job per element; one
 * over upstream outputs is shown by its first element, with a note.
 */
export async function planJobs(plan: CompiledPlan, parameters: Readonly<Record<string, unknown>>, target: KubernetesTarget, options: PlanJobsOptions): Promise<PlannedJob[]> {
    const inlined = inlineSubPipelines(plan, options.subPlans ?? (() => { throw new Error('no plans of called pipelines were given'); }));
    const bound = bindParameters(inlined, parameters, options.root);
    const runId = options.runId ?? `${inlined.pipeline}-${createHash('sha256').update(JSON.stringify([inlined, bound])).digest('hex').slice(0, 8)}`;
    const scope: EvaluationScope = {
        parameters: bound,
        output: node => { throw new Error(`needs the output of ${node}, known only during the run`); },
        artifact: artifactResolver(inlined, options.root),
    };
    const jobs: PlannedJob[] = [];
    for (const node of inlined.nodes) {
        if (node.call.kind !== 'step') continue;
        const elements = node.forEach ? fanOut(node, scope) : [{ taskId: node.id, variables: {} }];
        for (const element of elements) {
            const job = await jobOf(node, { ...scope, variables: element.variables }, element.taskId);
            jobs.push({ taskId: element.taskId, job, ...('note' in element ? { note: element.note as string } : {}) });
        }
    }
    return jobs;

    async function jobOf(node: PlanNode, nodeScope: EvaluationScope, taskId: string): Promise<V1Job> {
        if (node.call.kind !== 'step') throw new PlanJobsError(node.id, 'is not a step call');
        // Arguments known only during the run (upstream outputs) are left out; settings must not need them.
        const inputs: Record<string, unknown> = {};
        for (const [name, argument] of Object.entries(node.arguments)) {
            try { inputs[name] = evaluate(argument, nodeScope); } catch { /* an upstream output */ }
        }
        let settings;
        try {
            settings = resolveSettings(node.settings, { ...nodeScope, inputs });
        } catch (error) {
            throw new PlanJobsError(node.id, `its settings cannot be evaluated before the run (${error instanceof Error ? error.message : String(error)})`, { cause: error });
        }
        const capacity = capacityOfTargets([target]);
        const tooLarge = capacity.neverFits(settings.resources);
        if (tooLarge) throw new PlanJobsError(node.id, `its ${tooLarge} request fits no pool of target ${target.name}`);
        const placement = capacity.reserve(settings.resources);
        const pool = target.pools.find(candidate => candidate.name === placement?.pool);
        const implementation = node.call.implementation;
        const runs = isCommandImplementation(implementation)
            ? { command: (await commandFiles(options.root, implementation)).container }
            : implementation.language === 'python'
                ? { python: pythonFilesOf(node.id, implementation).container }
                : { bundleConfigMap: bundleConfigMapName((await bundleStep(options.root, implementation.module, implementation.export, options.cacheDir, options.generatedModules)).hash) };
        return attemptJob({
            runId, taskId, attempt: 1, step: node.call.step, resources: settings.resources, target, ...runs,
            ...(settings.image === undefined ? {} : { image: settings.image }),
            ...(pool ? { pool } : {}),
            ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
        });
    }

    function pythonFilesOf(node: string, implementation: PlanFunctionImplementation): ReturnType<typeof pythonFiles> {
        try {
            return pythonFiles(options.root, implementation, options.pythonModulePath ?? []);
        } catch (error) {
            throw new PlanJobsError(node, error instanceof Error ? error.message : String(error), { cause: error });
        }
    }
}

function fanOut(node: PlanNode, scope: EvaluationScope): { taskId: string; variables: Record<string, unknown>; note?: string }[] {
    const forEach = node.forEach!;
    let items: unknown;
    try {
        items = evaluate(forEach.items, scope);
    } catch {
        return [{ taskId: elementTaskId(node.id, 0), variables: {}, note: `${node.id} fans out over a list known only during the run; one Job per element, this is the first` }];
    }
    if (!Array.isArray(items)) throw new PlanJobsError(node.id, `fans out over ${JSON.stringify(items)}, which is not a list`);
    return items.map((item, index) => ({ taskId: elementTaskId(node.id, index), variables: { [forEach.variable]: item } }));
}
