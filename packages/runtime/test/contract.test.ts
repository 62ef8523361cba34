import { describe, expect, it } from 'vitest';
import { checkPlanVersion, definePipeline, defineStep, implement, PlanVersionError, type CompiledPlan, type StepContext } from '../src/index.js';

const plan: CompiledPlan = {
    planVersion: 2, pipeline: 'p', source: { file: 'p.weft', line: 1 }, parameters: [], outputs: [], where: [], nodes: [], artifacts: [], targets: [],
};

describe('plans', () => {
    it('accepts version 2 and rejects others, saying to regenerate', () => {
        expect(checkPlanVersion(plan)).toBe(plan);
        expect(() => checkPlanVersion({ ...plan, planVersion: 1 })).toThrow(new PlanVersionError(1, 2));
        expect(() => checkPlanVersion({ pipeline: 'p' })).toThrow('this is not a Weft plan');
        expect(() => definePipeline({ ...plan, planVersion: 0 } as unknown as CompiledPlan)).toThrow(PlanVersionError);
        expect(definePipeline<{ a?: number }, { b: string }>(plan)).toEqual({ kind: 'pipeline', name: 'p', plan });
    });
});

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
