import { WeftError } from '@weft/contract/errors';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import planSchema from '@weft/contract/plan.schema.json' with { type: 'json' };
import type { CompiledPlan } from '../contract/plan.js';
import { checkPlanVersion, PlanVersionError } from '../contract/plan-version.js';

/** A plan read from outside this process (a file, the run store, an Argo binding) that is not one this runtime can run. */
export class PlanReadError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'plan-read';

    constructor(readonly origin: string, readonly reason: string, options?: ErrorOptions) {
        super(`${origin} is not a plan this runtime can run: ${reason}`, options);
        this.name = 'PlanReadError';
    }
}

let validatePlan: ValidateFunction | undefined;

/**
 * Parses and checks a plan that comes from outside this process: its version, then the plan's
 * JSON Schema (`@weft/contract/plan.schema.json`). This is the one check a plan gets; everything
 * downstream trusts it. `origin` names where it was read (a file, a stored run), for the message.
 */
export function readPlan(text: string, origin: string): CompiledPlan {
    return checkedPlan(parsed(text, origin), origin);
}

/**
 * A plan the run store kept, which a runtime ran before it stored it: only what can differ since
 * is checked — that it is JSON, of the version this runtime reads (a store outlives the weft that
 * wrote it). The schema is not compiled here (a quarter of a second of CPU), since `weft resume`
 * reads the plan before it claims the run.
 */
export function readStoredPlan(text: string, origin: string): CompiledPlan {
    return versionChecked(parsed(text, origin), origin);
}

/** {@link readPlan} for a plan already parsed as part of a larger document. */
export function checkedPlan(value: unknown, origin: string): CompiledPlan {
    versionChecked(value, origin);
    validatePlan ??= new Ajv2020({ strict: true, allErrors: false, allowUnionTypes: true, validateFormats: false }).compile(planSchema);
    if (!validatePlan(value)) throw new PlanReadError(origin, describe(validatePlan.errors?.[0]));
    return value as CompiledPlan;
}

function parsed(text: string, origin: string): unknown {
    try {
        return JSON.parse(text);
    } catch (error) {
        throw new PlanReadError(origin, `it is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
}

function versionChecked(value: unknown, origin: string): CompiledPlan {
    try {
        return checkPlanVersion(value);
    } catch (error) {
        if (error instanceof PlanVersionError) throw new PlanReadError(origin, error.message, { cause: error });
        throw error;
    }
}

function describe(error: ErrorObject | undefined): string {
    if (error === undefined) return 'it does not match the plan schema';
    return `${error.instancePath === '' ? 'the plan' : error.instancePath} ${error.message ?? 'does not match the plan schema'}`;
}
