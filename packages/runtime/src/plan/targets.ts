import type { PlanTarget, PlanValue } from '../contract/plan.js';
import type { ResourceRequest } from '../scheduling/capacity.js';

/** The image of steps that name none, on a target that names none either. */
export const DEFAULT_STEP_IMAGE = 'node:22-bookworm-slim';

/** A `pool NAME { cpu, memory, gpu, count, labels, taints }` of a kubernetes target; `node` is what one node offers. */
export interface KubernetesPool {
    readonly name: string;
    /** One node: cpu in millicores, memory in bytes, whole gpus (unlimited where the pool says nothing). */
    readonly node: ResourceRequest;
    /** How many nodes the pool has (1 when it does not say). */
    readonly count: number;
    /** The node labels that select the pool: the pods' `nodeSelector`. */
    readonly labels: Readonly<Record<string, string>>;
    /** `"key"`, `"key=value"`, `"key:Effect"` or `"key=value:Effect"`: tolerated by the pool's pods. */
    readonly taints: readonly string[];
}

/** A `target NAME: kubernetes { … }` as the executor and `weft manifests` use it. */
export interface KubernetesTarget {
    readonly name: string;
    /** The kubeconfig context; the current one when absent. */
    readonly context?: string;
    readonly namespace: string;
    readonly runtimeClass?: string;
    readonly serviceAccount?: string;
    /** The image of steps that set no `image`. */
    readonly image?: string;
    /** The ReadWriteMany PersistentVolumeClaim mounted at `/weft/data`. */
    readonly volume?: string;
    /** Where this machine has the same volume mounted. */
    readonly localVolume?: string;
    readonly pools: readonly KubernetesPool[];
}

/** A kubernetes target that cannot be used as it is written. */
export class KubernetesTargetError extends Error {
    constructor(readonly target: string, detail: string) {
        super(`target ${target}: ${detail}`);
        this.name = 'KubernetesTargetError';
    }
}

/** Reads a plan target of kind `kubernetes` (quantities are in base units; pool cpu in cores, as in a sandbox's capacity). */
export function kubernetesTargetOf(target: PlanTarget): KubernetesTarget {
    if (target.kind !== 'kubernetes') throw new KubernetesTargetError(target.name, `is a ${target.kind} target, not a kubernetes one`);
    const members = target.members;
    const namespace = text(members['namespace']);
    if (namespace === undefined) throw new KubernetesTargetError(target.name, 'names no namespace');
    const optional = (name: string): Record<string, string> => {
        const value = text(members[name]);
        return value === undefined ? {} : { [name]: value };
    };
    return {
        name: target.name,
        namespace,
        ...optional('context'), ...optional('runtimeClass'), ...optional('serviceAccount'),
        ...optional('image'), ...optional('volume'), ...optional('localVolume'),
        pools: kubernetesPoolsOf(target),
    };
}

/** The pools of a kubernetes target (also for the Argo export, which needs no namespace or volume). */
export function kubernetesPoolsOf(target: PlanTarget): KubernetesPool[] {
    return target.pools.map(pool => poolOf(target.name, pool.name, pool.members));
}

function poolOf(targetName: string, name: string, members: Readonly<Record<string, PlanValue>>): KubernetesPool {
    const number = (key: string): number | undefined => typeof members[key] === 'number' ? members[key] as number : undefined;
    const cores = number('cpu');
    const labels = members['labels'] ?? {};
    const taints = members['taints'] ?? [];
    if (!isRecord(labels) || !Object.values(labels).every(value => typeof value === 'string')) {
        throw new KubernetesTargetError(targetName, `the labels of pool ${name} must map names to strings, found ${JSON.stringify(labels)}`);
    }
    if (!Array.isArray(taints) || !taints.every(taint => typeof taint === 'string')) {
        throw new KubernetesTargetError(targetName, `the taints of pool ${name} must be a list of strings, found ${JSON.stringify(taints)}`);
    }
    return {
        name,
        node: {
            cpu: cores === undefined ? Infinity : Math.round(cores * 1000),
            memory: number('memory') ?? Infinity,
            gpu: number('gpu') ?? (cores === undefined ? Infinity : 0),
        },
        count: Math.max(1, Math.floor(number('count') ?? 1)),
        labels: labels as Record<string, string>,
        taints: taints as string[],
    };
}

function text(value: PlanValue | undefined): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: PlanValue | undefined): value is { readonly [key: string]: PlanValue } {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
