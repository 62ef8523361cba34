import { WeftError } from '@weft/contract/errors';
import type { CompiledPlan, PlanTarget, PlanValue } from '../contract/plan.js';
import type { ResourceRequest } from '../scheduling/capacity.js';

/** The image of steps that name none, on a target that names none either. */
export const DEFAULT_STEP_IMAGE = 'node:22-bookworm-slim';

/** A `target NAME: sandbox { runtime, capacity { cpu, memory, gpu, gpuMemory } }`: one machine. */
export interface SandboxTarget {
    readonly kind: 'sandbox';
    readonly name: string;
    /** The executor its steps run with: `"gvisor"` (the default) or `"process"`. */
    readonly runtime: string;
    /** What the machine offers: cpu in millicores, memory and GPU memory in bytes, whole gpus (unlimited where it says nothing). */
    readonly capacity: ResourceRequest;
}

/** A `pool NAME { cpu, memory, gpu, gpuMemory, count, labels, taints }` of a kubernetes target; `node` is what one node offers. */
export interface KubernetesPool {
    readonly name: string;
    /** One node: cpu in millicores, memory and GPU memory in bytes, whole gpus (unlimited where the pool says nothing; none when it gives a cpu but no gpu). */
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
    readonly kind: 'kubernetes';
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

/** A plan's target, read: every kind the language has. */
export type Target = SandboxTarget | KubernetesTarget;

/** A target that cannot be used as it is written. */
export class TargetError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'target';

    constructor(readonly target: string, detail: string) {
        super(`target ${target}: ${detail}`);
        this.name = 'TargetError';
    }
}

/** Targets asked for that the plan does not have, or cannot use together. */
export class TargetChoiceError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'target-choice';

    constructor(message: string) {
        super(message);
        this.name = 'TargetChoiceError';
    }
}

/** Reads a plan target into its typed value (quantities in base units; cpu given in cores, as the plan has it). */
export function targetOf(target: PlanTarget): Target {
    return target.kind === 'kubernetes' ? kubernetesTargetOf(target) : sandboxTargetOf(target);
}

/** What to choose: `kind` keeps to targets of that kind, and `purpose` says why in the message about another kind. */
export interface TargetChoice<Kind extends Target['kind'] = Target['kind']> {
    readonly kind?: Kind;
    readonly purpose?: string;
}

/**
 * The targets a run (or an export) uses: those named, else the plan's first (of `kind`, when
 * given); none when the plan has none. Several only when all are kubernetes targets, which then
 * share the run. The one place a run's targets are chosen.
 */
export function chooseTargets<Kind extends Target['kind']>(plan: CompiledPlan, names: readonly string[], choice: TargetChoice<Kind> = {}): Extract<Target, { kind: Kind }>[] {
    const listed = (targets: readonly PlanTarget[], none = 'none'): string => targets.map(target => target.name).join(', ') || none;
    const ofKind = choice.kind === undefined ? plan.targets : plan.targets.filter(target => target.kind === choice.kind);
    if (names.length === 0) {
        const first = ofKind[0];
        if (first === undefined && choice.kind !== undefined) throw new TargetChoiceError(`${plan.pipeline} has no ${choice.kind} target; its targets are: ${listed(plan.targets)}`);
        return first === undefined ? [] : [targetOf(first) as Extract<Target, { kind: Kind }>];
    }
    const chosen = names.map(name => {
        const target = plan.targets.find(candidate => candidate.name === name);
        if (!target) throw new TargetChoiceError(`${plan.pipeline} has no target ${name}; its targets are: ${listed(plan.targets)}`);
        if (choice.kind !== undefined && target.kind !== choice.kind) {
            throw new TargetChoiceError(`target ${name} is a ${target.kind} target; ${choice.purpose ?? `a ${choice.kind} target is needed`} (${listed(ofKind, 'none here')})`);
        }
        return target;
    });
    const other = chosen.length > 1 ? chosen.find(target => target.kind !== 'kubernetes') : undefined;
    if (other) throw new TargetChoiceError(`several targets can share a run only when all are kubernetes targets; ${other.name} is a ${other.kind} target`);
    return chosen.map(target => targetOf(target) as Extract<Target, { kind: Kind }>);
}

function sandboxTargetOf(target: PlanTarget): SandboxTarget {
    const runtime = target.members['runtime'];
    const capacity = target.members['capacity'];
    const field = (name: string): number | undefined => {
        const value = isRecord(capacity) ? capacity[name] : undefined;
        return typeof value === 'number' ? value : undefined;
    };
    const cores = field('cpu');
    return {
        kind: 'sandbox',
        name: target.name,
        runtime: typeof runtime === 'string' ? runtime : 'gvisor',
        capacity: {
            cpu: cores === undefined ? Infinity : Math.round(cores * 1000),
            memory: field('memory') ?? Infinity,
            gpu: field('gpu') ?? Infinity,
            gpuMemory: field('gpuMemory') ?? Infinity,
        },
    };
}

/** Reads a plan target of kind `kubernetes` (pool cpu in cores, as in a sandbox's capacity). */
export function kubernetesTargetOf(target: PlanTarget): KubernetesTarget {
    if (target.kind !== 'kubernetes') throw new TargetError(target.name, `is a ${target.kind} target, not a kubernetes one`);
    const members = target.members;
    const namespace = text(members['namespace']);
    if (namespace === undefined) throw new TargetError(target.name, 'names no namespace');
    const optional = (name: string): Record<string, string> => {
        const value = text(members[name]);
        return value === undefined ? {} : { [name]: value };
    };
    return {
        kind: 'kubernetes',
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
        throw new TargetError(targetName, `the labels of pool ${name} must map names to strings, found ${JSON.stringify(labels)}`);
    }
    if (!Array.isArray(taints) || !taints.every(taint => typeof taint === 'string')) {
        throw new TargetError(targetName, `the taints of pool ${name} must be a list of strings, found ${JSON.stringify(taints)}`);
    }
    return {
        name,
        node: {
            cpu: cores === undefined ? Infinity : Math.round(cores * 1000),
            memory: number('memory') ?? Infinity,
            gpu: number('gpu') ?? (cores === undefined ? Infinity : 0),
            gpuMemory: number('gpuMemory') ?? (cores === undefined ? Infinity : 0),
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
