import * as path from 'node:path';
import type { PlanClause, PlanExpression, PlanInput, PlanOutput, PlanSchema, PlanTyped } from '../contract/plan.js';
import { DatasetRecordError, InputMismatchError, OutputMismatchError, type StepContractError, WhereClauseError } from './contract-errors.js';
import { evaluate } from '../plan/expression-evaluator.js';
import { checkableForm } from '../plan/checkable-form.js';
import { checkDatasetRecords } from './dataset-records.js';
import { annotatedPlaces } from './schema-walk.js';
import { TaskDimensions } from './tensor-dimensions.js';
import { describeValue, valueMismatch } from '../plan/value-schema.js';

/**
 * The checks of a step's boundary (docs/runtime.md, "Contracts at run time"), the same for every
 * executor: a task's inputs against its parameters' schemas, its tensors' dimensions and its
 * `where` clauses before the step runs; its outputs against the declared outputs before they are
 * stored; the records of every dataset among either. Values are checked in checkable form
 * (checkable-form.ts).
 */

/** What the boundary needs of a node: its callee's parameters, outputs and clauses. */
export interface StepBoundary {
    readonly inputs: readonly PlanInput[];
    readonly outputs: readonly PlanOutput[];
    readonly where: readonly PlanClause[];
}

/** The first input that breaks its parameter's type or a dimension, else the first `where` clause that does not hold. */
export function inputsMismatch(task: string, step: Pick<StepBoundary, 'inputs' | 'where'>, inputs: Readonly<Record<string, unknown>>): InputMismatchError | WhereClauseError | undefined {
    const dimensions = new TaskDimensions(inputs);
    for (const input of step.inputs) {
        const value = checkableForm(inputs[input.name]);
        // An absent optional parameter is `null` to its schema (`T?`).
        const mismatch = valueMismatch(input.schema, value === undefined ? null : value);
        if (mismatch) return new InputMismatchError(task, input.name, mismatch.at, mismatch.expected, mismatch.found, input.type);
        const conflict = addDimensions(dimensions, input, value);
        if (conflict) return new InputMismatchError(task, input.name, conflict.at, conflict.expected, conflict.found, input.type);
    }
    const conflict = dimensions.finish();
    if (conflict) return new InputMismatchError(task, conflict.subject, conflict.at, conflict.expected, conflict.found, step.inputs.find(input => input.name === conflict.subject)?.type ?? '');
    return step.where.length === 0 ? undefined : clauseMismatch(task, step.where, inputs, dimensions.values());
}

/**
 * The first output the step returned but does not declare (it would be stored with nothing to
 * check it against), declares but did not return, or returned of another type; tensors'
 * dimensions are checked together with the inputs' when `inputs` are given.
 */
export function outputsMismatch(
    task: string, declared: readonly PlanOutput[], outputs: Readonly<Record<string, unknown>>,
    inputs?: { readonly types: readonly PlanInput[]; readonly values: Readonly<Record<string, unknown>> },
): OutputMismatchError | undefined {
    const names = new Set(declared.map(output => output.name));
    const extra = Object.keys(outputs).find(name => !names.has(name));
    if (extra !== undefined) {
        return new OutputMismatchError(task, extra, '', 'no such output', 'a value',
            `is not an output the step declares (it declares ${declared.length === 0 ? 'none' : declared.map(output => output.name).join(', ')})`);
    }
    const dimensions = new TaskDimensions(inputs?.values);
    for (const input of inputs?.types ?? []) addDimensions(dimensions, input, checkableForm(inputs!.values[input.name]));
    for (const output of declared) {
        const value = checkableForm(outputs[output.name]);
        if (value === undefined) {
            // An optional output (`T?`) may be left out.
            if (valueMismatch(output.schema, null) === undefined) continue;
            return new OutputMismatchError(task, output.name, '', 'a value', 'nothing', `is missing (declared as ${output.type})`);
        }
        const mismatch = valueMismatch(output.schema, value);
        if (mismatch) return new OutputMismatchError(task, output.name, mismatch.at, mismatch.expected, mismatch.found, `is ${mismatch.found}, expected ${mismatch.expected} (declared as ${output.type})`);
        const conflict = addDimensions(dimensions, output, value);
        if (conflict) return new OutputMismatchError(task, output.name, conflict.at, conflict.expected, conflict.found, `is ${conflict.found}, expected ${conflict.expected} (declared as ${output.type})`);
    }
    const conflict = dimensions.finish();
    if (conflict && names.has(conflict.subject)) return new OutputMismatchError(task, conflict.subject, conflict.at, conflict.expected, conflict.found);
    return undefined;
}

/**
 * The first record of a `Dataset<T>` among `values` (a task's inputs or outputs) that does not
 * fit `T`, streamed; paths are relative to `root`. `kind` names the side in the message.
 */
export async function datasetRecordsMismatch(
    task: string, kind: 'input' | 'output', typed: readonly PlanTyped[], values: Readonly<Record<string, unknown>>, root: string, signal?: AbortSignal,
): Promise<DatasetRecordError | undefined> {
    for (const declared of typed) {
        const value = checkableForm(values[declared.name]);
        for (const place of annotatedPlaces(declared.schema, value)) {
            const records = place.schema['x-weft-records'];
            const handle = place.value as { $weft?: unknown; path?: unknown };
            if (records === undefined || handle.$weft !== 'dataset' || typeof handle.path !== 'string') continue;
            const file = path.resolve(root, handle.path);
            const dataset = `${kind} ${declared.name}${place.at}`;
            let mismatch;
            try {
                mismatch = await checkDatasetRecords(file, declared.schema, records as PlanSchema, signal);
            } catch (error) {
                if (signal?.aborted) throw error;
                return new DatasetRecordError(task, dataset, file, -1, 0, '', 'a readable JSON Lines file', `a file that cannot be read (${error instanceof Error ? error.message : String(error)})`);
            }
            if (mismatch) return new DatasetRecordError(task, dataset, file, mismatch.record, mismatch.line, mismatch.at, mismatch.expected, mismatch.found);
        }
    }
    return undefined;
}

/** Everything checked before a task's step runs: values, dimensions, clauses, then the records of its datasets. */
export async function checkStepInputs(task: string, step: StepBoundary, inputs: Readonly<Record<string, unknown>>, root: string, signal?: AbortSignal): Promise<StepContractError | undefined> {
    return inputsMismatch(task, step, inputs) ?? await datasetRecordsMismatch(task, 'input', step.inputs, inputs, root, signal);
}

/** Everything checked of what a task's step returned: values, dimensions (with the inputs'), then the records of its datasets. */
export async function checkStepOutputs(
    task: string, step: StepBoundary, inputs: Readonly<Record<string, unknown>>, outputs: Readonly<Record<string, unknown>>, root: string, signal?: AbortSignal,
): Promise<StepContractError | undefined> {
    return outputsMismatch(task, step.outputs, outputs, { types: step.inputs, values: inputs })
        ?? await datasetRecordsMismatch(task, 'output', step.outputs, outputs, root, signal);
}

function addDimensions(dimensions: TaskDimensions, typed: PlanTyped, value: unknown) {
    for (const place of annotatedPlaces(typed.schema, value)) {
        if (place.schema['x-weft-shape'] === undefined) continue;
        const conflict = dimensions.add(typed.name, place.at, place.schema, place.value);
        if (conflict) return conflict;
    }
    return undefined;
}

/** The first clause that is not `true` over the inputs and dimensions, quoting it with the values it names. */
function clauseMismatch(task: string, clauses: readonly PlanClause[], inputs: Readonly<Record<string, unknown>>, dimensions: Readonly<Record<string, number>>): WhereClauseError | undefined {
    const scope = {
        parameters: {}, inputs, dimensions,
        output: (node: string) => { throw new Error(`a where clause cannot read the output of ${node}`); },
        artifact: (name: string) => { throw new Error(`a where clause cannot read the artifact ${name}`); },
    };
    for (const clause of clauses) {
        let holds: unknown;
        try {
            holds = evaluate(clause.expression, scope);
        } catch (error) {
            return new WhereClauseError(task, clause.text, `it cannot be evaluated (${error instanceof Error ? error.message : String(error)})`, clause.source);
        }
        if (holds === true) continue;
        const named = namesIn(clause.expression);
        const values = named.map(([kind, name]) => `${name} = ${shown(kind === 'input' ? inputs[name] : dimensions[name])}`);
        return new WhereClauseError(task, clause.text, values.length === 0 ? 'it is false' : `it is false for ${values.join(', ')}`, clause.source);
    }
    return undefined;
}

/** The inputs and dimensions an expression names, in order. */
function namesIn(expression: PlanExpression): [kind: 'input' | 'dimension', name: string][] {
    const found: [kind: 'input' | 'dimension', name: string][] = [];
    const seen = new Set<string>();
    const visit = (current: PlanExpression): void => {
        switch (current.kind) {
            case 'input': case 'dimension':
                if (!seen.has(current.name)) { seen.add(current.name); found.push([current.kind, current.name]); }
                return;
            case 'member': return visit(current.receiver);
            case 'unary': return visit(current.operand);
            case 'binary': visit(current.left); return visit(current.right);
            case 'range': visit(current.value); visit(current.low); return visit(current.high);
            case 'call': return current.arguments.forEach(visit);
            case 'list': return current.elements.forEach(visit);
            case 'record': return Object.values(current.fields).forEach(visit);
            default: return;
        }
    };
    visit(expression);
    return found;
}

/** A value as a clause shows it: scalars and short lists as JSON, the rest described. */
function shown(value: unknown): string {
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
    const text = JSON.stringify(checkableForm(value));
    return text !== undefined && text.length <= 60 ? text : describeValue(value);
}
