import * as path from 'node:path';
import type { PlanCommandImplementation } from '../contract/plan.js';
import type { AttemptFailure } from '../plan/failure.js';
import { commandStart, type CommandStart, describeCommandExit } from './command-launch.js';
import type { AttemptResult, AttemptSpec } from './executor.js';
import { type AttemptFolders, type InputMount, makeAttemptFolders, type WorkerExit, writeInputs } from './worker-attempt.js';

/** What the process executor starts for one attempt, and how it explains an exit without outputs. */
export interface ProcessLaunch {
    readonly start: CommandStart;
    readonly folders: AttemptFolders;
    readonly inputs: readonly InputMount[];
    readonly describeExit: (exit: WorkerExit) => AttemptFailure;
    /** Whether it runs in a process group of its own, which signals reach whole (a command's children too). */
    readonly processGroup: boolean;
}

/**
 * A command step as a child process: the host's paths, the host's `PATH`, and the step's folder
 * as its working directory. A missing executable fails the attempt without retry.
 */
export async function commandLaunch(spec: AttemptSpec, implementation: PlanCommandImplementation): Promise<ProcessLaunch | { failed: AttemptResult }> {
    const folders = await makeAttemptFolders(spec);
    const inputs = await writeInputs(spec, folders, host => host);
    const hostDirectory = path.resolve(spec.root, implementation.directory);
    try {
        const start = commandStart(spec, implementation, {
            inputDir: folders.inputDir,
            outDir: folders.outDir,
            hostDirectory,
            directory: hostDirectory,
            searchPath: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
            hostPathOf: seen => seen,
        });
        return { start, folders, inputs, describeExit: describeCommandExit, processGroup: true };
    } catch (error) {
        return { failed: { status: 'failed', failure: { message: error instanceof Error ? error.message : String(error), retryable: false, cause: error } } };
    }
}
