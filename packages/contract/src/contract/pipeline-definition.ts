import { type CompiledPlan } from './plan.js';
import { checkPlanVersion } from './plan-version.js';

/** Carries a pipeline's parameter and output types (no value has this property). */
declare const pipelineTypes: unique symbol;

/**
 * A pipeline the runtime can run: its compiled plan, typed by its parameters (optional where
 * they have defaults) and its outputs.
 */
export interface PipelineDefinition<Parameters, Outputs> {
    readonly kind: 'pipeline';
    readonly name: string;
    readonly plan: CompiledPlan;
    readonly [pipelineTypes]?: (parameters: Parameters) => Outputs;
}

export type ParametersOf<Definition> = Definition extends PipelineDefinition<infer Parameters, unknown> ? Parameters : never;
export type PipelineOutputsOf<Definition> = Definition extends PipelineDefinition<never, infer Outputs> ? Outputs : never;

/** Used by generated code to declare a pipeline; throws `PlanVersionError` for a plan of another version. */
export function definePipeline<Parameters, Outputs>(plan: CompiledPlan): PipelineDefinition<Parameters, Outputs> {
    const checked = checkPlanVersion(plan);
    return Object.freeze({ kind: 'pipeline', name: checked.pipeline, plan: checked });
}
