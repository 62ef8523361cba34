/**
 * The pod conventions of the Argo export: those shared with the Job builder come from
 * `../job-spec.ts` (one copy); the rest (names, the default volume, labels of a workflow) are Argo's own.
 */
import type { PlanTarget, PlanValue } from '../../contract/plan.js';
import type { ResourceRequest } from '../../scheduling/capacity.js';
import { DATA_MOUNT, LABELS, labelValue, PodConventionError, resourceRequirements } from '../job-spec.js';

// Shared with the Job builder: one copy of each convention.
export { BUNDLE_MOUNT, CONTAINER_NAME as STEP_CONTAINER, DATA_MOUNT, labelValue, PodConventionError, tolerationOf } from '../job-spec.js';
export { DEFAULT_STEP_IMAGE as DEFAULT_IMAGE } from '../../plan/targets.js';

/** The PVC when the target names no `volume`. */
export const DEFAULT_VOLUME = 'weft-data';

const MANAGED_BY_LABEL = LABELS.managedBy;
const PIPELINE_LABEL = 'weft.dev/pipeline';

/** `/weft/data/runs/<run>/<task>/<attempt>/`: one attempt's work folder on the shared volume. */
export function workDirOf(run: string, task: string, attempt: number | string): string {
    return `${DATA_MOUNT}/runs/${run}/${task}/${attempt}`;
}

/** Kubernetes resource quantities (the Job builder's limits): cpu as millicores, memory as `Mi`/`Gi` or bytes, gpus as `nvidia.com/gpu`. */
export function resourceQuantities(request: ResourceRequest): Record<string, string> {
    return resourceRequirements(request).limits ?? {};
}

/** The labels on everything Weft creates for a pipeline. */
export function weftLabels(pipeline: string): Record<string, string> {
    return { [MANAGED_BY_LABEL]: 'weft', [PIPELINE_LABEL]: labelValue(pipeline) };
}

/**
 * A DNS-1123 label (lower case, digits, `-`; at most `max` characters) for `text`:
 * `buildIndex` → `build-index`, `node_2` → `node-2`.
 */
export function dnsName(text: string, max = 63): string {
    const name = text
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-+/g, '-')
        .slice(0, max)
        .replace(/^-+|-+$/g, '');
    return name === '' ? 'x' : name;
}

/** A kubernetes target member that must be a string, or undefined when absent. */
export function stringMember(target: PlanTarget, name: string): string | undefined {
    const value: PlanValue | undefined = target.members[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new PodConventionError(`the target ${target.name} has a ${name} that is not a string: ${JSON.stringify(value)}`);
    return value;
}
