import * as path from 'node:path';
import { Command, Option } from 'commander';
import { resumeRun, RunNotResumableError, runTargets } from '@weft/runtime';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { pauseSignals } from '../pause/pause-signals.js';
import { executorFor, executorKinds } from '../run/executor-for.js';
import { interruptSignal } from '../run/interrupt.js';
import { observeStore } from '../run/observe-store.js';
import { findRun, openCache, openStore, projectAt } from '../run/project.js';
import { reportOutcome } from '../run/report-outcome.js';
import { drivenElsewhere, liveDriver, signalDriver, waitForRun } from '../run/run-driver.js';
import { RunProgress } from '../run/run-progress.js';
import { asStoreUserError } from '../run/store-errors.js';

interface ResumeCommandOptions {
    readonly format: 'text' | 'json';
    readonly executor?: string;
    readonly acceptChangedCode?: boolean;
}

/** How long a paused driver has to say (in the store) that it resumed. */
const resumeAcknowledgeMs = 10_000;

/**
 * `weft resume <run>`: continues a run paused by `weft pause` (its driver is signalled), or
 * finishes a run whose driver died (this process becomes its driver). A run whose driver is
 * alive and not paused is refused: a run has one driver.
 */
export function resumeCommand(io: CliIo): Command {
    return new Command('resume')
        .description('resume a run paused by `weft pause`, or finish an interrupted run: completed tasks keep their results, lost and unstarted ones run')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runId, status, outputs} last on stdout').choices(['text', 'json']).default('text'))
        .addOption(new Option('--executor <kind>', "run steps with this executor instead of the target's runtime").choices([...executorKinds]))
        .option('--accept-changed-code', "keep the results of completed tasks whose step's code changed since they ran (refused otherwise)")
        .action(async (id: string, options: ResumeCommandOptions) => {
            const project = projectAt(io.cwd);
            const store = openStore(project);
            const interrupt = interruptSignal();
            const pause = pauseSignals();
            const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
            let runId = id;
            try {
                const run = findRun(store, id);
                runId = run.id;
                const driver = run.status === 'running' ? liveDriver(run) : undefined;
                if (driver) {
                    if (!run.paused) throw drivenElsewhere(run.id, driver);
                    // A paused run resumes in its own driver; it clears the flag once it has.
                    signalDriver(run.id, driver, 'SIGCONT');
                    if (!await waitForRun(store, run.id, current => !current.paused || current.status !== 'running', resumeAcknowledgeMs)) {
                        throw new UserError(`process ${driver.pid} got SIGCONT but has not resumed run ${run.id} after ${resumeAcknowledgeMs / 1000} s`);
                    }
                    io.stdout.write(`run ${run.id} resumed (process ${driver.pid})\n`);
                    return;
                }
                if (run.status !== 'running') throw new RunNotResumableError(run.id, run.status);
                const executor = await executorFor(runTargets(run), options.executor, project.stateFolder);
                io.stderr.write(`resuming run ${run.id}: ${run.pipeline} (${executor.name})\n`);
                const outcome = await resumeRun(run.id, {
                    store: observeStore(store, progress), executor, cache: openCache(project), cacheDir: project.stateFolder, signal: interrupt.signal, control: pause.control,
                    workRoot: path.join(project.workFolder), ...(options.acceptChangedCode ? { acceptChangedCode: true } : {}),
                });
                progress.finish();
                reportOutcome(outcome, options.format, io);
                if (outcome.status !== 'completed') throw new ExitError(ExitCode.ProblemsFound);
            } catch (error) {
                if (error instanceof RunNotResumableError) throw new UserError(error.message, { cause: error });
                throw asStoreUserError(error, store, runId);
            } finally {
                progress.finish();
                interrupt.dispose();
                pause.dispose();
                store.close();
            }
        });
}
