import * as path from 'node:path';
import type { CompiledPlan } from '../contract/plan.js';
import { Dataset } from '../handles/dataset.js';
import { Model } from '../handles/model.js';
import { evaluate, type EvaluationScope } from './expression-evaluator.js';
import { ArtifactUnavailableError, MissingParameterError, ParameterConstraintError, UnknownParameterError } from './run-errors.js';

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
 * name an earlier parameter or an artifact). Checks the pipeline's `where` clauses.
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
        if (given[parameter.name] !== undefined) bound[parameter.name] = given[parameter.name];
        else if (parameter.default !== undefined) bound[parameter.name] = evaluate(parameter.default, scope);
        else throw new MissingParameterError(plan.pipeline, parameter.name);
    }
    plan.where.forEach((clause, index) => {
        if (evaluate(clause.expression, scope) !== true) throw new ParameterConstraintError(plan.pipeline, index, bound);
    });
    return bound;
}
