import { type CompiledPlan, createExecutor, type Executor, type ExecutorKind, type PlanTarget } from '@weft/runtime';
import { UserError } from '../../errors.js';

export const executorKinds: readonly ExecutorKind[] = ['gvisor', 'process', 'inline'];

/** The target a run uses: the one named, or the pipeline's first. */
export function targetOf(plan: CompiledPlan, name: string | undefined): PlanTarget | undefined {
    if (name === undefined) return plan.targets[0];
    const target = plan.targets.find(candidate => candidate.name === name);
    if (!target) throw new UserError(`${plan.pipeline} has no target ${name}; its targets are: ${plan.targets.map(candidate => candidate.name).join(', ') || 'none'}`);
    return target;
}

/**
 * The executor for a target: its `runtime` (`"gvisor"`, the default of a sandbox target, or
 * `"process"`), unless `--executor` names one. Nothing falls back to less isolation: when the
 * kind cannot run here, the error says so. Bundles and artifacts go under the project's `.weft/`.
 */
export function executorFor(target: PlanTarget | undefined, override: string | undefined, stateFolder: string): Executor {
    const kind = override ?? kindOf(target);
    if (!executorKinds.includes(kind as ExecutorKind)) throw new UserError(`unknown executor ${kind}; use ${executorKinds.join(', ')}`);
    try {
        return createExecutor(kind as ExecutorKind, { cacheDir: stateFolder });
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const where = override === undefined ? ` (the runtime of target ${target?.name ?? '(none)'})` : '';
        throw new UserError(`cannot run steps with the ${kind} executor${where}: ${reason}`, { cause: error });
    }
}

function kindOf(target: PlanTarget | undefined): string {
    if (!target) throw new UserError('the pipeline names no target; add `targets: [...]` to it, or pass --executor process');
    if (target.kind !== 'sandbox') throw new UserError(`target ${target.name} is a ${target.kind} target; weft run runs sandbox targets only`);
    const runtime = target.members['runtime'];
    return typeof runtime === 'string' ? runtime : 'gvisor';
}
