export type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from './executor.js';
export { type AnyStepImplementation, type ImplementationLoader, InlineExecutor, type InlineExecutorOptions } from './inline-executor.js';
export { createExecutor, type CreateExecutorOptions, type ExecutorKind } from './create-executor.js';
export { ProcessExecutor, type ProcessExecutorOptions } from './process-executor.js';
export { GvisorExecutor, type GvisorExecutorOptions } from './gvisor/gvisor-executor.js';
export { formatBytes, type MemoryCeiling, OutOfMemoryError, PidsLimitError, SandboxUnavailableError } from './gvisor/sandbox-errors.js';
export { AllowListError } from './gvisor/allow-list.js';
export { BundleError, bundleStep, type StepBundle } from '../bundling/bundle-step.js';
export * from '../artifacts/index.js';
