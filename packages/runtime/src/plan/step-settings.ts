import type { PlanExpression, PlanSettings } from '../contract/plan.js';
import type { ResourceRequest } from '../scheduling/capacity.js';
import { evaluate, type EvaluationScope, ExpressionError } from './expression-evaluator.js';

/** A step's settings with every expression evaluated for one call. */
export interface ResolvedSettings {
    readonly resources: ResourceRequest;
    /** The step's container `image` (Kubernetes targets). */
    readonly image?: string;
    readonly timeoutMs?: number;
    readonly retry: RetryPolicy;
    /** What the step may reach: `"none"` (the default) or a list of hosts. */
    readonly network: 'none' | readonly string[];
}

/**
 * `retry { attempts, backoff, factor, memory, stepErrors }`: `attempts` counts every attempt, the
 * first one too; `stepErrors` lets errors of the step's own code be retried too
 * (execution/failure-kind.ts); `memory` is the ceiling of memory escalation.
 */
export interface RetryPolicy {
    readonly attempts: number;
    readonly backoffMs: number;
    readonly factor: number;
    /** The most memory (bytes) an attempt killed at its memory limit may be placed again with (execution/memory-escalation.ts). */
    readonly memory?: number;
    readonly stepErrors: boolean;
}

/** Evaluates the settings of a node over its inputs and the pipeline's parameters. */
export function resolveSettings(settings: PlanSettings, scope: EvaluationScope): ResolvedSettings {
    const number = (expression: PlanExpression | undefined, fallback: number): number => {
        if (expression === undefined) return fallback;
        const value = evaluate(expression, scope);
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ExpressionError(expression, `expected a non-negative number, found ${JSON.stringify(value)}`);
        return value;
    };
    const resources = settings.resources ?? {};
    const timeoutMs = settings.timeout === undefined ? undefined : number(settings.timeout, 0);
    const image = settings.image === undefined ? undefined : evaluate(settings.image, scope);
    if (image !== undefined && typeof image !== 'string') throw new ExpressionError(settings.image!, `expected an image name, found ${JSON.stringify(image)}`);
    return {
        resources: {
            cpu: cpuMillicores(resources.cpu, number(resources.cpu, 0)),
            memory: number(resources.memory, 0),
            gpu: number(resources.gpu, 0),
            gpuMemory: number(resources.gpuMemory, 0),
        },
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        ...(image === undefined ? {} : { image }),
        retry: {
            attempts: Math.max(1, Math.floor(number(settings.retry?.attempts, 1))),
            backoffMs: number(settings.retry?.backoff, 1000),
            factor: number(settings.retry?.factor, 2),
            ...(settings.retry?.memory === undefined ? {} : { memory: number(settings.retry.memory, 0) }),
            stepErrors: flag(settings.retry?.stepErrors, scope),
        },
        network: networkOf(settings.sandbox?.network, scope),
    };
}

/** A `bool` setting; absent is false. */
function flag(expression: PlanExpression | undefined, scope: EvaluationScope): boolean {
    if (expression === undefined) return false;
    const value = evaluate(expression, scope);
    if (typeof value !== 'boolean') throw new ExpressionError(expression, `expected true or false, found ${JSON.stringify(value)}`);
    return value;
}

/** `sandbox { network: "none" | ["host", …] }`; anything else is an error in the plan. */
function networkOf(expression: PlanExpression | undefined, scope: EvaluationScope): 'none' | readonly string[] {
    if (expression === undefined) return 'none';
    const value = evaluate(expression, scope);
    if (value === 'none') return 'none';
    if (Array.isArray(value) && value.every(host => typeof host === 'string')) return value;
    throw new ExpressionError(expression, `expected "none" or a list of host names, found ${JSON.stringify(value)}`);
}

/** The wait before attempt `next` (2 for the first retry): `backoff × factor^(next − 2)`. */
export function backoffBefore(next: number, policy: RetryPolicy): number {
    return policy.backoffMs * policy.factor ** Math.max(0, next - 2);
}

/** A `cpu` quantity (`500m`) is already in millicores; a plain number is cores (docs/plan.md). */
function cpuMillicores(expression: PlanExpression | undefined, value: number): number {
    return expression?.kind === 'quantity' ? value : Math.round(value * 1000);
}
