import type { CompiledPlan, PlanExpression } from '@weft/runtime';

/** The `--help` lines of a pipeline's parameters: each `--param` with its Weft type and default. */
export function parameterHelp(plan: CompiledPlan): string {
    if (plan.parameters.length === 0) return `\n${plan.pipeline} takes no parameters.\n`;
    const lines = plan.parameters.map(parameter => {
        const usage = `--param ${parameter.name}=<${parameter.type}>`;
        const fallback = parameter.default === undefined ? 'required' : `default ${defaultText(parameter.default)}`;
        return { usage, fallback };
    });
    const width = Math.max(...lines.map(line => line.usage.length));
    return `\nParameters of ${plan.pipeline}:\n${lines.map(line => `  ${line.usage.padEnd(width)}  (${line.fallback})\n`).join('')}`;
}

/** A default as the user would write it: literals and quantities as values, other expressions by kind. */
function defaultText(expression: PlanExpression): string {
    switch (expression.kind) {
        case 'literal': return typeof expression.value === 'string' ? JSON.stringify(expression.value) : String(expression.value);
        case 'quantity': return quantityText(expression.unit, expression.value);
        case 'parameter': return expression.name;
        case 'artifact': return expression.name;
        case 'unary': return expression.operator === '-' && expression.operand.kind === 'literal' ? `-${String(expression.operand.value)}` : 'computed';
        case 'list': return `[${expression.elements.map(defaultText).join(', ')}]`;
        default: return 'computed';
    }
}

function quantityText(unit: 'memory' | 'duration' | 'cpu', value: number): string {
    if (unit === 'cpu') return value % 1000 === 0 ? String(value / 1000) : `${value}m`;
    const units: readonly (readonly [string, number])[] = unit === 'memory'
        ? [['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]]
        : [['h', 3_600_000], ['m', 60_000], ['s', 1000]];
    const fit = units.find(([, size]) => value >= size && value % size === 0);
    return fit ? `${value / fit[1]}${fit[0]}` : `${value}${unit === 'memory' ? '' : 'ms'}`;
}
