import type { Executor } from './executor.js';
import { GvisorExecutor, type GvisorExecutorOptions } from './gvisor/gvisor-executor.js';
import { InlineExecutor, type InlineExecutorOptions } from './inline-executor.js';
import { ProcessExecutor, type ProcessExecutorOptions } from './process-executor.js';

/** The executors a target can name (`runtime` in a sandbox target). */
export type ExecutorKind = 'inline' | 'process' | 'gvisor';

/** Options for every kind; each executor reads the ones it knows. */
export interface CreateExecutorOptions extends InlineExecutorOptions, ProcessExecutorOptions, GvisorExecutorOptions {}

/**
 * The executor of the given kind. `gvisor` throws `SandboxUnavailableError` at once when
 * sandboxes cannot be made here: nothing falls back to less isolation.
 */
export function createExecutor(kind: ExecutorKind, options: CreateExecutorOptions = {}): Executor {
    switch (kind) {
        case 'inline': return new InlineExecutor(options);
        case 'process': return new ProcessExecutor(options);
        case 'gvisor': return new GvisorExecutor(options);
        default: {
            const unknown: never = kind;
            throw new Error(`unknown executor kind ${String(unknown)}; use inline, process or gvisor`);
        }
    }
}
