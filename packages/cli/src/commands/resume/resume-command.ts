import { Command, Option } from 'commander';
import { ExitError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import type { CliIo } from '../../io.js';
import { pauseSignals } from '../pause/pause-signals.js';
import { executorKinds } from '../run/executor-for.js';
import { interruptSignal } from '../run/interrupt.js';
import { reportOutcome } from '../run/report-outcome.js';
import { resume } from './resume.js';

interface ResumeCommandOptions {
    readonly format: 'text' | 'json';
    readonly executor?: string;
    readonly acceptChangedCode?: boolean;
}

/** `weft resume <run> [--format text|json] [--executor KIND] [--accept-changed-code]`. */
export function resumeCommand(io: CliIo): Command {
    return new Command('resume')
        .description('resume a run paused by `weft pause`, or finish an interrupted run: completed tasks keep their results, lost and unstarted ones run')
        .argument('<run>', 'the run id (or a unique prefix of it)')
        .addOption(new Option('-f, --format <format>', 'text, or one JSON object {runId, status, outputs} last on stdout').choices(['text', 'json']).default('text'))
        .addOption(new Option('--executor <kind>', "run steps with this executor instead of the target's runtime").choices([...executorKinds]))
        .option('--accept-changed-code', "keep the results of completed tasks whose step's code changed since they ran (refused otherwise)")
        .action(async (run: string, options: ResumeCommandOptions) => {
            const interrupt = interruptSignal();
            const pause = pauseSignals();
            let report;
            try {
                report = await resume({
                    run, signal: interrupt.signal, control: pause.control,
                    ...(options.executor === undefined ? {} : { executor: options.executor }),
                    ...(options.acceptChangedCode ? { acceptChangedCode: true } : {}),
                }, io);
            } finally {
                interrupt.dispose();
                pause.dispose();
            }
            if (report.kind === 'signalled') {
                io.stdout.write(`run ${report.runId} resumed (process ${report.pid})\n`);
                return;
            }
            reportOutcome(report.outcome, options.format, io);
            if (report.outcome.status !== 'completed') throw new ExitError(ExitCode.ProblemsFound);
        });
}
