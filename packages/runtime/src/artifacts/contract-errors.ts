import { StepCodeError } from '../plan/failure.js';

/**
 * The errors of a step's contract broken at run time (docs/runtime.md, "Contracts at run time"):
 * an input, a `where` clause, an output or a record of a dataset that does not fit what the
 * step declares. Each is a fault of the code or data around the step, not of the machine it ran
 * on: a retry with the same values fails the same way, so none is retryable, and each is a
 * `StepCodeError` (a failure of kind `step`, failure-kind.ts).
 */

/** What every contract error carries: the task, what broke (an input, output or clause) and how. */
export abstract class StepContractError extends StepCodeError {
    static override readonly fault = 'step';
    static override readonly code: string = 'step-contract';

    /** A contract error is in the code or the data: running it again cannot help. */
    readonly retryable = false;

    constructor(
        readonly task: string,
        /** The input or output (or the clause's text) that broke the contract. */
        readonly subject: string,
        /** Where in the value: `` (the value itself), `.label`, `[3].tokens`. */
        readonly at: string,
        readonly expected: string,
        readonly found: string,
        message: string,
    ) {
        super(message);
    }
}

/** An input of the task does not fit its parameter's type; the step's code did not run. */
export class InputMismatchError extends StepContractError {
    static override readonly fault = 'step';
    static override readonly code = 'input-mismatch';

    constructor(task: string, input: string, at: string, expected: string, found: string, readonly type: string) {
        super(task, input, at, expected, found, `${task}: input ${input}${at} is ${found}, expected ${expected} (declared as ${type}); the step did not run`);
        this.name = 'InputMismatchError';
    }
}

/** A `where` clause of the step is false for the task's inputs; the step's code did not run. */
export class WhereClauseError extends StepContractError {
    static override readonly fault = 'step';
    static override readonly code = 'where-clause';

    constructor(task: string, readonly clause: string, found: string, readonly source?: { readonly file: string; readonly line: number }) {
        super(task, clause, '', `where ${clause}`, found, `${task}: the inputs break \`where ${clause}\`${source ? ` (${source.file}:${source.line})` : ''}: ${found}; the step did not run`);
        this.name = 'WhereClauseError';
    }
}

/** The step returned outputs that do not match its declaration (undeclared, missing or of another type). */
export class OutputMismatchError extends StepContractError {
    static override readonly fault = 'step';
    static override readonly code = 'output-mismatch';

    constructor(task: string, output: string, at: string, expected: string, found: string, detail?: string) {
        super(task, output, at, expected, found, `${task} returned outputs that do not match its step: ${output}${at} ${detail ?? `is ${found}, expected ${expected}`}`);
        this.name = 'OutputMismatchError';
    }
}

/** A record of a `Dataset<T>` the step reads or writes does not fit `T`. */
export class DatasetRecordError extends StepContractError {
    static override readonly fault = 'step';
    static override readonly code = 'dataset-record';

    constructor(
        task: string,
        /** `input reviews` or `output cleaned`. */
        readonly dataset: string,
        readonly file: string,
        /** The record's 0-based index (blank lines are not records); -1 when the file itself cannot be read. */
        readonly record: number,
        /** Its 1-based line in the file (0 with record -1). */
        readonly line: number,
        at: string,
        expected: string,
        found: string,
    ) {
        super(task, dataset, at, expected, found,
            `${task}: ${dataset} (${file})${record < 0 ? '' : ` record ${record} (line ${line})`}${at === '' ? '' : ` field ${at.replace(/^\./, '')}`} is ${found}, expected ${expected}`);
        this.name = 'DatasetRecordError';
    }
}

/** The step threw a declared error (`raises (…)`) whose fields do not fit its type, or an error type the step does not declare. */
export class RaisedErrorMismatchError extends StepContractError {
    static override readonly fault = 'step';
    static override readonly code = 'raised-error-mismatch';

    constructor(task: string, errorType: string, at: string, expected: string, found: string) {
        const what = at === '' ? found : `${at.replace(/^\./, '')} is ${found}`;
        super(task, errorType, at, expected, found, `${task} raised ${errorType}: ${what}, expected ${expected}`);
        this.name = 'RaisedErrorMismatchError';
    }
}
