// What a plan means, shared by every consumer (the engine, executors, the cache, Kubernetes, Argo):
// pure functions of a plan and its values, with no state and no I/O beyond reading artifacts' paths.
export { evaluate, type EvaluationScope, ExpressionError } from './expression-evaluator.js';
export { planGraph, remainingCriticalPath, PlanGraphError } from './plan-graph.js';
export {
    type AttemptFailure, AttemptTimeoutError, type FailureKind, type FailureRecord, isCancellation, RunCancelledError, RunTimeoutError,
    StepCodeError, UnschedulableTaskError,
} from './failure.js';
export * from './parameter-errors.js';
export { inlineSubPipelines, mapExpression, SubPipelineError, type SubPlanLoader } from './inline-sub-pipelines.js';
export { artifactResolver, bindParameters } from './bind-parameters.js';
export { typePhrase } from './parameter-check.js';
export { describeValue, mismatchOf, validatorOf, valueMismatch, type ValueMismatch } from './value-schema.js';
export { checkableForm } from './checkable-form.js';
export { elementTaskId } from './task-ids.js';
export { checkedPlan, PlanReadError, readPlan, readStoredPlan } from './read-plan.js';
export {
    chooseTargets, DEFAULT_STEP_IMAGE, type KubernetesPool, type KubernetesTarget, kubernetesTargetOf, type SandboxTarget, type Target, type TargetChoice, TargetChoiceError,
    TargetError, targetOf,
} from './targets.js';
