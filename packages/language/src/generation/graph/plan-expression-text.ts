import type { PlanExpression } from '@weft/contract';

/** A plan expression written back roughly as Weft: `e.metrics.accuracy >= threshold`. */
export function expressionText(expression: PlanExpression): string {
    switch (expression.kind) {
        case 'literal': return typeof expression.value === 'string' ? JSON.stringify(expression.value) : String(expression.value);
        case 'quantity': return quantityText(expression.unit, expression.value);
        case 'parameter':
        case 'input':
        case 'artifact':
        case 'variable':
        case 'dimension': return expression.name;
        case 'output': return expression.output === undefined ? expression.node : `${expression.node}.${expression.output}`;
        case 'failure': return 'failure';
        case 'member': return `${expressionText(expression.receiver)}.${expression.name}`;
        case 'unary': return `${expression.operator}${expressionText(expression.operand)}`;
        case 'binary': return `${expressionText(expression.left)} ${expression.operator} ${expressionText(expression.right)}`;
        case 'range': return `${expressionText(expression.value)} in ${expressionText(expression.low)}..${expressionText(expression.high)}`;
        case 'call': return `${expression.function}(${expression.arguments.map(expressionText).join(', ')})`;
        case 'list': return `[${expression.elements.map(expressionText).join(', ')}]`;
        case 'record': return `{ ${Object.entries(expression.fields).map(([name, value]) => `${name}: ${expressionText(value)}`).join(', ')} }`;
    }
}

/** A quantity in the largest unit that divides it: `512Mi`, `2h`, `500m`, `2` (cores). */
function quantityText(unit: 'memory' | 'duration' | 'cpu', value: number): string {
    const units: readonly (readonly [string, number])[] = unit === 'memory'
        ? [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]]
        : unit === 'duration'
            ? [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]]
            : [['', 1000], ['m', 1]];
    for (const [suffix, factor] of units) {
        if (value !== 0 && value % factor === 0) return `${value / factor}${suffix}`;
    }
    return `${value}${units[units.length - 1]![0]}`;
}
