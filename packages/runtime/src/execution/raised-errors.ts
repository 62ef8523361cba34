/**
 * A declared error at the boundary: what a step threw through its generated constructor
 * (`throw new QualityTooLow({ … })`, recorded by the worker in `failure.json` or thrown by a
 * mock), checked against the error types its node `raises` before a handler may take it.
 */
import { raisedErrorOf } from '@weft/contract/errors';
import { RaisedErrorMismatchError } from '../artifacts/contract-errors.js';
import type { PlanNode } from '../contract/plan.js';
import type { FailureRecord } from '../plan/failure.js';
import { valueMismatch } from '../plan/value-schema.js';
import { encodeValue } from '../store/value-codec.js';
import { isWorkerFailure } from './failure-kind.js';

/**
 * The failure record with the declared error the attempt's `cause` carries (`raised`), when its
 * type is one the node declares and its fields fit it; a declared error that does not fit is
 * a broken contract: the record says so instead, and no typed handler takes it.
 */
export function withRaisedError(record: FailureRecord, cause: unknown, node: PlanNode, task: string): FailureRecord {
    const raised = isWorkerFailure(cause) ? cause.raised : encodedRaisedError(cause);
    if (raised === undefined) return record;
    const declared = node.raises?.find(candidate => candidate.name === raised.type);
    if (declared === undefined) {
        const names = (node.raises ?? []).map(candidate => candidate.name);
        const expected = names.length === 0 ? 'none (the step has no `raises`)' : `one of the step's \`raises (${names.join(' | ')})\``;
        const error = new RaisedErrorMismatchError(task, raised.type, '', expected, 'a type the step does not declare');
        return { ...record, message: error.message, error: error.name };
    }
    const mismatch = valueMismatch(declared.schema, raised.fields);
    if (mismatch) {
        const error = new RaisedErrorMismatchError(task, raised.type, mismatch.at, mismatch.expected, mismatch.found);
        return { ...record, message: error.message, error: error.name };
    }
    return { ...record, raised: { type: raised.type, fields: raised.fields as Readonly<Record<string, unknown>> } };
}

/** A declared error thrown in this process (a mock), with its fields in store form. */
function encodedRaisedError(cause: unknown): { type: string; fields: unknown } | undefined {
    const raised = raisedErrorOf(cause);
    return raised && { type: raised.type, fields: encodeValue(raised.fields) };
}
