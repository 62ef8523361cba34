// Running plans: the engine, its public entry points and the errors they report.
export { runPipeline, type MocksFor, type RunOptions, type RunResult, type StepMock } from './run-pipeline.js';
export { resumeRun, type ResumeOptions } from './resume-run.js';
export type { RunOutcome, TaskSummary } from './run-engine.js';
export { applyTransition, type TransitionDetails } from './task-lifecycle.js';
export { evaluate, type EvaluationScope, ExpressionError } from './expression-evaluator.js';
export { planGraph, remainingCriticalPath, PlanGraphError } from './plan-graph.js';
export {
    type AttemptFailure, AttemptTimeoutError, type FailureKind, type FailureRecord, isCancellation, RunCancelledError, RunTimeoutError,
    StepCodeError, UnschedulableTaskError,
} from './failure.js';
export { failureKind, retriesFailure } from './failure-kind.js';
export { KIND_LABELS } from './failure-record.js';
export * from './run-errors.js';
export { DatasetRecordError, InputMismatchError, OutputMismatchError, StepContractError, WhereClauseError } from './contract-errors.js';
export { inlineSubPipelines, mapExpression, SubPipelineError, type SubPlanLoader } from './inline-sub-pipelines.js';
export { RunControl } from './run-control.js';
export { artifactResolver, bindParameters } from './bind-parameters.js';
export { typePhrase } from './parameter-check.js';
