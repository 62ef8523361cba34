import { afterAll, describe, expect, test } from 'vitest';
import { decideByIntervals, meet, stridedInterval } from '../../src/constraints/interval-reasoning.js';
import {
    type Term, add, and, div, eq, ge, gt, intTerm, ite, le, lt, max, min, mod, mul, ne, neg, not, or, rationalOfDecimal, realTerm, sub, variable,
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

    test('a clause the assumptions state is true, even when intervals cannot bound it', () => {
        const rows = variable('rows', 'int');
        const assumptions = [and(le(intTerm(8), b), le(b, rows)), eq(mod(rows, b), intTerm(0)), range(rows, 1, 400)];
        const callee = and(le(intTerm(1), b), le(b, rows), eq(mod(rows, b), intTerm(0)));
        expect(decideByIntervals({ assumptions, tracked: [not(callee)] })).toEqual({ status: 'unsat', core: [0] });
        // A clause and its negation together: no model.
        expect(decideByIntervals({ assumptions: [le(b, rows), not(le(b, rows))], tracked: [gt(r, intTerm(0))] })).toEqual({ status: 'unsat', core: [0] });
        // Only what is stated: b < rows does not follow from b <= rows.
        expect(decideByIntervals({ assumptions: [le(b, rows)], tracked: [not(lt(b, rows))] })).toBeUndefined();
    });

    test('assumptions that contradict each other make any violation unsat, as Z3 says', () => {
        expect(decideByIntervals({ assumptions: [gt(b, intTerm(5)), lt(b, intTerm(3))], tracked: [gt(r, intTerm(0))] })).toEqual({ status: 'unsat', core: [0] });
        expect(decideByIntervals({ assumptions: [eq(mod(b, intTerm(4)), intTerm(7))], tracked: [gt(r, intTerm(0))] })).toEqual({ status: 'unsat', core: [0] });
    });
});

const lr = variable('lr', 'real');
const momentum = variable('momentum', 'real');
const decimal = (text: string): Term => rationalOfDecimal(text)!;

describe('real bounds', () => {
    test('proves a caller implies a callee through strict and non-strict bounds', () => {
        const assumptions = [and(lt(realTerm(0n), lr), lt(lr, realTerm(1n)))];
        expect(decideByIntervals({ assumptions, tracked: [not(and(lt(realTerm(0n), lr), le(lr, realTerm(1n))))] })).toEqual({ status: 'unsat', core: [0] });
        expect(decideByIntervals({ assumptions, tracked: [or(le(lr, realTerm(0n)), ge(lr, realTerm(1n)))] })).toEqual({ status: 'unsat', core: [0] });
        // Bounds flow through linear terms and between variables.
        const chained = [ge(lr, decimal('3e-4')), le(momentum, mul(lr, decimal('0.5'))), le(lr, decimal('0.1'))];
        expect(decideByIntervals({ assumptions: chained, tracked: [gt(momentum, decimal('0.05'))] })).toEqual({ status: 'unsat', core: [0] });
    });

    test('leaves a real violation to Z3, and a boundary that strictness decides', () => {
        // lr = 1 is allowed by `lr <= 1` and breaks `lr < 1`.
        expect(decideByIntervals({ assumptions: [le(lr, realTerm(1n))], tracked: [not(lt(lr, realTerm(1n)))] })).toBeUndefined();
        // Not an interval fact: lr != 0.5 leaves both sides open.
        expect(decideByIntervals({ assumptions: [ne(lr, decimal('0.5'))], tracked: [eq(lr, decimal('0.5'))] })).toEqual({ status: 'unsat', core: [0] });
        expect(decideByIntervals({ assumptions: [ne(lr, decimal('0.5'))], tracked: [lt(lr, decimal('0.5'))] })).toBeUndefined();
    });

    test('finds a witness strictly inside open intervals, checked exactly', () => {
        const tracked = [lt(decimal('3e-4'), lr), lt(lr, decimal('0.0003001')), gt(momentum, lr)];
        const answer = decideByIntervals({ assumptions: [], tracked, minimizeCore: true, needsModel: false });
        expect(answer?.status).toBe('sat');
        if (answer?.status !== 'sat') return;
        for (const term of tracked) expect(evaluate(term, answer.model)).toEqual({ op: 'bool', value: true });
        // An empty open interval is not satisfiable; that is Z3's to say when the core matters.
        expect(decideByIntervals({ assumptions: [], tracked: [lt(realTerm(1n), lr), lt(lr, realTerm(1n))], minimizeCore: true, needsModel: false })).toBeUndefined();
    });
});

describe('agreement with Z3', () => {
    // Random small problems over the operators the encoder emits: every decision must be Z3's.
    test('every decision on random problems is the answer Z3 gives', async () => {
        // WEFT_INT_SEED and WEFT_INT_ROUNDS run longer campaigns (with an exact 32-bit generator).
        let seed = Number(process.env.WEFT_INT_SEED ?? 12345);
        const exact = process.env.WEFT_INT_SEED !== undefined;
        const random = (n: number): number => {
            if (exact) {
                seed = (seed + 0x6d2b79f5) | 0;
                let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
                t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
                return ((t ^ (t >>> 14)) >>> 0) % n;
            }
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
        const rounds = Number(process.env.WEFT_INT_ROUNDS ?? 300);
        for (let round = 0; round < rounds; round++) {
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
        if (process.env.WEFT_INT_ROUNDS !== undefined) console.log(`integer problems: ${decided} decided without Z3, all as Z3 says`);
        expect(decided).toBeGreaterThan(50);
    }, 600_000);

    // The same over reals (and integers seen as reals): strict and non-strict bounds, negations,
    // disjunctions, decimal constants. WEFT_REAL_SEED and WEFT_REAL_ROUNDS run longer campaigns.
    test('every decision on random real problems is the answer Z3 gives', async () => {
        let seed = Number(process.env.WEFT_REAL_SEED ?? 2024);
        const rounds = Number(process.env.WEFT_REAL_ROUNDS ?? 300);
        // mulberry32: exact in 32-bit integer arithmetic, so every seed gives its own sequence.
        const random = (n: number): number => {
            seed = (seed + 0x6d2b79f5) | 0;
            let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) % n;
        };
        const x = variable('x', 'real');
        const y = variable('y', 'real');
        const reals = [x, y, lr];
        const constants = ['0', '1', '0.5', '3e-4', '2', '0.25', '1.5', '10', '0.0003'];
        const constant = (): Term => {
            const choice = random(12);
            if (choice < constants.length) return random(4) === 0 ? neg(decimal(constants[choice]!)) : decimal(constants[choice]!);
            if (choice === 9) return realTerm(1n, 3n);
            if (choice === 10) return realTerm(BigInt(random(7) - 3));
            return intTerm(random(7) - 3);
        };
        const leaf = (): Term => random(4) === 0 ? constant() : random(6) === 0 ? b : reals[random(3)]!;
        const arith = (depth: number): Term => {
            const choice = random(depth <= 0 ? 2 : 9);
            if (choice === 0) return leaf();
            if (choice === 1) return constant();
            const [p, q] = [arith(depth - 1), arith(depth - 1)];
            switch (choice) {
                case 2: return add(p, q);
                case 3: return sub(p, q);
                case 4: return mul(p, constant());
                case 5: return random(3) === 0 ? div(p, q) : div(p, constant());
                case 6: return random(2) ? min(p, q) : max(p, q);
                case 7: return neg(p);
                default: return ite(lt(p, q), p, q);
            }
        };
        const bound = (term: Term): Term => {
            const [low, high] = [constant(), constant()];
            const lower = random(2) ? lt(low, term) : le(low, term);
            const upper = random(2) ? lt(term, high) : le(term, high);
            return random(4) === 0 ? lower : random(4) === 0 ? upper : and(lower, upper);
        };
        // Atoms recur (a callee repeating a caller's clause), including relational ones intervals cannot bound.
        const seen: Term[] = [];
        const atom = (depth: number): Term => {
            if (seen.length > 0 && random(5) === 0) return seen[random(seen.length)]!;
            const fresh = freshAtom(depth);
            seen.push(fresh);
            return fresh;
        };
        const freshAtom = (depth: number): Term => {
            switch (random(8)) {
                case 0: return lt(arith(depth), arith(depth));
                case 1: return le(arith(depth), arith(depth));
                case 2: return eq(arith(depth), arith(depth));
                case 3: return random(2) ? lt(reals[random(3)]!, reals[random(3)]!) : le(reals[random(3)]!, reals[random(3)]!);
                case 4: return random(3) ? range(b, random(10) - 3, random(10)) : eq(mod(b, intTerm(random(4) + 1)), intTerm(random(3)));
                default: return bound(random(5) === 0 ? arith(1) : reals[random(3)]!);
            }
        };
        const formula = (depth: number): Term => {
            switch (random(7)) {
                case 0: return and(atom(depth), atom(depth));
                case 1: return or(atom(depth), atom(depth));
                case 2: return not(atom(depth));
                case 3: return not(or(atom(depth), atom(depth)));
                case 4: return or(atom(depth), not(atom(depth)), atom(depth));
                default: return atom(depth);
            }
        };
        let decided = 0;
        let asked = 0;
        for (let round = 0; round < rounds; round++) {
            seen.length = 0;
            const assumptions = Array.from({ length: random(4) }, () => formula(1));
            const violation = { assumptions, tracked: [formula(1)] };
            const clauses = { assumptions, tracked: [formula(1), formula(0)], minimizeCore: true, needsModel: false };
            for (const query of [violation, clauses]) {
                asked++;
                const answer = decideByIntervals(query);
                if (answer === undefined) continue;
                decided++;
                const truth = await runZ3Query(query, 5000);
                expect(answer.status, JSON.stringify(query, (_, value) => typeof value === 'bigint' ? value.toString() : value)).toBe(truth.status);
                if (answer.status === 'unsat' && truth.status === 'unsat') expect(answer.core).toEqual(truth.core);
            }
        }
        if (process.env.WEFT_REAL_ROUNDS !== undefined) console.log(`real problems: ${decided} of ${asked} decided without Z3, all as Z3 says`);
        expect(decided).toBeGreaterThan(rounds / 4);
    }, 600_000);
});
