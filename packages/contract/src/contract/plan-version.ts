import { type CompiledPlan, READABLE_PLAN_VERSIONS } from './plan.js';
import { WeftError } from '../errors/weft-error.js';

/** A plan written for another plan format than this runtime reads. */
export class PlanVersionError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'plan-version';

    constructor(readonly found: unknown, readonly supported: readonly number[]) {
        super(found === undefined
            ? `this is not a Weft plan (it has no planVersion); regenerate it with \`weft generate\``
            : `the plan has version ${JSON.stringify(found)}, but this runtime reads versions ${listed(supported)}; regenerate it with a matching \`weft generate\``);
        this.name = 'PlanVersionError';
    }
}

/** Returns `value` as a plan if its `planVersion` is one this runtime reads; throws {@link PlanVersionError} otherwise. */
export function checkPlanVersion(value: unknown): CompiledPlan {
    const found = typeof value === 'object' && value !== null ? (value as { planVersion?: unknown }).planVersion : undefined;
    if (!(READABLE_PLAN_VERSIONS as readonly unknown[]).includes(found)) throw new PlanVersionError(found, READABLE_PLAN_VERSIONS);
    return value as CompiledPlan;
}

/** `2 and 3`, `1, 2 and 3`. */
function listed(versions: readonly number[]): string {
    return versions.length === 1 ? String(versions[0]) : `${versions.slice(0, -1).join(', ')} and ${versions[versions.length - 1]}`;
}
