// Running plans: the engine, its public entry points and the errors they report.
export { runPipeline, type MocksFor, type RunOptions, type RunResult, type StepMock } from './run-pipeline.js';
export { resumeRun, type ResumeOptions } from './resume-run.js';
export type { RunOutcome, TaskSummary } from './run-engine.js';
export { applyTransition, type TransitionDetails } from './task-lifecycle.js';
export { evaluate, type EvaluationScope, ExpressionError } from './expression-evaluator.js';
export { planGraph, remainingCriticalPath, PlanGraphError } from './plan-graph.js';
export {
    type AttemptFailure, AttemptTimeoutError, type FailureRecord, isCancellation, RunCancelledError, RunTimeoutError, UnschedulableTaskError,
} from './failure.js';
export * from './run-errors.js';
export { DatasetRecordError, InputMismatchError, OutputMismatchError, StepContractError, WhereClauseError } from './contract-errors.js';
export { inlineSubPipelines, mapExpression, SubPipelineError, type SubPlanLoader } from './inline-sub-pipelines.js';
export { RunControl } from './run-control.js';
