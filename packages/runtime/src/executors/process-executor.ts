import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { workerDir } from '../bundling/runtime-package.js';
import type { AttemptFailure } from '../plan/failure.js';
import { isCommandImplementation } from '../contract/plan.js';
import { commandLaunch, type ProcessLaunch } from './command-process.js';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from './executor.js';
import { forwardLogs } from './forward-logs.js';
import { pythonEnvironment, pythonWorkerCommand } from './python-command.js';
import { isPythonStep, preparePythonAttempt, type PythonOptions, pythonWorkerDir } from './python-launch.js';
import { outputResolver, prepareAttemptOrFail, readAttemptResult, type WorkerExecutorOptions, type WorkerExit, writeInputs } from './worker-attempt.js';

export interface ProcessExecutorOptions extends WorkerExecutorOptions, PythonOptions {
    /** The node binary (default: the one running this process). */
    readonly nodePath?: string;
    /** How long a stopped attempt gets between SIGTERM and SIGKILL (default 2 s). */
    readonly gracePeriodMs?: number;
}

/**
 * Runs each attempt's worker as a child node process against the attempt's folders.
 * No isolation at all: used only when a target asks for runtime "process".
 */
export class ProcessExecutor implements Executor {
    readonly name = 'process';
    /** The worker of each attempt in flight, by work directory, for `pause`/`resume`. */
    private readonly running = new Map<string, ChildProcess>();
    /** Attempts paused before their worker started: it is stopped as soon as it exists. */
    private readonly pausedEarly = new Set<string>();
    /** Children that lead a process group of their own (commands): signals go to the whole group. */
    private readonly groups = new WeakSet<ChildProcess>();

    constructor(private readonly options: ProcessExecutorOptions = {}) {}

    async execute(spec: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        const launch = isCommandImplementation(spec.step.implementation)
            ? await commandLaunch(spec, spec.step.implementation)
            : await this.workerLaunch(spec);
        if ('failed' in launch) return launch.failed;
        const { folders, inputs } = launch;
        const child = spawn(launch.start.executable, launch.start.args, { cwd: launch.start.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: launch.start.env, detached: launch.processGroup });
        if (launch.processGroup) this.groups.add(child);
        forwardLogs(child.stdout, channel.logger, 'info');
        const stderr = forwardLogs(child.stderr, channel.logger, 'warn');
        this.running.set(spec.workDir, child);
        if (this.pausedEarly.delete(spec.workDir)) this.signal(child, 'SIGSTOP');
        const stop = (): void => {
            this.signal(child, 'SIGCONT'); // a paused worker must run to act on SIGTERM
            this.signal(child, 'SIGTERM');
            setTimeout(() => this.signal(child, 'SIGKILL'), this.options.gracePeriodMs ?? 2000).unref();
        };
        if (channel.signal.aborted) stop();
        channel.signal.addEventListener('abort', stop, { once: true });
        const exitCode = await new Promise<number>(resolve => {
            child.on('error', () => resolve(127));
            child.on('close', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
        });
        channel.signal.removeEventListener('abort', stop);
        this.running.delete(spec.workDir);
        const exit: WorkerExit = { exitCode, stderrTail: stderr.tail() };
        return readAttemptResult(spec, this.options, folders, exit, outputResolver(folders.outDir, inputs), launch.describeExit, channel.signal);
    }

    /** The worker on the step's code: node on its bundle, or python on its module. */
    private async workerLaunch(spec: AttemptSpec): Promise<ProcessLaunch | { failed: AttemptResult }> {
        const searchPath = process.env['PATH'] ?? '/usr/bin:/bin';
        const prepared = isPythonStep(spec) ? await preparePythonAttempt(spec, this.options, searchPath) : await prepareAttemptOrFail(spec, this.options);
        if ('failed' in prepared) return prepared;
        const { folders } = prepared;
        const inputs = await writeInputs(spec, folders, host => host);
        const implementation = isCommandImplementation(spec.step.implementation) ? { module: '', export: '' } : spec.step.implementation;
        const [executable, ...args] = 'bundle' in prepared
            ? [this.options.nodePath ?? process.execPath, path.join(workerDir(), 'worker-entry.js'), prepared.bundle.file, folders.inputDir, folders.outDir]
            : pythonWorkerCommand(prepared.interpreter, { workerDir: pythonWorkerDir(), root: spec.root, module: path.resolve(spec.root, implementation.module), ...folders }, implementation.export);
        const start = {
            executable: executable!,
            args,
            cwd: folders.outDir,
            env: { PATH: searchPath, NODE_OPTIONS: '', ...('bundle' in prepared ? {} : pythonEnvironment(this.options.pythonModulePath ?? [])), ...spec.traceEnvironment },
        };
        return { start, folders, inputs, describeExit, processGroup: false };
    }

    async pause(spec: AttemptSpec): Promise<void> {
        const child = this.running.get(spec.workDir);
        if (child) this.signal(child, 'SIGSTOP');
        else this.pausedEarly.add(spec.workDir);
    }

    async resume(spec: AttemptSpec): Promise<void> {
        this.pausedEarly.delete(spec.workDir);
        const child = this.running.get(spec.workDir);
        if (child) this.signal(child, 'SIGCONT');
    }

    /** Signals the child, or its whole process group when it leads one (a group already gone is fine). */
    private signal(child: ChildProcess, signal: NodeJS.Signals): void {
        if (!this.groups.has(child) || child.pid === undefined) {
            child.kill(signal);
            return;
        }
        try {
            process.kill(-child.pid, signal);
        } catch { /* the group has ended */ }
    }
}

function describeExit(exit: WorkerExit): AttemptFailure {
    const detail = exit.stderrTail === '' ? '' : `: ${exit.stderrTail.split('\n').slice(-3).join(' | ')}`;
    return { message: `the worker exited with code ${exit.exitCode} without outputs${detail}`, retryable: true, exitCode: exit.exitCode };
}

function signalNumber(signal: NodeJS.Signals | null): number {
    return signal === 'SIGKILL' ? 9 : signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : 0;
}
