import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StepContext } from '../contract/step-context.js';
import type { StepImplementation } from '../contract/step-contract.js';
import { isCommandImplementation } from '../contract/plan.js';
import type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from './executor.js';
import { ProcessExecutor } from './process-executor.js';
import type { WorkerExecutorOptions } from './worker-attempt.js';

// The executor stores implementations of any step, so their types are erased here.
export type AnyStepImplementation = StepImplementation<any, any>;

/** Loads a step's implementation; tests replace it to avoid imports. */
export type ImplementationLoader = (modulePath: string, exportName: string) => Promise<unknown>;

/** `WorkerExecutorOptions` serve command steps, which run as child processes (where their artifacts go, how much is read). */
export interface InlineExecutorOptions extends WorkerExecutorOptions {
    /** Implementations by step name that replace the plan's modules (typed by `runPipeline`). */
    readonly mocks?: Readonly<Record<string, AnyStepImplementation>>;
    readonly load?: ImplementationLoader;
}

/**
 * Runs each attempt in this process: imports the step's module (or takes its mock) and calls
 * the export with the inputs and a context. No isolation: for tests, mocks and development.
 * A command step (unless mocked) has nothing to import: it runs as the process executor runs it.
 */
export class InlineExecutor implements Executor {
    readonly name = 'inline';
    // Most inline steps (mocks, no-ops) never touch their folder: it is made on first use.
    readonly makesWorkDir = true;
    private readonly mocks: Readonly<Record<string, AnyStepImplementation>>;
    private readonly load: ImplementationLoader;

    private readonly commands: ProcessExecutor;

    constructor(options: InlineExecutorOptions = {}) {
        this.mocks = options.mocks ?? {};
        this.load = options.load ?? importExport;
        this.commands = new ProcessExecutor(options);
    }

    async execute(attempt: AttemptSpec, channel: AttemptChannel): Promise<AttemptResult> {
        if (this.mocks[attempt.step.name] === undefined && isCommandImplementation(attempt.step.implementation)) return this.commands.execute(attempt, channel);
        let implementation: AnyStepImplementation;
        try {
            implementation = this.mocks[attempt.step.name] ?? await this.implementationOf(attempt);
        } catch (error) {
            return { status: 'failed', failure: { message: messageOf(error), retryable: false, cause: error } };
        }
        const context: StepContext = {
            node: attempt.node,
            attempt: attempt.attempt,
            signal: channel.signal,
            logger: channel.logger,
            trace: channel.trace ?? untraced,
            get workDir(): string {
                mkdirSync(attempt.workDir, { recursive: true });
                return attempt.workDir;
            },
        };
        try {
            // A step may ignore its signal; the attempt still ends when the signal aborts.
            const outputs = await untilAborted(Promise.resolve(implementation(attempt.inputs, context)), channel.signal);
            if (typeof outputs !== 'object' || outputs === null) {
                return { status: 'failed', failure: { message: `${attempt.step.name} returned ${JSON.stringify(outputs)} instead of an outputs record`, retryable: false, kind: 'step' } };
            }
            return { status: 'completed', outputs: outputs as Record<string, unknown> };
        } catch (error) {
            return { status: 'failed', failure: { message: messageOf(error), retryable: true, kind: 'step', cause: error } };
        }
    }

    private async implementationOf(attempt: AttemptSpec): Promise<AnyStepImplementation> {
        const implementation = attempt.step.implementation;
        if (isCommandImplementation(implementation)) throw new Error(`step ${attempt.step.name} runs a command, not a function`);
        const { module, export: exportName } = implementation;
        const loaded = await this.load(path.resolve(attempt.root, module), exportName);
        if (typeof loaded !== 'function') throw new Error(`${module} has no function export ${exportName} for step ${attempt.step.name}`);
        const contractHash = (loaded as { contract?: { contractHash?: string } }).contract?.contractHash;
        if (contractHash !== undefined && contractHash !== attempt.step.contractHash) {
            throw new Error(`${module}#${exportName} implements another contract of ${attempt.step.name} than the plan's; regenerate with \`weft generate\``);
        }
        return loaded as AnyStepImplementation;
    }
}

async function importExport(modulePath: string, exportName: string): Promise<unknown> {
    const module = await import(pathToFileURL(modulePath).href) as Record<string, unknown>;
    return module[exportName];
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

const untraced: StepContext['trace'] = {
    traceId: '0'.repeat(32),
    spanId: '0'.repeat(16),
    traceparent: `00-${'0'.repeat(32)}-${'0'.repeat(16)}-00`,
    addEvent: () => undefined,
};
