import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runtimePackageDir } from '../bundling/runtime-package.js';
import { PLAN_VERSION, type PlanNode } from '../contract/plan.js';
import { evaluate, type EvaluationScope } from '../plan/expression-evaluator.js';
import { type StepCode, stepCodeKey } from '../bundling/step-code.js';
import { canonicalJson, digestValue, sha256 } from './digest.js';

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
    /** The step's code as the run saw it when it started or resumed (`stepCodeDigests`); absent when it could not be bundled, and then the task is not cached. */
    readonly code?: StepCode;
}

/** The parts of a cache key, each a digest, so a miss can say which one changed. */
export interface CacheKeyParts {
    /** The step's contract hash (names and types of inputs and outputs). */
    readonly contract: string;
    /** The digest of the step's bundled code (`StepCode.digest`): what runs, whatever the comments say. */
    readonly implementation: string;
    readonly image: string | null;
    /** One digest per input: its value, with handles replaced by their content's digest. */
    readonly inputs: Readonly<Record<string, string>>;
    /** `cache: { version }`, or null for `cache: true`. */
    readonly version: string | null;
    /** What runs the bundle: `@weft/runtime` version, plan format and Node.js version (node builtins are not bundled). */
    readonly runtime: string;
}

export interface CacheKey {
    readonly key: string;
    readonly step: string;
    readonly parts: CacheKeyParts;
    /** The files of the step's bundle by content digest (`StepCode.files`): not part of the key, kept beside it to name what changed. */
    readonly files: Readonly<Record<string, string>>;
}

/** Why a cached step's task has no key. */
export type NoCacheKey = { readonly reason: string };

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

/** The cache key of a task, `undefined` when its step is not cached, or why a cached step's task has none. */
export async function cacheKeyOf(request: CacheRequest): Promise<CacheKey | NoCacheKey | undefined> {
    const { node, code } = request;
    if (node.call.kind !== 'step') return undefined;
    const setting = cacheSetting(node, request.scope);
    if (!setting) return undefined;
    if (code === undefined) return { reason: `the step's code (${stepCodeKey(node.call.implementation)}) could not be bundled when the run started` };
    const image = node.settings.image === undefined ? null : String(evaluate(node.settings.image, request.scope));
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.inputs)) inputs[name] = await digestValue(value);
    const parts: CacheKeyParts = {
        contract: node.call.contractHash,
        implementation: code.digest,
        image,
        inputs,
        version: setting.version,
        runtime: runtimeVersion(),
    };
    return { key: sha256(canonicalJson({ step: node.call.step, ...parts })), step: node.call.step, parts, files: code.files };
}

/** Read once per process. */
let runtime: string | undefined;

/** `@weft/runtime 0.1.0, plan 2, node 22.23.3`. */
export function runtimeVersion(): string {
    if (runtime === undefined) {
        const manifest = JSON.parse(readFileSync(path.join(runtimePackageDir(), 'package.json'), 'utf8')) as { version?: string };
        runtime = `@weft/runtime ${manifest.version ?? 'unknown'}, plan ${PLAN_VERSION}, node ${process.versions.node}`;
    }
    return runtime;
}
