import * as path from 'node:path';
import type { PlanNode } from '../contract/plan.js';
import { evaluate, type EvaluationScope } from '../execution/expression-evaluator.js';
import { canonicalJson, digestValue, sha256 } from './digest.js';
import { digestImplementation } from './implementation-digest.js';

/** What the engine hands the cache about a task that is ready to run. */
export interface CacheRequest {
    readonly runId: string;
    readonly taskId: string;
    readonly node: PlanNode;
    /** The task's evaluated inputs. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** The folder the plan's paths are relative to. */
    readonly root: string;
    /** The scope the node's settings are evaluated in (its inputs included). */
    readonly scope: EvaluationScope;
}

/** The parts of a cache key, each a digest, so a miss can say which one changed. */
export interface CacheKeyParts {
    /** The step's contract hash (names and types of inputs and outputs). */
    readonly contract: string;
    /** The implementation module and the project modules it imports. */
    readonly implementation: string;
    readonly image: string | null;
    /** One digest per input: its value, with handles replaced by their content's digest. */
    readonly inputs: Readonly<Record<string, string>>;
    /** `cache: { version }`, or null for `cache: true`. */
    readonly version: string | null;
}

export interface CacheKey {
    readonly key: string;
    readonly step: string;
    readonly parts: CacheKeyParts;
}

/** `cache: true | false | { version }` of a node, evaluated; `undefined` when the step is not cached. */
export function cacheSetting(node: PlanNode, scope: EvaluationScope): { readonly version: string | null } | undefined {
    if (node.settings.cache === undefined) return undefined;
    const value = evaluate(node.settings.cache, scope);
    if (value === true) return { version: null };
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const version = (value as Record<string, unknown>)['version'];
        return { version: version === undefined ? null : String(version) };
    }
    return undefined;
}

/** The cache key of a task, or `undefined` when its step is not cached. */
export async function cacheKeyOf(request: CacheRequest): Promise<CacheKey | undefined> {
    const { node } = request;
    if (node.call.kind !== 'step') return undefined;
    const setting = cacheSetting(node, request.scope);
    if (!setting) return undefined;
    const image = node.settings.image === undefined ? null : String(evaluate(node.settings.image, request.scope));
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.inputs)) inputs[name] = await digestValue(value);
    const parts: CacheKeyParts = {
        contract: node.call.contractHash,
        implementation: await digestImplementation(path.resolve(request.root, node.call.implementation.module)),
        image,
        inputs,
        version: setting.version,
    };
    return { key: sha256(canonicalJson({ step: node.call.step, ...parts })), step: node.call.step, parts };
}

/** Which parts of `now` differ from `before`, in words: `input alpha`, `implementation`, … */
export function changedParts(before: CacheKeyParts, now: CacheKeyParts): string[] {
    const changed: string[] = [];
    if (before.contract !== now.contract) changed.push('contract');
    if (before.implementation !== now.implementation) changed.push('implementation');
    if (before.image !== now.image) changed.push('image');
    const names = new Set([...Object.keys(before.inputs), ...Object.keys(now.inputs)]);
    for (const name of [...names].sort()) if (before.inputs[name] !== now.inputs[name]) changed.push(`input ${name}`);
    if (before.version !== now.version) changed.push('cache.version');
    return changed;
}
