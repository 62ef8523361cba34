import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import { WeftError } from '@weft/contract/errors';
import type { PlanCommandImplementation } from '../contract/plan.js';
import type { AttemptFailure } from '../plan/failure.js';
import { INPUTS_FILE } from '../worker/worker-protocol.js';
import type { AttemptSpec } from './executor.js';
import type { WorkerExit } from './worker-attempt.js';

/**
 * How a command step is started (docs/runtime.md, "File protocol for command steps"): where its
 * executable is, the folder it runs in and its environment, as the process that runs it sees
 * them — the host's own paths for the process executor, mount points inside a gVisor sandbox.
 */

/** The command's executable cannot be found where the step would run, or may not be run. Retrying does not help. */
export class CommandNotFoundError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'command-not-found';

    constructor(readonly step: string, readonly executable: string, readonly reason: string) {
        super(`step ${step} runs \`${executable}\`, which ${reason}`);
        this.name = 'CommandNotFoundError';
    }
}

/** The paths a command sees, and how they map to the host's. */
export interface CommandView {
    /** The attempt's `in/` and `out/` folders as the command sees them. */
    readonly inputDir: string;
    readonly outDir: string;
    /** The step's folder (its `.weft` file's) on the host, and as the command sees it: its working directory. */
    readonly hostDirectory: string;
    readonly directory: string;
    /** Where a bare executable name is looked up (colon-separated), as the command sees it. */
    readonly searchPath: string;
    /** The host file behind a path the command sees, or `undefined` when nothing is there for it. */
    readonly hostPathOf: (seen: string) => string | undefined;
}

export interface CommandStart {
    /** The executable as the command sees it. */
    readonly executable: string;
    readonly args: readonly string[];
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
}

/** The start of a command step in `view`; throws {@link CommandNotFoundError} when its executable is not there. */
export function commandStart(spec: AttemptSpec, implementation: PlanCommandImplementation, view: CommandView): CommandStart {
    const [name, ...args] = implementation.command;
    return {
        executable: resolveExecutable(spec.step.name, name ?? '', view),
        args,
        cwd: view.directory,
        env: {
            PATH: view.searchPath,
            LANG: 'C.UTF-8',
            WEFT_INPUTS: path.posix.join(view.inputDir, INPUTS_FILE),
            WEFT_OUT_DIR: view.outDir,
            ...spec.traceEnvironment,
        },
    };
}

/**
 * `python3` is looked up on the search path, `./steps/run.sh` in the step's folder, `/usr/bin/env`
 * as it is; the file must exist where the command runs and be executable.
 */
function resolveExecutable(step: string, name: string, view: CommandView): string {
    if (name.trim() === '') throw new CommandNotFoundError(step, name, 'is empty');
    if (name.includes('/')) {
        const seen = path.posix.resolve(view.directory, name);
        const host = view.hostPathOf(seen);
        if (host === undefined) throw new CommandNotFoundError(step, name, `is not inside the sandbox (${seen}): only /usr and the step's folder are`);
        const problem = executableProblem(host);
        if (problem !== undefined) throw new CommandNotFoundError(step, name, `${problem} (looked for ${host})`);
        return seen;
    }
    for (const dir of view.searchPath.split(':').filter(entry => entry !== '')) {
        const seen = path.posix.join(dir, name);
        const host = view.hostPathOf(seen);
        if (host !== undefined && executableProblem(host) === undefined) return seen;
    }
    throw new CommandNotFoundError(step, name, `is not on the PATH of the step (${view.searchPath})`);
}

function executableProblem(file: string): string | undefined {
    let stat;
    try {
        stat = statSync(file);
    } catch {
        return 'does not exist';
    }
    if (!stat.isFile()) return 'is not a file';
    try {
        accessSync(file, constants.X_OK);
    } catch {
        return 'is not executable (run it through its interpreter, e.g. `["sh", "./steps/run.sh"]`, or `chmod +x` it)';
    }
    return undefined;
}

/**
 * Why a command ended without `out/outputs.json` or `out/failure.json`: exit 0 or 1 without the
 * file the protocol asks for is the step's mistake, 2 says the command could not run (neither is
 * retried); any other code or a signal is a crash, retried by the step's `retry`.
 */
export function describeCommandExit(exit: WorkerExit): AttemptFailure {
    const detail = exit.stderrTail === '' ? '' : `: ${exit.stderrTail.split('\n').slice(-3).join(' | ')}`;
    switch (exit.exitCode) {
        case 0:
            return { message: `the command exited with code 0 without writing out/outputs.json${detail}`, retryable: false, kind: 'step', exitCode: 0 };
        case 1:
            return { message: `the command failed (exit code 1) without writing out/failure.json${detail}`, retryable: false, kind: 'step', exitCode: 1 };
        case 2:
            return { message: `the command could not run (exit code 2)${detail}`, retryable: false, kind: 'step', exitCode: 2 };
        default:
            return { message: `the command exited with code ${exit.exitCode} without outputs${detail}`, retryable: true, exitCode: exit.exitCode };
    }
}
