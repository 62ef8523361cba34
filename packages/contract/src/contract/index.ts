// What generated code and step implementations build on: contracts, pipeline definitions, plans.
export * from './plan.js';
export { checkPlanVersion, PlanVersionError } from './plan-version.js';
export type { StepContext, StepLogger, StepSpan, StepTrace } from './step-context.js';
export {
    defineStep, implement, type ImplementedStep, type InputsOf, type OutputsOf, type StepContract, type StepImplementation,
} from './step-contract.js';
export { definePipeline, type ParametersOf, type PipelineDefinition, type PipelineOutputsOf } from './pipeline-definition.js';
