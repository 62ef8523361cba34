import type { Executor } from './executor.js';
import { GvisorExecutor, type GvisorExecutorOptions } from './gvisor/gvisor-executor.js';
import { InlineExecutor, type InlineExecutorOptions } from './inline-executor.js';
import { ProcessExecutor, type ProcessExecutorOptions } from './process-executor.js';
import { KubernetesExecutor, type KubernetesExecutorOptions } from '../kubernetes/kubernetes-executor.js';

/** The executors a target can name (`runtime` in a sandbox target). */
export type ExecutorKind = 'inline' | 'process' | 'gvisor' | 'kubernetes';

/** Options for every kind; each executor reads the ones it knows. */
export interface CreateExecutorOptions extends InlineExecutorOptions, ProcessExecutorOptions, GvisorExecutorOptions {
    /** The targets, kubeconfig and local volume of a `kubernetes` executor. */
    readonly kubernetes?: Omit<KubernetesExecutorOptions, 'cacheDir'>;
}

/**
 * The executor of the given kind. `gvisor` throws `SandboxUnavailableError` at once when
 * sandboxes cannot be made here: nothing falls back to less isolation.
 */
export function createExecutor(kind: ExecutorKind, options: CreateExecutorOptions = {}): Executor {
    switch (kind) {
        case 'inline': return new InlineExecutor(options);
        case 'process': return new ProcessExecutor(options);
        case 'gvisor': return new GvisorExecutor(options);
        case 'kubernetes': {
            if (!options.kubernetes) throw new Error('the kubernetes executor needs its targets (options.kubernetes)');
            return new KubernetesExecutor({ ...options.kubernetes, ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }) });
        }
        default: {
            const unknown: never = kind;
            throw new Error(`unknown executor kind ${String(unknown)}; use inline, process, gvisor or kubernetes`);
        }
    }
}
