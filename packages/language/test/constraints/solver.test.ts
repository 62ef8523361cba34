import { afterAll, describe, expect, test } from 'vitest';
import { ConstraintSolver } from '../../src/constraints/constraint-solver.js';
import { add, and, eq, ge, gt, intTerm, le, lt, mod, mul, variable } from '../../src/constraints/terms.js';
import { disposeZ3 } from '../../src/constraints/z3-engine.js';

afterAll(disposeZ3);

const batch = variable('batch', 'int');
const accum = variable('accum', 'int');

describe('constraint solver', () => {
    test('finds a model for a satisfiable query', async () => {
        const solver = new ConstraintSolver();
        const answer = await solver.solve({ assumptions: [ge(batch, intTerm(1))], tracked: [eq(mul(batch, accum), intTerm(256)), eq(mod(batch, intTerm(8)), intTerm(4))] });
        expect(answer.status).toBe('sat');
        if (answer.status !== 'sat') return;
        const b = answer.model.get('batch');
        const a = answer.model.get('accum');
        expect(b?.op === 'int' && a?.op === 'int' && b.value * a.value === 256n && b.value % 8n === 4n).toBe(true);
    });

    test('returns a minimal unsat core', async () => {
        const solver = new ConstraintSolver();
        const answer = await solver.solve({
            assumptions: [],
            tracked: [gt(batch, intTerm(64)), gt(accum, intTerm(0)), lt(batch, intTerm(40)), le(batch, intTerm(32))],
            minimizeCore: true,
        });
        expect(answer.status).toBe('unsat');
        if (answer.status !== 'unsat') return;
        expect(answer.core.length).toBe(2);
        expect(answer.core).toContain(0);
        expect(answer.core).not.toContain(1);
    });

    test('answers constant queries without Z3 and caches by canonical form', async () => {
        const solver = new ConstraintSolver();
        await solver.solve({ assumptions: [], tracked: [eq(intTerm(1), intTerm(1))] });
        expect(solver.statistics.folded).toBe(1);
        const renamed = variable('other', 'int');
        const first = await solver.solve({ assumptions: [], tracked: [and(gt(batch, intTerm(3)), lt(batch, intTerm(5)))] });
        const second = await solver.solve({ assumptions: [], tracked: [and(gt(renamed, intTerm(3)), lt(renamed, intTerm(5)))] });
        expect(solver.statistics.solved).toBe(1);
        expect(solver.statistics.cached).toBe(1);
        expect(first.status === 'sat' && first.model.get('batch')).toEqual(intTerm(4));
        expect(second.status === 'sat' && second.model.get('other')).toEqual(intTerm(4));
    });

    test('starts a new Z3 after dispose', async () => {
        await disposeZ3();
        const answer = await new ConstraintSolver().solve({ assumptions: [], tracked: [gt(batch, intTerm(3))] });
        expect(answer.status).toBe('sat');
    });

    test('gives up with unknown after the timeout', async () => {
        const solver = new ConstraintSolver({ timeoutMilliseconds: 100 });
        const [x, y, z] = ['x', 'y', 'z'].map(name => variable(name, 'int')) as [ReturnType<typeof variable>, ReturnType<typeof variable>, ReturnType<typeof variable>];
        const cube = (v: typeof x) => mul(mul(v, v), v);
        const started = performance.now();
        const answer = await solver.solve({ assumptions: [gt(x, intTerm(0)), gt(y, intTerm(0)), gt(z, intTerm(0))], tracked: [eq(add(cube(x), cube(y)), cube(z))] });
        expect(answer.status).toBe('unknown');
        expect(performance.now() - started).toBeLessThan(1500);
    });
});
