import type { RunStore } from '../../store/run-store.js';
import { artifactKind } from '../../store/value-codec.js';
import type { AttemptLineage } from '../run-attempt.js';

/**
 * Records what a completed attempt produced: the executor's lineage (inputs and artifacts with
 * digests) when it described them, else the handles among its outputs by kind and path.
 */
export function recordOutputs(store: RunStore, runId: string, taskId: string, outputs: Readonly<Record<string, unknown>>, lineage: AttemptLineage | undefined): void {
    if (lineage) {
        if (lineage.inputs.length > 0) store.recordTaskInputs(runId, lineage.inputs);
        if (lineage.artifacts.length > 0) store.recordArtifacts(runId, lineage.artifacts);
        return;
    }
    const artifacts = Object.entries(outputs).flatMap(([output, value]) => {
        const kind = artifactKind(value);
        const file = (value as { path?: unknown }).path;
        return kind ? [{ taskId, output, kind, ...(typeof file === 'string' ? { path: file } : {}) }] : [];
    });
    if (artifacts.length > 0) store.recordArtifacts(runId, artifacts);
}
