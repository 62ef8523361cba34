import { createExecutor, type Executor, type ExecutorKind, type GeneratedModules, type Target } from '@weft/runtime';
import { UserError } from '../../errors.js';

export const executorKinds: readonly (ExecutorKind | 'kubernetes')[] = ['gvisor', 'process', 'inline', 'kubernetes'];

/**
 * The executor for a run's targets: the first's `runtime` (`"gvisor"`, the default of a sandbox
 * target, or `"process"`), or the Kubernetes executor over all of them, unless `--executor` names
 * one. Nothing falls back to less isolation: when the kind cannot run here, the error says so.
 * Bundles and artifacts go under the project's `.weft/`; bundles take `generatedModules` (the
 * run's generated contracts) from memory; Python steps import from `pythonModulePath` (their generated contracts).
 */
export async function executorFor(targets: readonly Target[], override: string | undefined, stateFolder: string, generatedModules?: GeneratedModules,
    pythonModulePath: readonly string[] = []): Promise<Executor> {
    const target = targets[0];
    const kind = override ?? kindOf(target);
    if (!executorKinds.includes(kind as ExecutorKind | 'kubernetes')) throw new UserError(`unknown executor ${kind}; use ${executorKinds.join(', ')}`);
    try {
        if (kind === 'kubernetes') {
            const kubernetes = targets.filter(each => each.kind === 'kubernetes');
            if (kubernetes.length === 0) throw new Error('the run has no kubernetes target');
            // Loaded on demand: @kubernetes/client-node takes ~0.7 s to import. The kubeconfig is the usual one: KUBECONFIG, else ~/.kube/config.
            const { KubernetesExecutor } = await import('@weft/runtime/kubernetes');
            return new KubernetesExecutor({ cacheDir: stateFolder, targets: kubernetes, pythonModulePath, ...(generatedModules ? { generatedModules } : {}) });
        }
        return createExecutor(kind as ExecutorKind, { cacheDir: stateFolder, pythonModulePath, ...(generatedModules ? { generatedModules } : {}) });
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const where = override === undefined ? ` (the runtime of target ${target?.name ?? '(none)'})` : '';
        throw new UserError(`cannot run steps with the ${kind} executor${where}: ${reason}`, { cause: error });
    }
}

function kindOf(target: Target | undefined): string {
    if (!target) throw new UserError('the pipeline names no target; add `targets: [...]` to it, or pass --executor process');
    return target.kind === 'kubernetes' ? 'kubernetes' : target.runtime;
}
