import { type CompiledPlan, createExecutor, type Executor, type ExecutorKind, type GeneratedModules, kubernetesTargetOf, type PlanTarget } from '@weft/runtime';
import { UserError } from '../../errors.js';

export const executorKinds: readonly (ExecutorKind | 'kubernetes')[] = ['gvisor', 'process', 'inline', 'kubernetes'];

/** The target a run uses: the one named, or the pipeline's first. */
export function targetOf(plan: CompiledPlan, name: string | undefined): PlanTarget | undefined {
    if (name === undefined) return plan.targets[0];
    const target = plan.targets.find(candidate => candidate.name === name);
    if (!target) throw new UserError(`${plan.pipeline} has no target ${name}; its targets are: ${plan.targets.map(candidate => candidate.name).join(', ') || 'none'}`);
    return target;
}

/** The targets a run uses: those named (several only when all are kubernetes targets), or the pipeline's first. */
export function targetsOf(plan: CompiledPlan, names: readonly string[]): PlanTarget[] {
    if (names.length <= 1) {
        const target = targetOf(plan, names[0]);
        return target ? [target] : [];
    }
    const targets = names.map(name => targetOf(plan, name)!);
    const other = targets.find(target => target.kind !== 'kubernetes');
    if (other) throw new UserError(`several targets can share a run only when all are kubernetes targets; ${other.name} is a ${other.kind} target`);
    return targets;
}

/**
 * The executor for a target: its `runtime` (`"gvisor"`, the default of a sandbox target, or
 * `"process"`), unless `--executor` names one. Nothing falls back to less isolation: when the
 * kind cannot run here, the error says so. Bundles and artifacts go under the project's `.weft/`;
 * bundles take `generatedModules` (the run's generated contracts) from memory.
 */
export async function executorFor(targets: PlanTarget | readonly PlanTarget[] | undefined, override: string | undefined, stateFolder: string, generatedModules?: GeneratedModules): Promise<Executor> {
    const all = targets === undefined ? [] : Array.isArray(targets) ? targets as readonly PlanTarget[] : [targets as PlanTarget];
    const target = all[0];
    const kind = override ?? kindOf(target);
    if (!executorKinds.includes(kind as ExecutorKind | 'kubernetes')) throw new UserError(`unknown executor ${kind}; use ${executorKinds.join(', ')}`);
    try {
        if (kind === 'kubernetes') {
            const kubernetes = all.filter(each => each.kind === 'kubernetes').map(kubernetesTargetOf);
            if (kubernetes.length === 0) throw new Error('the run has no kubernetes target');
            // Loaded on demand: @kubernetes/client-node takes ~0.7 s to import. The kubeconfig is the usual one: KUBECONFIG, else ~/.kube/config.
            const { KubernetesExecutor } = await import('@weft/runtime/kubernetes');
            return new KubernetesExecutor({ cacheDir: stateFolder, targets: kubernetes, ...(generatedModules ? { generatedModules } : {}) });
        }
        return createExecutor(kind as ExecutorKind, { cacheDir: stateFolder, ...(generatedModules ? { generatedModules } : {}) });
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const where = override === undefined ? ` (the runtime of target ${target?.name ?? '(none)'})` : '';
        throw new UserError(`cannot run steps with the ${kind} executor${where}: ${reason}`, { cause: error });
    }
}

function kindOf(target: PlanTarget | undefined): string {
    if (!target) throw new UserError('the pipeline names no target; add `targets: [...]` to it, or pass --executor process');
    if (target.kind === 'kubernetes') return 'kubernetes';
    const runtime = target.members['runtime'];
    return typeof runtime === 'string' ? runtime : 'gvisor';
}
