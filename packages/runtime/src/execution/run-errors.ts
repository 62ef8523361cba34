import { WeftError } from '@weft/contract/errors';
import type { PlanClause, PlanSource } from '../contract/plan.js';

/** A parameter without a default was not given. */
export class MissingParameterError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'missing-parameter';

    /** `type` is the parameter's type as a phrase (`an int`). */
    constructor(readonly pipeline: string, readonly parameter: string, readonly type?: string) {
        super(`${pipeline} needs the parameter ${parameter}${type === undefined ? '' : ` (${type})`}, which has no default`);
        this.name = 'MissingParameterError';
    }
}

/** A parameter the pipeline does not declare was given. */
export class UnknownParameterError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unknown-parameter';

    constructor(readonly pipeline: string, readonly parameter: string, readonly known: readonly string[]) {
        super(`${pipeline} has no parameter ${parameter}; its parameters are: ${known.join(', ') || 'none'}`);
        this.name = 'UnknownParameterError';
    }
}

/**
 * A parameter's value does not fit its declared type (or cannot be read as one). `detail` says
 * where and how, without the pipeline (`n is an int, and "seven" is not one`), so the CLI can
 * put the `--param` it came from in front of it.
 */
export class ParameterTypeError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'parameter-type';

    constructor(readonly pipeline: string, readonly source: PlanSource, readonly parameter: string, readonly detail: string) {
        super(`${detail} (pipeline ${pipeline}, ${source.file}:${source.line})`);
        this.name = 'ParameterTypeError';
    }
}

/**
 * The parameters break one of the pipeline's `where` clauses, or the clause cannot be evaluated on
 * them. The message quotes the clause: `epochs = 0 breaks where 0 < epochs (pipeline train, sentiment.weft:12)`.
 */
export class ParameterConstraintError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'parameter-constraint';

    /** What follows the values in the message: `breaks where 0 < epochs (pipeline train, sentiment.weft:12)`. */
    readonly predicate: string;

    /** `values` are the parameters the clause reads; `reason` is set when it could not be evaluated. */
    constructor(readonly pipeline: string, readonly clause: PlanClause, readonly values: Readonly<Record<string, unknown>>, readonly reason?: string) {
        const predicate = `${reason === undefined ? 'breaks' : 'cannot be checked against'} where ${clause.text}${reason === undefined ? '' : `: ${reason}`}`
            + ` (pipeline ${pipeline}, ${clause.source.file}:${clause.source.line})`;
        const names = Object.keys(values);
        super(`${names.length === 0 ? 'the parameters' : names.map(name => `${name} = ${shortValue(values[name])}`).join(', ')} ${predicate}`);
        this.predicate = predicate;
        this.name = 'ParameterConstraintError';
    }
}

/** A value as a short line of JSON for messages (`"seven"`, `[0.1,1.5]`, a handle by its path). */
export function shortValue(value: unknown): string {
    let text: string | undefined;
    try {
        text = JSON.stringify(value, (_key, each: unknown) => (each instanceof Map ? Object.fromEntries(each) : typeof each === 'bigint' ? each.toString() : each));
    } catch {
        text = undefined;
    }
    if (text === undefined) return String(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** A mock was given for a step whose contract differs from the plan's (stale generated code). */
export class MockContractError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'mock-contract';

    constructor(readonly step: string, readonly mockHash: string, readonly planHash: string) {
        super(`the mock of ${step} is typed by contract ${mockHash}, but the plan calls ${planHash}; regenerate with \`weft generate\``);
        this.name = 'MockContractError';
    }
}

/** A mock names a step the plan never calls. */
export class UnknownMockError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'unknown-mock';

    constructor(readonly step: string, readonly pipeline: string) {
        super(`there is a mock for ${step}, but ${pipeline} never calls it`);
        this.name = 'UnknownMockError';
    }
}

/** `resumeRun` on a run that has already finished. */
export class RunNotResumableError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'run-not-resumable';

    constructor(readonly runId: string, readonly status: string) {
        super(`run ${runId} has already finished (${status}); only an interrupted run can be resumed`);
        this.name = 'RunNotResumableError';
    }
}

/** A dataset or model the runtime cannot open. */
export class ArtifactUnavailableError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'artifact-unavailable';

    constructor(readonly artifact: string, reason: string) {
        super(`the artifact ${artifact} is not available: ${reason}`);
        this.name = 'ArtifactUnavailableError';
    }
}

/** `resumeRun` of a run whose completed tasks ran other code than their steps have now. */
export class StepCodeChangedError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'step-code-changed';

    constructor(readonly runId: string, readonly changed: readonly { readonly taskId: string; readonly step: string; readonly module: string }[]) {
        const list = changed.slice(0, 10).map(change => `${change.taskId} (step ${change.step}, ${change.module})`).join(', ');
        const more = changed.length > 10 ? ` and ${changed.length - 10} more` : '';
        super(`the code of ${changed.length} completed ${changed.length === 1 ? 'task' : 'tasks'} of run ${runId} changed since ${changed.length === 1 ? 'it' : 'they'} ran: ${list}${more}; `
            + 'resuming would mix results of the old and the new code');
        this.name = 'StepCodeChangedError';
    }
}
