import { describe, expect, it } from 'vitest';
import { checkPlanVersion, definePipeline, defineStep, implement, PlanVersionError, type CompiledPlan, type StepContext } from '../src/index.js';

const plan: CompiledPlan = {
    planVersion: 3, pipeline: 'p', source: { file: 'p.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes: [], artifacts: [], targets: [],
};

describe('plans', () => {
    it('accepts versions 3 and 2 and rejects others, naming the versions it reads and saying to regenerate', () => {
        expect(checkPlanVersion(plan)).toBe(plan);
        const versionTwo = { ...plan, planVersion: 2 };
        expect(checkPlanVersion(versionTwo)).toBe(versionTwo);
        for (const found of [1, 4, '3']) {
            const error = catchError(() => checkPlanVersion({ ...plan, planVersion: found }));
            expect(error).toBeInstanceOf(PlanVersionError);
            expect(error).toMatchObject({ code: 'plan-version', fault: 'user', found, supported: [2, 3] });
            expect(error.message).toBe(`the plan has version ${JSON.stringify(found)}, but this runtime reads versions 2 and 3; regenerate it with a matching \`weft generate\``);
        }
        const missing = catchError(() => checkPlanVersion({ pipeline: 'p' }));
        expect(missing).toBeInstanceOf(PlanVersionError);
        expect(missing.message).toBe('this is not a Weft plan (it has no planVersion); regenerate it with `weft generate`');
        expect(() => definePipeline({ ...plan, planVersion: 0 } as unknown as CompiledPlan)).toThrow(PlanVersionError);
        expect(definePipeline<{ a?: number }, { b: string }>(plan)).toEqual({ kind: 'pipeline', name: 'p', plan });
    });
});

function catchError(action: () => unknown): Error {
    try {
        action();
    } catch (error) {
        return error as Error;
    }
    throw new Error('expected an error');
}

describe('implement', () => {
    it('returns a callable implementation that carries its contract', async () => {
        const contract = defineStep<{ x: number }, { doubled: number }>({
            name: 'double', contractHash: 'sha256:00', implementation: { module: 'd.ts', export: 'double' }, inputs: ['x'], outputs: ['doubled'],
        });
        const double = implement(contract, async (inputs, ctx) => ({ doubled: inputs.x * 2 * ctx.attempt }));
        expect(double.contract).toBe(contract);
        expect(await double({ x: 21 }, { attempt: 1 } as StepContext)).toEqual({ doubled: 42 });
        expect(Object.isFrozen(contract)).toBe(true);
    });
});
