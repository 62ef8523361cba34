import { pauseSignals } from '../pause/pause-signals.js';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
    ArtifactUnavailableError, checkPlanVersion, type CompiledPlan, MissingParameterError, ParameterConstraintError, runPipeline, type RunOutcome,
    type RunStore, otlpTracing, traceRuns, UnknownParameterError,
} from '@weft/runtime';
import { randomUUID } from 'node:crypto';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { formatDiagnosticLine } from '../check/format-text.js';
import { generate } from '../generate/generate.js';
import { executorFor, targetsOf } from './executor-for.js';
import { observeStore } from './observe-store.js';
import { openCache, openStore, type Project, projectAt } from './project.js';
import { cacheLines, reportOutcome } from './report-outcome.js';
import { RunProgress } from './run-progress.js';
import { parseParameters } from './run-parameters.js';
import { asStoreUserError } from './store-errors.js';

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
 * `weft run`: checks and generates the file into `.weft/build/`, then runs the pipeline's plan
 * on the target's executor, recording it in `.weft/runs.db`. Ctrl-C cancels the run.
 */
export async function runFile(file: string, options: RunCommandOptions, io: CliIo, signal: AbortSignal): Promise<RunOutcome> {
    const weftFile = path.resolve(io.cwd, file);
    const project = projectAt(path.dirname(weftFile));
    const { plan, planDir } = await buildPlan(weftFile, project, options, io);
    const targets = targetsOf(plan, options.target);
    const target = targets[0];
    const executor = await executorFor(targets, options.executor, project.stateFolder);
    const parameters = parseParameters(plan, options.param, io.cwd);
    const store = openStore(project);
    const runId = randomUUID();
    const pause = pauseSignals();
    const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
    io.stderr.write(`run ${runId}: ${plan.pipeline} on ${targets.map(each => each.name).join(', ') || 'no target'} (${executor.name})\n`);
    const tracing = options.otlp === undefined ? undefined : otlpTracing(options.otlp);
    const traced = tracing ? traceRuns({ tracer: tracing.tracer, store: observeStore(store, progress), executor }) : { store: observeStore(store, progress), executor };
    try {
        const outcome = await runPipeline(plan, parameters, {
            root: path.dirname(weftFile), store: traced.store, executor: traced.executor, cache: openCache(project), cacheDir: project.stateFolder, signal, runId, control: pause.control,
            workRoot: project.workFolder, planDir, ...(target ? { target: target.name } : {}),
            ...(targets.length > 1 ? { targets: targets.map(each => each.name) } : {}),
        }).catch(error => { throw asStoreUserError(asUserError(error), store, runId); });
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

/**
 * Checks and generates; diagnostics with errors end the command with exit code 1. Returns the
 * chosen pipeline's plan and the folder of the plans (where called pipelines' plans are).
 */
export async function buildPlan(weftFile: string, project: Project, options: Pick<RunCommandOptions, 'pipeline' | 'format'>, io: CliIo): Promise<{ plan: CompiledPlan; planDir: string }> {
    const relative = path.relative(project.folder, path.dirname(weftFile));
    const out = path.join(project.buildFolder, relative.startsWith('..') ? '_outside' : relative);
    const report = await generate({ cwd: io.cwd, paths: [weftFile], out, root: path.dirname(weftFile) });
    const errors = report.diagnostics.filter(diagnostic => diagnostic.severity === 'error');
    if (errors.length > 0) {
        const stream = options.format === 'json' ? io.stderr : io.stdout;
        const colors = colorsFor(stream, io.env);
        stream.write(report.diagnostics.map(diagnostic => `${formatDiagnosticLine(diagnostic, colors)}\n`).join(''));
        io.stderr.write(`not run: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}\n`);
        throw new ExitError(ExitCode.ProblemsFound);
    }
    const base = path.basename(weftFile, '.weft');
    const plans = (await fs.readdir(out)).filter(name => name.startsWith(`${base}.`) && name.endsWith('.plan.json'));
    const names = plans.map(name => name.slice(base.length + 1, -'.plan.json'.length)).sort();
    const chosen = options.pipeline ?? (names.length === 1 ? names[0] : undefined);
    if (chosen === undefined) {
        throw new UserError(names.length === 0 ? `${path.relative(io.cwd, weftFile)} declares no pipeline` : `${path.relative(io.cwd, weftFile)} declares several pipelines; pick one with --pipeline: ${names.join(', ')}`);
    }
    if (!names.includes(chosen)) throw new UserError(`${path.relative(io.cwd, weftFile)} has no pipeline ${chosen}; its pipelines are: ${names.join(', ') || 'none'}`);
    const plan = checkPlanVersion(JSON.parse(await fs.readFile(path.join(out, `${base}.${chosen}.plan.json`), 'utf8')));
    return { plan, planDir: out };
}

/** Errors that stop a run from starting because of what the user gave. */
export function asUserError(error: unknown): unknown {
    const userErrors = [MissingParameterError, UnknownParameterError, ParameterConstraintError, ArtifactUnavailableError];
    return userErrors.some(kind => error instanceof kind) ? new UserError((error as Error).message, { cause: error }) : error;
}

function writeTo(options: RunCommandOptions, io: CliIo, text: string): void {
    (options.format === 'json' ? io.stderr : io.stdout).write(text);
}

export type { RunStore };
