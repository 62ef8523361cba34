import type { PythonOptions } from '../executors/python-launch.js';
import type { WorkerExecutorOptions } from '../executors/worker-attempt.js';
import type { KubernetesTarget } from '../plan/targets.js';

/** How API calls are retried. */
export interface RetryPolicy {
    /** Tries in all (default 6). */
    readonly attempts?: number;
    /** The first wait; doubled after each try, with jitter (default 200 ms). */
    readonly baseDelayMs?: number;
}

/** A kubeconfig file, or its YAML; by default `KUBECONFIG`, else `~/.kube/config`. */
export type KubeconfigSource = { readonly file: string } | { readonly yaml: string } | undefined;

/** Python steps run on the image's `python3`: of the Python options, only the module path applies. */
export interface KubernetesExecutorOptions extends WorkerExecutorOptions, Pick<PythonOptions, 'pythonModulePath'> {
    /** The targets a run may place attempts on (the first when an attempt has no placement). */
    readonly targets: readonly KubernetesTarget[];
    readonly kubeconfig?: KubeconfigSource;
    /** Overrides every target's `localVolume` (where this machine sees the volume). */
    readonly localVolume?: string;
    /** Backoff for 409/429/5xx answers and lost connections. */
    readonly retry?: RetryPolicy;
}
