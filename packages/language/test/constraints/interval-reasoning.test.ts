import { afterAll, describe, expect, test } from 'vitest';
import { decideByIntervals, meet, stridedInterval } from '../../src/constraints/interval-reasoning.js';
import {
    type Term, add, and, div, eq, ge, gt, intTerm, ite, le, lt, max, min, mod, mul, neg, not, or, sub, variable,
} from '../../src/constraints/terms.js';
import { evaluate } from '../../src/constraints/values.js';
import { disposeZ3, runZ3Query } from '../../src/constraints/z3-engine.js';

afterAll(disposeZ3);

const b = variable('b', 'int');
const bb = variable('bb', 'int');
const r = variable('r', 'int');
const flag = variable('flag', 'bool');
const range = (term: Term, low: number, high: number): Term => and(ge(term, intTerm(low)), le(term, intTerm(high)));
const gi = 1024n ** 3n;

describe('strided intervals', () => {
    test('tighten bounds to the congruence and meet by the Chinese remainder theorem', () => {
        expect(stridedInterval(8n, 512n, 16n, 0n)).toEqual({ lo: 16n, hi: 512n, modulus: 16n, residue: 0n });
        expect(stridedInterval(1n, 15n, 16n, 0n)).toBeUndefined();
        expect(meet(stridedInterval(undefined, undefined, 4n, 1n)!, stridedInterval(undefined, undefined, 6n, 3n)!)).toEqual({ modulus: 12n, residue: 9n });
        expect(meet(stridedInterval(undefined, undefined, 4n, 1n)!, stridedInterval(undefined, undefined, 6n, 2n)!)).toBeUndefined();
    });
});

describe('deciding without Z3', () => {
    test('proves a caller implies a callee through ranges and divisibility', () => {
        const assumptions = [and(range(b, 8, 512), eq(mod(b, intTerm(16)), intTerm(0))), eq(bb, mul(b, intTerm(2))), range(r, 1, 4)];
        const answer = decideByIntervals({ assumptions, tracked: [not(and(eq(mod(b, intTerm(8)), intTerm(0)), le(b, intTerm(600)), range(r, 1, 5)))] });
        expect(answer).toEqual({ status: 'unsat', core: [0] });
        // `bb == b * 2` carries b's bounds and stride over: bb is a multiple of 32 up to 1024.
        expect(decideByIntervals({ assumptions, tracked: [not(and(eq(mod(bb, intTerm(32)), intTerm(0)), le(bb, intTerm(1024))))] }))
            .toEqual({ status: 'unsat', core: [0] });
    });

    test('proves resources fit through products of bounded values', () => {
        const memory = mul(intTerm(8n * gi), r);
        const answer = decideByIntervals({ assumptions: [range(r, 1, 4)], tracked: [not(le(memory, intTerm(64n * gi)))] });
        expect(answer).toEqual({ status: 'unsat', core: [0] });
    });

    test('leaves to Z3 what it cannot prove', () => {
        // A real violation: b = 8 is allowed and breaks b % 16 == 0.
        expect(decideByIntervals({ assumptions: [range(b, 8, 512), eq(mod(b, intTerm(8)), intTerm(0))], tracked: [not(eq(mod(b, intTerm(16)), intTerm(0)))] })).toBeUndefined();
        // Needs relational reasoning (bb - 2b == 0), not intervals.
        expect(decideByIntervals({ assumptions: [eq(bb, mul(b, intTerm(2)))], tracked: [not(eq(mul(b, intTerm(2)), bb))] })).toBeUndefined();
        // Core minimisation and several tracked clauses stay with Z3 (their cores are Z3's).
        expect(decideByIntervals({ assumptions: [], tracked: [gt(b, intTerm(3)), lt(b, intTerm(2))], minimizeCore: true })).toBeUndefined();
        // A model is Z3's unless the asker says it does not need one.
        expect(decideByIntervals({ assumptions: [], tracked: [gt(b, intTerm(3))] })).toBeUndefined();
    });

    test('finds a witness when the model is not needed, and checks it exactly', () => {
        const tracked = [eq(mod(b, intTerm(8)), intTerm(0)), le(b, intTerm(600)), range(r, 1, 6)];
        const answer = decideByIntervals({ assumptions: [], tracked, minimizeCore: true, needsModel: false });
        expect(answer?.status).toBe('sat');
        if (answer?.status !== 'sat') return;
        for (const term of tracked) expect(evaluate(term, answer.model)).toEqual({ op: 'bool', value: true });
        // x / 0 is Z3's choice: no witness is accepted through it.
        expect(decideByIntervals({ assumptions: [], tracked: [eq(div(b, sub(r, r)), intTerm(1))], minimizeCore: true, needsModel: false })).toBeUndefined();
    });

    test('assumptions that contradict each other make any violation unsat, as Z3 says', () => {
        expect(decideByIntervals({ assumptions: [gt(b, intTerm(5)), lt(b, intTerm(3))], tracked: [gt(r, intTerm(0))] })).toEqual({ status: 'unsat', core: [0] });
        expect(decideByIntervals({ assumptions: [eq(mod(b, intTerm(4)), intTerm(7))], tracked: [gt(r, intTerm(0))] })).toEqual({ status: 'unsat', core: [0] });
    });
});

describe('agreement with Z3', () => {
    // Random small problems over the operators the encoder emits: every decision must be Z3's.
    test('every decision on random problems is the answer Z3 gives', async () => {
        let seed = 12345;
        const random = (n: number): number => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed % n;
        };
        const variables = [b, bb, r];
        const constant = (): Term => intTerm(random(41) - 20);
        const arith = (depth: number): Term => {
            const choice = random(depth <= 0 ? 2 : 10);
            if (choice === 0) return variables[random(3)]!;
            if (choice === 1) return constant();
            const [x, y] = [arith(depth - 1), arith(depth - 1)];
            switch (choice) {
                case 2: return add(x, y);
                case 3: return sub(x, y);
                case 4: return mul(x, random(2) ? y : constant());
                case 5: return mod(x, intTerm(random(9) + 1));
                case 6: return div(x, intTerm(random(9) - 4 || 3));
                case 7: return random(2) ? min(x, y) : max(x, y);
                case 8: return neg(x);
                default: return ite(lt(x, y), x, y);
            }
        };
        const atom = (depth: number): Term => {
            const [x, y] = [arith(depth), arith(depth)];
            switch (random(6)) {
                case 0: return lt(x, y);
                case 1: return le(x, y);
                case 2: return eq(x, y);
                case 3: return eq(mod(variables[random(3)]!, intTerm(random(12) + 1)), intTerm(random(6)));
                case 4: return range(variables[random(3)]!, random(30) - 10, random(60) - 10);
                default: return random(2) ? flag : not(flag);
            }
        };
        const formula = (depth: number): Term => {
            switch (random(5)) {
                case 0: return and(atom(depth), atom(depth));
                case 1: return or(atom(depth), atom(depth));
                case 2: return not(atom(depth));
                default: return atom(depth);
            }
        };
        let decided = 0;
        for (let round = 0; round < 300; round++) {
            const assumptions = Array.from({ length: random(4) }, () => formula(2));
            const violation = { assumptions, tracked: [formula(2)] };
            const clauses = { assumptions, tracked: [formula(2), formula(1)], minimizeCore: true, needsModel: false };
            for (const query of [violation, clauses]) {
                const answer = decideByIntervals(query);
                if (answer === undefined) continue;
                decided++;
                const truth = await runZ3Query(query, 2000);
                expect(answer.status, JSON.stringify(query, (_, value) => typeof value === 'bigint' ? value.toString() : value)).toBe(truth.status);
                if (answer.status === 'unsat' && truth.status === 'unsat') expect(answer.core).toEqual(truth.core);
            }
        }
        expect(decided).toBeGreaterThan(50);
    }, 120_000);
});
