import { type CompiledPlan, PLAN_VERSION } from './plan.js';
import { WeftError } from '../errors/weft-error.js';

/** A plan written for another plan format than this runtime reads. */
export class PlanVersionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'plan-version';

    constructor(readonly found: unknown, readonly supported: number) {
        super(found === undefined
            ? `this is not a Weft plan (it has no planVersion); regenerate it with \`weft generate\``
            : `the plan has version ${JSON.stringify(found)}, but this runtime reads version ${supported}; regenerate it with a matching \`weft generate\``);
        this.name = 'PlanVersionError';
    }
}

/** Returns `value` as a plan if its `planVersion` is the one this runtime reads; throws {@link PlanVersionError} otherwise. */
export function checkPlanVersion(value: unknown): CompiledPlan {
    const found = typeof value === 'object' && value !== null ? (value as { planVersion?: unknown }).planVersion : undefined;
    if (found !== PLAN_VERSION) throw new PlanVersionError(found, PLAN_VERSION);
    return value as CompiledPlan;
}
