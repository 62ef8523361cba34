import { pauseSignals } from '../pause/pause-signals.js';
import * as path from 'node:path';
import { checkPlanVersion, type CompiledPlan, runPipeline, type RunOutcome, type GeneratedModules, type RunStore, otlpTracing, traceRuns } from '@weft/runtime';
import { randomUUID } from 'node:crypto';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import { compile, writeGenerated } from '../generate/generate.js';
import { generatedModulesOf } from '../generate/generated-modules.js';
import { executorFor, targetsOf } from './executor-for.js';
import { observeStore } from './observe-store.js';
import { openCache, openStore, type Project, projectAt } from './project.js';
import { cacheLines, reportOutcome } from './report-outcome.js';
import { RunProgress } from './run-progress.js';
import { announcingStore } from './announce-run.js';
import { checkedParameters } from './run-parameters.js';
import { asStoreUserError } from './store-errors.js';
import { refusePythonSteps } from './python-steps.js';

export interface RunCommandOptions {
    readonly pipeline?: string;
    /** Target names; several only for kubernetes targets, which then share the run. */
    readonly target: readonly string[];
    readonly param: readonly string[];
    readonly format: 'text' | 'json';
    readonly explainCache?: boolean;
    readonly executor?: string;
    /** An OTLP/HTTP collector to send the run's spans to. */
    readonly otlp?: string;
}

/**
 * `weft run`: checks and generates the file (in memory), then runs the pipeline's plan
 * on the target's executor, recording it in `.weft/runs.db`. Ctrl-C cancels the run.
 */
export async function runFile(file: string, options: RunCommandOptions, io: CliIo, signal: AbortSignal): Promise<RunOutcome> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const { plan, planDir, generatedModules } = await buildPlan(weftFile, project, options, io);
    // What can refuse the run is checked before the store is opened: a refused run leaves no trace.
    const parameters = checkedParameters(plan, options.param, io.cwd, path.dirname(weftFile));
    const targets = targetsOf(plan, options.target);
    const target = targets[0];
    const executor = await executorFor(targets, options.executor, project.stateFolder, generatedModules);
    const store = openStore(project);
    const runId = randomUUID();
    const pause = pauseSignals();
    const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
    // The id is printed once the run is recorded, so `weft show` finds every id printed.
    const recorded = announcingStore(store, () => io.stderr.write(`run ${runId}: ${plan.pipeline} on ${targets.map(each => each.name).join(', ') || 'no target'} (${executor.name})\n`));
    const tracing = options.otlp === undefined ? undefined : otlpTracing(options.otlp);
    const traced = tracing ? traceRuns({ tracer: tracing.tracer, store: observeStore(recorded, progress), executor }) : { store: observeStore(recorded, progress), executor };
    try {
        const outcome = await runPipeline(plan, parameters, {
            root: path.dirname(weftFile), store: traced.store, executor: traced.executor, cache: openCache(project), cacheDir: project.stateFolder, generatedModules, signal, runId, control: pause.control,
            workRoot: project.workFolder, planDir, ...(target ? { target: target.name } : {}),
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

/** What `weft run` runs: the chosen pipeline's plan, compiled now from the `.weft` sources. */
export interface BuiltPlan {
    readonly plan: CompiledPlan;
    /** The folder of the plans (where called pipelines' plans are). */
    readonly planDir: string;
    /** The generated modules of these sources, which step bundles take instead of those on disk. */
    readonly generatedModules: GeneratedModules;
}

/**
 * Checks and generates in memory; diagnostics with errors end the command with exit code 1.
 * Nothing depends on an earlier `weft generate`: the plan comes from the sources as they are, and
 * steps get their generated contracts from memory. The plans are also written into
 * `.weft/build/`, where called pipelines' plans are read from.
 */
export async function buildPlan(weftFile: string, project: Project, options: Pick<RunCommandOptions, 'pipeline' | 'format'>, io: CliIo): Promise<BuiltPlan> {
    const relative = path.relative(project.folder, path.dirname(weftFile));
    const out = path.join(project.buildFolder, relative.startsWith('..') ? '_outside' : relative);
    const compilation = await compile({ cwd: io.cwd, paths: [weftFile], root: path.dirname(weftFile) });
    const errors = compilation.diagnostics.filter(diagnostic => diagnostic.severity === 'error');
    if (errors.length > 0) {
        const stream = options.format === 'json' ? io.stderr : io.stdout;
        const colors = colorsFor(stream, io.env);
        stream.write(compilation.diagnostics.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        io.stderr.write(`not run: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}\n`);
        throw new ExitError(ExitCode.ProblemsFound);
    }
    await writeGenerated(out, compilation.files.filter(file => file.path.endsWith('.plan.json')));
    const base = path.basename(weftFile, '.weft');
    const plans = new Map(compilation.files.filter(file => !file.path.includes('/') && file.path.startsWith(`${base}.`) && file.path.endsWith('.plan.json'))
        .map(file => [file.path.slice(base.length + 1, -'.plan.json'.length), file.content]));
    const names = [...plans.keys()].sort();
    const chosen = options.pipeline ?? (names.length === 1 ? names[0] : undefined);
    if (chosen === undefined) {
        throw new UserError(names.length === 0 ? `${path.relative(io.cwd, weftFile)} declares no pipeline` : `${path.relative(io.cwd, weftFile)} declares several pipelines; pick one with --pipeline: ${names.join(', ')}`);
    }
    const text = plans.get(chosen);
    if (text === undefined) throw new UserError(`${path.relative(io.cwd, weftFile)} has no pipeline ${chosen}; its pipelines are: ${names.join(', ') || 'none'}`);
    const plan = checkPlanVersion(JSON.parse(text));
    refusePythonSteps(plan, new Map(compilation.files.filter(file => file.path.endsWith('.plan.json')).map(file => [file.path, file.content])));
    return { plan, planDir: out, generatedModules: generatedModulesOf(compilation, project.folder) };
}

function writeTo(options: RunCommandOptions, io: CliIo, text: string): void {
    (options.format === 'json' ? io.stderr : io.stdout).write(text);
}

export type { RunStore };
