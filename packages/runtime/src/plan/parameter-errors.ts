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

/** A dataset or model the runtime cannot open. */
export class ArtifactUnavailableError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'artifact-unavailable';

    constructor(readonly artifact: string, reason: string) {
        super(`the artifact ${artifact} is not available: ${reason}`);
        this.name = 'ArtifactUnavailableError';
    }
}
