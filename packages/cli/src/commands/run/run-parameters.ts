import {
    bindParameters, type CompiledPlan, MissingParameterError, ParameterConstraintError, ParameterTypeError, shortValue, UnknownParameterError,
} from '@weft/runtime';
import { UserError } from '../../errors.js';
import { valueFromText } from './parameter-text.js';

/**
 * `--param k=v` values, each read by its parameter's declared type (parameter-text.ts). A
 * malformed pair, an unknown or repeated name, or text that cannot be read as the type is a
 * usage error naming the `--param` (`--param n=seven: n is an int, and "seven" is not one`).
 * `root` is the folder the plan's artifacts are relative to.
 */
export function parseParameters(plan: CompiledPlan, given: readonly string[], cwd: string, root: string): Record<string, unknown> {
    const parameters: Record<string, unknown> = {};
    const pairs = new Map<string, string>();
    for (const pair of given) {
        const equals = pair.indexOf('=');
        if (equals <= 0) throw new UserError(`--param ${pair}: expected name=value`);
        const name = pair.slice(0, equals);
        const declared = plan.parameters.find(parameter => parameter.name === name);
        if (!declared) throw new UnknownParameterError(plan.pipeline, name, plan.parameters.map(parameter => parameter.name));
        if (pairs.has(name)) throw new UserError(`--param ${pair}: ${name} is given twice (also --param ${pairs.get(name)})`);
        pairs.set(name, pair);
        try {
            parameters[name] = valueFromText(declared, pair.slice(equals + 1), { plan, cwd, root });
        } catch (error) {
            throw asParameterUserError(error, pairs);
        }
    }
    return parameters;
}

/**
 * Parses the `--param` values and checks every parameter (given and defaults) against its type
 * and the pipeline's `where` clauses, as the run will: a refusal is a usage error before
 * anything is recorded. Returns the parsed values, for `runPipeline`.
 */
export function checkedParameters(plan: CompiledPlan, given: readonly string[], cwd: string, root: string): Record<string, unknown> {
    const parameters = parseParameters(plan, given, cwd, root);
    const pairs = new Map(given.map(pair => [pair.slice(0, pair.indexOf('=')), pair]));
    try {
        bindParameters(plan, parameters, root);
    } catch (error) {
        throw asParameterUserError(error, pairs);
    }
    return parameters;
}

/** A parameter refusal as one line, naming the `--param` a value came from (`pairs`: name → `name=text`). */
function asParameterUserError(error: unknown, pairs: ReadonlyMap<string, string>): unknown {
    if (error instanceof ParameterTypeError) {
        const pair = pairs.get(error.parameter);
        return new UserError(pair === undefined ? error.message : `--param ${pair}: ${error.detail}`, { cause: error });
    }
    if (error instanceof ParameterConstraintError) {
        const names = Object.keys(error.values);
        const subject = names.length === 0 ? 'the parameters' : names.map(name => {
            const pair = pairs.get(name);
            return pair === undefined ? `${name} = ${shortValue(error.values[name])}` : `--param ${pair}`;
        }).join(', ');
        return new UserError(`${subject} ${error.predicate}`, { cause: error });
    }
    if (error instanceof MissingParameterError) return new UserError(`${error.message}; give it with --param ${error.parameter}=…`, { cause: error });
    return error;
}
