import { describe, expect, it } from 'vitest';
import type { PlanExpression } from '../../src/contract/plan.js';
import { evaluate, type EvaluationScope, ExpressionError } from '../../src/plan/expression-evaluator.js';

const scope: EvaluationScope = {
    parameters: { alpha: 2, name: 'x', items: [1, 2, 3] },
    output: node => { if (node === 'e') return { metrics: { accuracy: 0.9 } }; throw new Error(`no ${node}`); },
    artifact: name => ({ artifact: name }),
    failure: { step: 'train', message: 'boom', attempts: 3 },
};
const p = (name: string): PlanExpression => ({ kind: 'parameter', name });
const lit = (value: number | string | boolean): PlanExpression => ({ kind: 'literal', value });

describe('evaluate', () => {
    it('reads parameters, upstream outputs, members and the failure record', () => {
        expect(evaluate({ kind: 'member', receiver: { kind: 'output', node: 'e', output: 'metrics' }, name: 'accuracy' }, scope)).toBe(0.9);
        expect(evaluate({ kind: 'member', receiver: { kind: 'failure' }, name: 'step' }, scope)).toBe('train');
        expect(evaluate({ kind: 'artifact', name: 'reviews' }, scope)).toEqual({ artifact: 'reviews' });
    });

    it('computes arithmetic, comparisons, ranges and calls', () => {
        expect(evaluate({ kind: 'binary', operator: '*', left: p('alpha'), right: lit(3) }, scope)).toBe(6);
        expect(evaluate({ kind: 'binary', operator: '+', left: p('name'), right: lit('y') }, scope)).toBe('xy');
        expect(evaluate({ kind: 'range', value: p('alpha'), low: lit(1), high: lit(5) }, scope)).toBe(true);
        expect(evaluate({ kind: 'call', function: 'len', arguments: [p('items')] }, scope)).toBe(3);
        expect(evaluate({ kind: 'call', function: 'max', arguments: [p('alpha'), lit(7)] }, scope)).toBe(7);
        expect(evaluate({ kind: 'unary', operator: '!', operand: { kind: 'binary', operator: '>=', left: p('alpha'), right: lit(2) } }, scope)).toBe(false);
    });

    it('short-circuits && so a guard protects the right side', () => {
        const guarded: PlanExpression = { kind: 'binary', operator: '&&', left: lit(false), right: p('missing') };
        expect(evaluate(guarded, scope)).toBe(false);
    });

    it('throws an ExpressionError for a missing value or a wrong type', () => {
        expect(() => evaluate(p('missing'), scope)).toThrow(ExpressionError);
        const compare: PlanExpression = { kind: 'binary', operator: '<', left: p('name'), right: lit(1) };
        expect(() => evaluate(compare, scope)).toThrow(new ExpressionError(compare, '`<` needs a number, found "x" (a string)'));
        expect(() => evaluate({ kind: 'failure' }, { ...scope, failure: undefined } as EvaluationScope)).toThrow(/on failure/);
    });

    it('names the operation and the value for every wrong type, even values JSON cannot print', () => {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        const odd: EvaluationScope = { ...scope, parameters: { cyclic, list: [1, 2], flag: true } };
        const cases: [PlanExpression, string][] = [
            [{ kind: 'binary', operator: '*', left: p('cyclic'), right: lit(2) }, '`*` needs a number, found a record'],
            [{ kind: 'binary', operator: '&&', left: p('list'), right: lit(true) }, '`&&` needs a bool, found a list of 2'],
            [{ kind: 'unary', operator: '-', operand: p('flag') }, '`-` needs a number, found true (a bool)'],
            [{ kind: 'range', value: lit('a'), low: lit(0), high: lit(1) }, 'a range needs a number, found "a" (a string)'],
            [{ kind: 'call', function: 'min', arguments: [p('flag'), lit(1)] }, '`min` needs a number, found true (a bool)'],
            [{ kind: 'call', function: 'len', arguments: [lit(3)] }, '`len` needs a list, string or map, found 3 (an int)'],
            [{ kind: 'member', receiver: lit(3), name: 'x' }, '3 (an int) has no member x'],
            [{ kind: 'shrug' } as unknown as PlanExpression, 'unknown expression kind shrug'],
        ];
        for (const [expression, message] of cases) {
            expect(() => evaluate(expression, odd), message).toThrow(new ExpressionError(expression, message));
        }
    });
});
