// Running plans: the engine, its public entry points and the errors they report.
export { runPipeline, type MocksFor, type RunOptions, type RunResult, type StepMock } from './run-pipeline.js';
export { resumeRun, type ResumeOptions, runTargets } from './resume-run.js';
export type { RunOutcome, TaskSummary } from './run-engine.js';
export { applyTransition, type TransitionDetails } from './task-lifecycle.js';
export { failureKind, retriesFailure } from './failure-kind.js';
export { KIND_LABELS } from './failure-record.js';
export * from './run-errors.js';
export { RunControl } from './run-control.js';
