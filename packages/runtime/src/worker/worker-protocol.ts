/**
 * The files an attempt's worker reads and writes, shared by the worker entry (inside the
 * sandbox) and the executors (outside). Keep this module free of imports: it runs in both.
 */

/** `inputs.json` in the worker's input folder. */
export const INPUTS_FILE = 'inputs.json';
/** Written to `out/` when the step returned. */
export const OUTPUTS_FILE = 'outputs.json';
/** Written to `out/` when the step (or the worker) failed. */
export const FAILURE_FILE = 'failure.json';

/** What the executor writes to `inputs.json`. */
export interface WorkerInputs {
    /** The step's inputs encoded by `encodeValue`; handle paths as the worker sees them. */
    readonly inputs: Record<string, unknown>;
    readonly node: string;
    readonly attempt: number;
    readonly contractHash: string;
    readonly step: string;
}

/** `failure.json`: why the attempt failed, as data. */
export interface WorkerFailure {
    readonly message: string;
    readonly name: string;
    /** `step` when the implementation threw; `worker` when the worker could not run it. */
    readonly origin: 'step' | 'worker';
    readonly retryable: boolean;
    /** The stack's frames, one per line: for a step's error, mapped to its sources and named relative to the project (`at train (steps/train.ts:12:7)`). */
    readonly stack?: string;
    /** The step threw a declared error (`raises (…)`): its type's name and its fields, encoded like outputs. */
    readonly raised?: { readonly type: string; readonly fields: unknown };
}

/** The worker's exit codes (a signal kill shows as 128 + signal, e.g. 137). */
export const WorkerExit = {
    completed: 0,
    stepFailed: 1,
    workerFailed: 2,
} as const;
