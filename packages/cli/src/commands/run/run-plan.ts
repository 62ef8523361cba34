import { randomUUID } from 'node:crypto';
import { chooseTargets, type CompiledPlan, type GeneratedModules, runPipeline, type RunOutcome, type SubPlanLoader, traceRuns, tracingFromEnvironment } from '@weft/runtime';
import { colorsFor } from '../../colors.js';
import type { CliIo } from '../../io.js';
import { pauseSignals } from '../pause/pause-signals.js';
import { announcingStore } from './announce-run.js';
import { executorFor } from './executor-for.js';
import { observeStore } from './observe-store.js';
import { openCache, openStore, type Project } from './project.js';
import { cacheLines, reportOutcome } from './report-outcome.js';
import { RunProgress } from './run-progress.js';
import { checkedParameters } from './run-parameters.js';
import { asStoreUserError } from './store-errors.js';
import { PYTHON_EXECUTORS, type PythonStepCall, refusePythonStep } from './python-steps.js';

/** How to run a plan: what `weft run` and a `weft build` launcher both take from their command line. */
export interface RunPlanOptions {
    /** Target names; several only for kubernetes targets, which then share the run. */
    readonly target: readonly string[];
    readonly param: readonly string[];
    readonly format: 'text' | 'json';
    readonly explainCache?: boolean;
    readonly executor?: string;
    /** An OTLP/HTTP collector to send the run's spans to; wins over `OTEL_EXPORTER_OTLP_*`. */
    readonly otlp?: string;
}

/** A plan ready to run, with what its run needs besides the plan. */
export interface PipelineToRun {
    readonly plan: CompiledPlan;
    /** The plans of the pipelines it calls. */
    readonly subPlans: SubPlanLoader;
    /** Generated contracts for step bundles made now; absent when the bundles were made ahead of time. */
    readonly generatedModules?: GeneratedModules;
    /** The folder the plan's sources and artifacts are relative to. */
    readonly root: string;
    /** The first step implemented in Python it calls, for an executor that cannot run one to refuse the run before it starts. */
    readonly pythonStep?: PythonStepCall | undefined;
    /** Writes the Python contracts of its sources, which Python steps import, and answers the folders to put on their module path. */
    readonly pythonModulePath?: () => Promise<readonly string[]>;
}

/**
 * Runs a compiled pipeline on its target's executor, recording it in the project's store: checks
 * the `--param` values, chooses the target, reports progress and the outcome. Ctrl-C (`signal`) cancels.
 * It loads no compiler, so the launcher of a built artifact runs the same code as `weft run`.
 */
export async function runPlan(pipeline: PipelineToRun, project: Project, options: RunPlanOptions, io: CliIo, signal: AbortSignal): Promise<RunOutcome> {
    const { plan, subPlans, generatedModules, root, pythonStep } = pipeline;
    // What can refuse the run is checked before the store is opened: a refused run leaves no trace.
    const parameters = checkedParameters(plan, options.param, io.cwd, root);
    const targets = chooseTargets(plan, options.target);
    const target = targets[0];
    const pythonModulePath = pythonStep && pipeline.pythonModulePath ? await pipeline.pythonModulePath() : [];
    const executor = await executorFor(targets, options.executor, project.stateFolder, generatedModules, pythonModulePath);
    if (!PYTHON_EXECUTORS.includes(executor.name)) refusePythonStep(pythonStep, `the ${executor.name} executor`);
    const { tracing, parent, propagator } = tracingFromEnvironment(io.env, options.otlp);
    const store = openStore(project);
    const runId = randomUUID();
    const pause = pauseSignals();
    const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
    // The id is printed once the run is recorded, so `weft show` finds every id printed.
    const recorded = announcingStore(store, () => io.stderr.write(`run ${runId}: ${plan.pipeline} on ${targets.map(each => each.name).join(', ') || 'no target'} (${executor.name})\n`));
    const traced = tracing ? traceRuns({ tracer: tracing.tracer, store: observeStore(recorded, progress), executor, parent, propagator }) : { store: observeStore(recorded, progress), executor };
    try {
        const outcome = await runPipeline(plan, parameters, {
            root, store: traced.store, executor: traced.executor, cache: openCache(project), cacheDir: project.stateFolder, signal, runId, control: pause.control,
            workRoot: project.workFolder, subPlans, ...(generatedModules ? { generatedModules } : {}), ...(target ? { target: target.name } : {}),
            ...(targets.length > 1 ? { targets: targets.map(each => each.name) } : {}),
        }).catch(error => { throw asStoreUserError(error, store, runId); });
        progress.finish();
        if (options.explainCache) writeTo(options, io, cacheLines(store, outcome.runId));
        reportOutcome(outcome, options.format, io);
        return outcome;
    } finally {
        progress.finish();
        pause.dispose();
        store.close();
        await tracing?.shutdown();
    }
}

function writeTo(options: RunPlanOptions, io: CliIo, text: string): void {
    (options.format === 'json' ? io.stderr : io.stdout).write(text);
}
