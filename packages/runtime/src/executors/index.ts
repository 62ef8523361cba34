export type { AttemptChannel, AttemptResult, AttemptSpec, Executor } from './executor.js';
export { type AnyStepImplementation, type ImplementationLoader, InlineExecutor, type InlineExecutorOptions } from './inline-executor.js';
