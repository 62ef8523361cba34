import { createHash } from 'node:crypto';
import type { CompiledPlan, PlanNode, PlanTarget } from '../../contract/plan.js';
import { STEP_FILE, WORKER_FILE } from './argo-binding.js';
import type { ConfigMap } from './argo-manifests.js';
import type { Refuse } from './export-parameters.js';
import { weftLabels } from './pod-conventions.js';

/** A ConfigMap holds at most 1 MiB; keep room for its metadata. */
export const CONFIG_MAP_LIMIT = 1024 * 1024 - 8 * 1024;

/** A step's bundle and the worker entry (mounted at `/weft/bundle`). */
export function bundleConfigMap(plan: CompiledPlan, target: PlanTarget, step: string, worker: string, node: PlanNode, refuse: Refuse): ConfigMap {
    return configMap(plan, target, 'weft-bundle', { [STEP_FILE]: step, [WORKER_FILE]: worker }, (_, detail) => refuse(node.id, detail));
}

/** A content-addressed ConfigMap (same content, same name), refused over the size limit. */
export function configMap(plan: CompiledPlan, target: PlanTarget, prefix: string, data: Record<string, string>, refuse: Refuse): ConfigMap {
    const size = Object.entries(data).reduce((total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
    if (size > CONFIG_MAP_LIMIT) {
        refuse(undefined, `the ${prefix} ConfigMap would hold ${size} bytes, over the ${CONFIG_MAP_LIMIT} a ConfigMap can (1 MiB with its metadata); make the step's dependencies smaller`);
    }
    const hash = createHash('sha256');
    for (const key of Object.keys(data).sort()) hash.update(key).update('\0').update(data[key]!).update('\0');
    const namespace = target.members['namespace'];
    return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
            name: `${prefix}-${hash.digest('hex').slice(0, 16)}`,
            ...(typeof namespace === 'string' ? { namespace } : {}),
            labels: weftLabels(plan.pipeline),
        },
        data,
    };
}

