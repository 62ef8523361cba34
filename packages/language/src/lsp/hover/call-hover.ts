import type { StepCall } from '../../generated/ast.js';
import { matchArguments } from '../../helpers/call-arguments.js';
import type { WeftTypeComputer } from '../../typing/type-computer.js';
import { sourceText } from '../../helpers/source-text.js';

/** The arguments of a call as the callee receives them: each parameter with its argument or default. */
export function resolvedArguments(call: StepCall, types: WeftTypeComputer): string | undefined {
    const callee = call.callee?.ref;
    if (callee === undefined) return undefined;
    const match = matchArguments(callee.parameters ?? [], call.arguments ?? []);
    const rows = (callee.parameters ?? []).map(parameter => {
        const argument = match.bound.get(parameter);
        const type = types.expectedParameterType(call, parameter).toString();
        const value = argument !== undefined ? `\`${sourceText(argument.value)}\``
            : parameter.default !== undefined ? `\`${sourceText(parameter.default)}\` (default)` : '**missing**';
        return `| \`${parameter.name}\` | \`${type}\` | ${value} |`;
    });
    if (rows.length === 0) return undefined;
    return ['| parameter | type | argument |', '|---|---|---|', ...rows].join('\n');
}
