import * as path from 'node:path';
import { Dataset, File, Model, type CompiledPlan } from '@weft/runtime';
import { UserError } from '../../errors.js';

/**
 * `--param k=v` values, typed by the plan: a `Dataset`, `Model` or `File` parameter takes a path
 * (relative to the working directory), a `string` takes the text as is, anything else is JSON
 * (`3`, `0.5`, `true`, `[1,2]`, `"staging"`) or, failing that, the text.
 */
export function parseParameters(plan: CompiledPlan, given: readonly string[], cwd: string): Record<string, unknown> {
    const parameters: Record<string, unknown> = {};
    for (const pair of given) {
        const equals = pair.indexOf('=');
        if (equals <= 0) throw new UserError(`--param ${pair}: expected name=value`);
        const name = pair.slice(0, equals);
        const text = pair.slice(equals + 1);
        const declared = plan.parameters.find(parameter => parameter.name === name);
        if (!declared) {
            throw new UserError(`${plan.pipeline} has no parameter ${name}; its parameters are: ${plan.parameters.map(parameter => parameter.name).join(', ') || 'none'}`);
        }
        parameters[name] = valueOf(declared.type, text, cwd);
    }
    return parameters;
}

function valueOf(type: string, text: string, cwd: string): unknown {
    if (type.startsWith('Dataset<') || type === 'Dataset') return new Dataset(path.resolve(cwd, text));
    if (type.startsWith('Model<') || type === 'Model') return new Model(path.resolve(cwd, text));
    if (type === 'File') return new File(path.resolve(cwd, text));
    if (type === 'string') return text;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}
