import { describe, expect, it } from 'vitest';
import type { PlanExpression } from '../../src/contract/plan.js';
import { evaluate, type EvaluationScope, ExpressionError } from '../../src/execution/expression-evaluator.js';

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
        expect(() => evaluate({ kind: 'binary', operator: '<', left: p('name'), right: lit(1) }, scope)).toThrow(/expected a number/);
        expect(() => evaluate({ kind: 'failure' }, { ...scope, failure: undefined } as EvaluationScope)).toThrow(/on failure/);
    });
});
