/**
 * The small translations every Weft pod shares, whether a Job runs it or Argo does:
 * quantities, tolerations, labels, names and mount points. Keep them in step with the Job
 * builder's copy (docs/argo.md, "Pod conventions").
 */
import type { PlanTarget, PlanValue } from '../../contract/plan.js';
import type { ResourceRequest } from '../../scheduling/capacity.js';

/** The one container of a step's pod. */
export const STEP_CONTAINER = 'step';
/** The image when neither the step nor the target names one. */
export const DEFAULT_IMAGE = 'node:22-bookworm-slim';
/** Where the step bundle and the worker entry are mounted (a ConfigMap). */
export const BUNDLE_MOUNT = '/weft/bundle';
/** Where the shared ReadWriteMany volume is mounted: artifacts and work folders. */
export const DATA_MOUNT = '/weft/data';
/** The PVC when the target names no `volume`. */
export const DEFAULT_VOLUME = 'weft-data';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const PIPELINE_LABEL = 'weft.dev/pipeline';

/** `/weft/data/runs/<run>/<task>/<attempt>/`: one attempt's work folder on the shared volume. */
export function workDirOf(run: string, task: string, attempt: number | string): string {
    return `${DATA_MOUNT}/runs/${run}/${task}/${attempt}`;
}

/** Kubernetes resource quantities: cpu as millicores (`"500m"`), memory in bytes, gpus as `nvidia.com/gpu`. */
export function resourceQuantities(request: ResourceRequest): Record<string, string> {
    return {
        ...(request.cpu > 0 ? { cpu: `${Math.ceil(request.cpu)}m` } : {}),
        ...(request.memory > 0 ? { memory: `${Math.ceil(request.memory)}` } : {}),
        ...(request.gpu > 0 ? { 'nvidia.com/gpu': `${Math.ceil(request.gpu)}` } : {}),
    };
}

export interface Toleration {
    readonly key: string;
    readonly operator: 'Equal' | 'Exists';
    readonly value?: string;
    readonly effect?: string;
}

const effects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** A target that does not say what a pod needs in a form Kubernetes accepts. */
export class PodConventionError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'PodConventionError';
    }
}

/** A pool taint `key=value:Effect`, `key:Effect` or `key` as the toleration that admits it. */
export function tolerationOf(taint: string): Toleration {
    const match = /^([^=:]+)(?:=([^:]*))?(?::(.+))?$/.exec(taint.trim());
    if (!match) throw new PodConventionError(`the taint ${JSON.stringify(taint)} is not key=value:Effect`);
    const [, key, value, effect] = match;
    if (effect !== undefined && !effects.includes(effect)) {
        throw new PodConventionError(`the taint ${JSON.stringify(taint)} has the effect ${effect}; expected one of ${effects.join(', ')}`);
    }
    return {
        key: key!,
        operator: value === undefined ? 'Exists' : 'Equal',
        ...(value === undefined ? {} : { value }),
        ...(effect === undefined ? {} : { effect }),
    };
}

/** The labels on everything Weft creates for a pipeline. */
export function weftLabels(pipeline: string): Record<string, string> {
    return { [MANAGED_BY_LABEL]: 'weft', [PIPELINE_LABEL]: labelValue(pipeline) };
}

/** A label value: at most 63 characters of `[A-Za-z0-9._-]`, alphanumeric at both ends. */
export function labelValue(text: string): string {
    return text.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
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
