// The parameter lines of a built artifact's `--help`: each parameter's type, and its default as
// the user would write it.
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanParameter } from '@weft/runtime';
import { parameterHelp } from '../../../src/commands/build/launcher/parameter-help.js';

function plan(parameters: readonly PlanParameter[]): CompiledPlan {
    return { planVersion: 3, pipeline: 'train', source: { file: 'train.weft', line: 1 }, parameters, outputs: [], where: [], nodes: [], artifacts: [], targets: [] };
}

const typed = (name: string, type: string, value?: PlanParameter['default']): PlanParameter => ({ name, type, schema: {}, ...(value ? { default: value } : {}) });

describe('parameterHelp', () => {
    it('lists each parameter with its type and its default, quantities in their units, required ones as such', () => {
        expect(parameterHelp(plan([
            typed('epochs', 'int'),
            typed('lr', 'float', { kind: 'literal', value: 0.0003 }),
            typed('note', 'string', { kind: 'literal', value: 'first try' }),
            typed('wait', 'duration', { kind: 'quantity', unit: 'duration', value: 90_000 }),
            typed('memory', 'memory', { kind: 'quantity', unit: 'memory', value: 512 * 2 ** 20 }),
            typed('shift', 'int', { kind: 'unary', operator: '-', operand: { kind: 'literal', value: 2 } }),
            typed('data', 'Dataset<Row>', { kind: 'artifact', name: 'rows' }),
            typed('half', 'float', { kind: 'binary', operator: '/', left: { kind: 'parameter', name: 'lr' }, right: { kind: 'literal', value: 2 } }),
        ]))).toBe([
            '',
            'Parameters of train:',
            '  --param epochs=<int>         (required)',
            '  --param lr=<float>           (default 0.0003)',
            '  --param note=<string>        (default "first try")',
            '  --param wait=<duration>      (default 90s)',
            '  --param memory=<memory>      (default 512Mi)',
            '  --param shift=<int>          (default -2)',
            '  --param data=<Dataset<Row>>  (default rows)',
            '  --param half=<float>         (default computed)',
            '',
        ].join('\n'));
    });

    it('says so when the pipeline takes no parameters', () => {
        expect(parameterHelp(plan([]))).toBe('\ntrain takes no parameters.\n');
    });
});
