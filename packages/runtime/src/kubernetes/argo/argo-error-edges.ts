import type { CompiledPlan } from '../../contract/plan.js';

/**
 * What of a plan's typed error edges an Argo workflow cannot honour (docs/argo.md): Argo sees a
 * failed pod, not which declared error it raised, and cannot put other outputs in place of a
 * failed task's. The export goes on without them; these warnings say so.
 */
export function unhonouredErrorEdges(plan: CompiledPlan): string[] {
    const warnings: string[] = [];
    for (const node of plan.nodes) {
        if (node.handles?.error !== undefined) {
            warnings.push(`${node.id}: Argo runs this handler of ${(node.onFailureOf ?? []).join(', ')} on any failure, not only ${node.handles.error}`);
        } else if (node.handles?.except !== undefined) {
            warnings.push(`${node.id}: Argo runs this handler of ${(node.onFailureOf ?? []).join(', ')} on any failure, ${node.handles.except.join(', ')} too`);
        }
        if (node.recover !== undefined) {
            warnings.push(`${node.id}: Argo does not recover it: when it fails, what reads its outputs is skipped and the workflow fails`);
        }
    }
    return warnings;
}
