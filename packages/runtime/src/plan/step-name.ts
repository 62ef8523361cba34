import type { PlanCall, PlanNode } from '../contract/plan.js';

/** The name a node's task goes by in failures, lineage and pod names: its step, or the pipeline it calls. */
export function stepName(node: PlanNode): string {
    return calleeName(node.call);
}

/** The step or pipeline a call names. */
export function calleeName(call: PlanCall): string {
    return call.kind === 'step' ? call.step : call.pipeline;
}
