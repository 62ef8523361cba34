/**
 * What the exporter hands the binder in each pod (as `binding.json` in a ConfigMap), and the
 * paths they agree on. Keep this module free of Node imports: the exporter and the pod share it.
 */
import type { CompiledPlan, PlanExpression } from '../../contract/plan.js';
import type { ParameterKind } from './parameter-kinds.js';

/** A value a pod writes for Argo after its step completed (an Argo output parameter). */
export type Publication =
    /** A member path of the step's outputs, for a downstream `when`: strings as they are, other values as JSON. */
    | { readonly name: string; readonly kind: 'value'; readonly path: readonly string[] }
    /** The indices `[0, 1, …]` of a downstream fan-out's items, for its `withParam`. */
    | { readonly name: string; readonly kind: 'indices'; readonly items: PlanExpression };

export interface ArgoBinding {
    readonly plan: CompiledPlan;
    /** How each parameter Argo carries is read from its text. */
    readonly parameterKinds: Readonly<Record<string, ParameterKind>>;
    /** Per node id: what its pod publishes. */
    readonly publish: Readonly<Record<string, readonly Publication[]>>;
}

/** The binding ConfigMap's mount point and keys. */
export const BINDING_MOUNT = '/weft/binding';
export const BINDING_FILE = 'binding.json';
export const BINDER_FILE = 'binder.mjs';
/** Keys of a step's bundle ConfigMap (mounted at `/weft/bundle`). */
export const STEP_FILE = 'step.mjs';
export const WORKER_FILE = 'worker.mjs';
/** The folders of a Python step's bundle: the worker package, the step's sources (the plan's root) and the module path's folders (`<n>/`). */
export const PYTHON_BUNDLE = { worker: 'python', project: 'project', modulePath: 'pythonpath' } as const;
/** Where the binder writes Argo output parameters, one file per name. */
export const PUBLISH_DIR = '/tmp/weft-outputs';
/** The plan's root on the shared volume: `file:` URIs of datasets and models resolve under it. */
export const PROJECT_DIR = 'project';

/**
 * The binder's exit codes, which the retry strategy reads: only a retryable failure is retried
 * (`asInt(lastRetry.exitCode) == 1`).
 */
export const BinderExit = {
    completed: 0,
    retryable: 1,
    final: 2,
} as const;
