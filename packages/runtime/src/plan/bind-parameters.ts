import * as path from 'node:path';
import type { CompiledPlan, PlanClause, PlanParameter } from '../contract/plan.js';
import { Dataset } from '../handles/dataset.js';
import { Model } from '../handles/model.js';
import { evaluate, type EvaluationScope, ExpressionError } from './expression-evaluator.js';
import { checkParameter, parametersRead, typePhrase } from './parameter-check.js';
import {
    ArtifactUnavailableError, MissingParameterError, ParameterConstraintError, ParameterTypeError, shortValue, UnknownParameterError,
} from './parameter-errors.js';

/** The handle of a plan artifact: its `file:` URI is relative to the `.weft` file that declares it. */
export function artifactResolver(plan: CompiledPlan, root: string): (name: string) => unknown {
    return name => {
        const artifact = plan.artifacts.find(candidate => candidate.name === name);
        if (!artifact) throw new ArtifactUnavailableError(name, 'the plan does not list it');
        const uri = artifact.members['uri'];
        if (typeof uri !== 'string' || !uri.startsWith('file:')) {
            throw new ArtifactUnavailableError(name, `this runtime opens only file: URIs, and its uri is ${JSON.stringify(uri)}`);
        }
        const file = path.resolve(root, path.dirname(artifact.source.file), uri.slice('file:'.length));
        return artifact.kind === 'dataset' ? new Dataset(file) : new Model(file);
    };
}

/**
 * The pipeline's parameters: those given, then defaults in declaration order (a default may
 * name an earlier parameter or an artifact). Every value, given or default, is checked against
 * its parameter's JSON Schema, then the pipeline's `where` clauses are checked: anything wrong
 * throws before a run starts (`UnknownParameterError`, `MissingParameterError`,
 * `ParameterTypeError`, `ParameterConstraintError`, `ArtifactUnavailableError`).
 */
export function bindParameters(plan: CompiledPlan, given: Readonly<Record<string, unknown>>, root: string): Record<string, unknown> {
    const known = plan.parameters.map(parameter => parameter.name);
    for (const name of Object.keys(given)) {
        if (!known.includes(name)) throw new UnknownParameterError(plan.pipeline, name, known);
    }
    const bound: Record<string, unknown> = {};
    const scope: EvaluationScope = {
        parameters: bound,
        output: node => { throw new Error(`a parameter default cannot read the output of ${node}`); },
        artifact: artifactResolver(plan, root),
    };
    for (const parameter of plan.parameters) {
        if (given[parameter.name] !== undefined) {
            checkParameter(plan, parameter, given[parameter.name], 'given');
            bound[parameter.name] = given[parameter.name];
        } else if (parameter.default !== undefined) {
            bound[parameter.name] = defaultOf(plan, parameter, scope);
            checkParameter(plan, parameter, bound[parameter.name], 'default');
        } else {
            throw new MissingParameterError(plan.pipeline, parameter.name, typePhrase(parameter));
        }
    }
    for (const clause of plan.where) checkClause(plan, clause, bound, scope);
    return bound;
}

function defaultOf(plan: CompiledPlan, parameter: PlanParameter, scope: EvaluationScope): unknown {
    try {
        return evaluate(parameter.default!, scope);
    } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        throw new ParameterTypeError(plan.pipeline, plan.source, parameter.name, `the default of ${parameter.name} cannot be evaluated: ${error.message}`);
    }
}

/** A clause that is not `true` on the bound parameters, or that cannot be evaluated on them, refuses the run. */
function checkClause(plan: CompiledPlan, clause: PlanClause, bound: Readonly<Record<string, unknown>>, scope: EvaluationScope): void {
    const read = Object.fromEntries([...parametersRead(clause.expression)].filter(name => Object.hasOwn(bound, name)).map(name => [name, bound[name]]));
    let holds: unknown;
    try {
        holds = evaluate(clause.expression, scope);
    } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        throw new ParameterConstraintError(plan.pipeline, clause, read, error.message);
    }
    if (holds !== true) throw new ParameterConstraintError(plan.pipeline, clause, read, typeof holds === 'boolean' ? undefined : `it gives ${shortValue(holds)}, not a bool`);
}
