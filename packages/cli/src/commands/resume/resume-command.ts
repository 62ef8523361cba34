import * as path from 'node:path';
import { Command, Option } from 'commander';
import { resumeRun, RunNotResumableError } from '@weft/runtime';
import { colorsFor } from '../../colors.js';
import { ExitError, UserError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { executorFor, executorKinds } from '../run/executor-for.js';
import { interruptSignal } from '../run/interrupt.js';
import { observeStore } from '../run/observe-store.js';
import { findRun, livePid, openCache, openStore, projectAt, recordPid } from '../run/project.js';
import { reportOutcome } from '../run/report-outcome.js';
import { RunProgress } from '../run/run-progress.js';

interface ResumeCommandOptions {
    readonly format: 'text' | 'json';
    readonly executor?: string;
}

/** `weft resume <run>`: finishes a run whose process died; completed tasks are not run again. */
export function resumeCommand(io: CliIo): Command {
    return new Command('resume')
        .description('resume a run paused by `weft pause`, or finish an interrupted run: completed tasks keep their results, lost and unstarted ones run')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runId, status, outputs} last on stdout').choices(['text', 'json']).default('text'))
        .addOption(new Option('--executor <kind>', "run steps with this executor instead of the target's runtime").choices([...executorKinds]))
        .action(async (id: string, options: ResumeCommandOptions) => {
            const project = projectAt(io.cwd);
            const store = openStore(project);
            const interrupt = interruptSignal();
            const progress = new RunProgress(io.stderr, colorsFor(io.stderr, io.env));
            try {
                const run = findRun(store, id);
                const pid = await livePid(project, run.id);
                if (pid !== undefined) {
                    // A live run (paused by `weft pause`) resumes in its own process.
                    process.kill(pid, 'SIGCONT');
                    io.stdout.write(`run ${run.id} resumed (process ${pid})\n`);
                    return;
                }
                const names = (run.settings['targets'] as string[] | undefined) ?? [run.settings['target']];
                const targets = run.plan.targets.filter(candidate => names.includes(candidate.name));
                const executor = await executorFor(targets, options.executor, project.stateFolder);
                const clearPid = await recordPid(project, run.id);
                io.stderr.write(`resuming run ${run.id}: ${run.pipeline} (${executor.name})\n`);
                try {
                    const outcome = await resumeRun(run.id, {
                        store: observeStore(store, progress), executor, cache: openCache(project), signal: interrupt.signal,
                        workRoot: path.join(project.workFolder),
                    });
                    progress.finish();
                    reportOutcome(outcome, options.format, io);
                    if (outcome.status !== 'completed') throw new ExitError(ExitCode.ProblemsFound);
                } finally {
                    await clearPid();
                }
            } catch (error) {
                if (error instanceof RunNotResumableError) throw new UserError(`${error.message}; only a run left running by a process that died can be resumed`, { cause: error });
                throw error;
            } finally {
                progress.finish();
                interrupt.dispose();
                store.close();
            }
        });
}
