import { existsSync } from 'node:fs';
import { resumeRun, RunNotResumableError, type RunControl, type RunOutcome, runTargets, traceRuns, tracingFromEnvironment } from '@weft/runtime';
import { colorsFor } from '../../colors.js';
import { announcingClaim } from '../run/announce-run.js';
import { UserError } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { signalAndWait } from '../live-run/live-run.js';
import { executorFor } from '../run/executor-for.js';
import { pythonContractsFolder } from '../run/python-steps.js';
import { observeStore } from '../run/observe-store.js';
import { findRun, openCache, openStore, projectAt } from '../run/project.js';
import { drivenElsewhere, liveDriver } from '../run/run-driver.js';
import { RunProgress } from '../run/run-progress.js';
import { asStoreUserError } from '../run/store-errors.js';

export interface ResumeOptions {
    /** The run id, or a unique prefix of it. */
    readonly run: string;
    /** Run steps with this executor instead of the target's runtime. */
    readonly executor?: string;
    /** Keep the results of completed tasks whose step's code changed since they ran. */
    readonly acceptChangedCode?: boolean;
    /** Cancels the run this process drives (Ctrl-C). */
    readonly signal?: AbortSignal;
    /** Pauses and resumes the run this process drives (`weft pause`, `weft resume`). */
    readonly control?: RunControl;
}

/** How the run went on: its paused driver was told to resume, or this process drove it to its end. */
export type ResumeReport =
    | { readonly kind: 'signalled'; readonly runId: string; readonly pid: number }
    | { readonly kind: 'driven'; readonly outcome: RunOutcome };

/** How long a paused driver has to say (in the store) that it resumed. */
const resumeAcknowledgeMs = 10_000;

/**
 * Continues a run paused by `weft pause` (its driver gets SIGCONT), or finishes a run whose
 * driver died: this process becomes its driver, completed tasks keep their results, and the
 * progress goes to `io.stderr`. A run whose driver is alive and not paused is refused: a run has
 * one driver. Throws a user's-fault error for that, an unknown or ended run, and the store's refusals.
 */
export async function resume(options: ResumeOptions, io: CliIo): Promise<ResumeReport> {
    const project = projectAt(io.cwd);
    // Traced as `weft run` is: the resumed run gets a new run span, under an incoming TRACEPARENT if any.
    const { tracing, parent, propagator } = tracingFromEnvironment(io.env);
    const store = openStore(project);
    const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
    let runId = options.run;
    try {
        const run = findRun(store, options.run);
        runId = run.id;
        const driver = run.status === 'running' ? liveDriver(run) : undefined;
        if (driver) {
            if (!run.paused) throw drivenElsewhere(run.id, driver);
            // A paused run resumes in its own driver; it clears the flag once it has.
            if (!await signalAndWait(store, run, driver, 'SIGCONT', current => !current.paused || current.status !== 'running', resumeAcknowledgeMs)) {
                throw new UserError(`process ${driver.pid} got SIGCONT but has not resumed run ${run.id} after ${resumeAcknowledgeMs / 1000} s`);
            }
            return { kind: 'signalled', runId: run.id, pid: driver.pid };
        }
        if (run.status !== 'running') throw new RunNotResumableError(run.id, run.status);
        // The run's Python steps import the contracts its `weft run` wrote.
        const contracts = pythonContractsFolder(project.stateFolder);
        const executor = await executorFor(runTargets(run), options.executor, project.stateFolder, undefined, existsSync(contracts) ? [contracts] : []);
        const claimed = announcingClaim(store, () => io.stderr.write(`resuming run ${run.id}: ${run.pipeline} (${executor.name})\n`));
        const observed = observeStore(claimed, progress);
        const traced = tracing ? traceRuns({ tracer: tracing.tracer, store: observed, executor, parent, propagator }) : { store: observed, executor };
        const outcome = await resumeRun(run.id, {
            store: traced.store, executor: traced.executor, cache: openCache(project), cacheDir: project.stateFolder, workRoot: project.workFolder,
            ...(options.signal ? { signal: options.signal } : {}), ...(options.control ? { control: options.control } : {}),
            ...(options.acceptChangedCode ? { acceptChangedCode: true } : {}),
        });
        return { kind: 'driven', outcome };
    } catch (error) {
        throw asStoreUserError(error, store, runId);
    } finally {
        progress.finish();
        store.close();
        await tracing?.shutdown();
    }
}
