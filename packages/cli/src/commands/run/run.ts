import { pauseSignals } from '../pause/pause-signals.js';
import * as path from 'node:path';
import { chooseTargets, runPipeline, type RunOutcome, type RunStore, traceRuns, tracingFromEnvironment } from '@weft/runtime';
import { randomUUID } from 'node:crypto';
import { colorsFor } from '../../colors.js';
import type { CliIo } from '../../io.js';
import { compilePipeline } from './compile-pipeline.js';
import { executorFor } from './executor-for.js';
import { observeStore } from './observe-store.js';
import { openCache, openStore, projectAt } from './project.js';
import { cacheLines, reportOutcome } from './report-outcome.js';
import { RunProgress } from './run-progress.js';
import { announcingStore } from './announce-run.js';
import { checkedParameters } from './run-parameters.js';
import { asStoreUserError } from './store-errors.js';

export interface RunCommandOptions {
    readonly pipeline?: string;
    /** Target names; several only for kubernetes targets, which then share the run. */
    readonly target: readonly string[];
    readonly param: readonly string[];
    readonly format: 'text' | 'json';
    readonly explainCache?: boolean;
    readonly executor?: string;
    /** An OTLP/HTTP collector to send the run's spans to; wins over `OTEL_EXPORTER_OTLP_*`. */
    readonly otlp?: string;
}

/**
 * `weft run`: checks and generates the file (in memory), then runs the pipeline's plan
 * on the target's executor, recording it in `.weft/runs.db`. Ctrl-C cancels the run.
 */
export async function runFile(file: string, options: RunCommandOptions, io: CliIo, signal: AbortSignal): Promise<RunOutcome> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const { plan, subPlans, generatedModules } = await compilePipeline(weftFile, project, options, io);
    // What can refuse the run is checked before the store is opened: a refused run leaves no trace.
    const parameters = checkedParameters(plan, options.param, io.cwd, path.dirname(weftFile));
    const targets = chooseTargets(plan, options.target);
    const target = targets[0];
    const executor = await executorFor(targets, options.executor, project.stateFolder, generatedModules);
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
            root: path.dirname(weftFile), store: traced.store, executor: traced.executor, cache: openCache(project), cacheDir: project.stateFolder, generatedModules, signal, runId, control: pause.control,
            workRoot: project.workFolder, subPlans, ...(target ? { target: target.name } : {}),
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

function writeTo(options: RunCommandOptions, io: CliIo, text: string): void {
    (options.format === 'json' ? io.stderr : io.stdout).write(text);
}

export type { RunStore };
