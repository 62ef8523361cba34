// Lineage walks over recorded rows: an artifact a task returns unchanged is one node with its
// producer and its users (no cycle), and wide, deep graphs with shared ancestry stay linear.
import { describe, expect, it } from 'vitest';
import { artifactLineage, runLineage } from '../../src/lineage/index.js';
import type { ArtifactRecord, TaskInputRecord } from '../../src/store/run-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { plan } from '../execution/plan-fixtures.js';

const digest = (name: string) => `sha256:${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`;

function storeWithRun(artifacts: readonly ArtifactRecord[], inputs: readonly TaskInputRecord[]): SqliteRunStore {
    const store = new SqliteRunStore();
    store.createRun({ id: 'r', pipeline: 'p', plan: plan([]), root: '/', createdAt: 1, parameters: {}, settings: {} });
    store.recordArtifacts('r', artifacts);
    store.recordTaskInputs('r', inputs);
    return store;
}

/** An edge as `task:make → model model`: tasks by id, artifacts by the name their digest was made from. */
const edgeText = (edge: { from: string; to: string; label: string; returned?: string }) => {
    const short = (id: string) => id.startsWith('artifact:sha256:')
        ? Buffer.from(id.slice('artifact:sha256:'.length), 'hex').toString().replace(/\0+$/, '')
        : id.replace(/^task:r:/, 'task:');
    return `${short(edge.from)} → ${short(edge.to)} ${edge.label}${edge.returned === undefined ? '' : ` (returned as ${edge.returned})`}`;
};

describe('lineage walks', () => {
    it('makes a model that three tasks return unchanged one node: made by its producer, used by the three', () => {
        const model = digest('model');
        const store = storeWithRun([
            { taskId: 'make', output: 'model', kind: 'model', attempt: 1, digest: model },
            ...['a', 'b', 'c'].map(taskId => ({ taskId, output: 'model', kind: 'model' as const, attempt: 1, digest: model })),
            { taskId: 'score', output: 'report', kind: 'file', attempt: 1, digest: digest('report') },
        ], [
            { taskId: 'a', attempt: 1, input: 'model', kind: 'model', digest: model },
            { taskId: 'b', attempt: 1, input: 'model', kind: 'model', digest: model },
            { taskId: 'c', attempt: 1, input: 'model', kind: 'model', digest: model },
            { taskId: 'score', attempt: 1, input: 'model', kind: 'model', digest: model },
        ]);
        const graph = artifactLineage(store, model);
        expect(graph.focus).toBe(`artifact:${model}`);
        expect(graph.edges.map(edgeText).sort()).toEqual([
            'model → task:a model (returned as model)',
            'model → task:b model (returned as model)',
            'model → task:c model (returned as model)',
            'model → task:score model',
            'task:make → model model',
            'task:score → report report',
        ]);
        // No cycle: the only task that points at the model is the one that made it.
        expect(graph.edges.filter(edge => edge.to === `artifact:${model}`).map(edge => edge.from)).toEqual(['task:r:make']);

        // A run's graph too: the pass-through tasks' outputs are not edges into the model.
        const whole = runLineage(store, 'r');
        expect(whole.edges.filter(edge => edge.to === `artifact:${model}`).map(edge => edge.from)).toEqual(['task:r:make']);
    });

    it('walks a lattice 300 layers deep and 2 wide (every task reads both of the layer before: 2^300 paths) in time linear in its size', () => {
        // Without visited sets the paths up from the last layer number 2^300.
        const layers = 300;
        const artifacts: ArtifactRecord[] = [];
        const inputs: TaskInputRecord[] = [];
        for (let layer = 0; layer < layers; layer++) {
            for (const side of ['l', 'r']) {
                const taskId = `t${layer}${side}`;
                artifacts.push({ taskId, output: 'out', kind: 'file', attempt: 1, digest: digest(`${layer}${side}`) });
                if (layer > 0) {
                    inputs.push({ taskId, attempt: 1, input: 'left', kind: 'file', digest: digest(`${layer - 1}l`) });
                    inputs.push({ taskId, attempt: 1, input: 'right', kind: 'file', digest: digest(`${layer - 1}r`) });
                }
            }
        }
        const store = storeWithRun(artifacts, inputs);
        const started = performance.now();
        const up = artifactLineage(store, digest(`${layers - 1}l`));
        const down = artifactLineage(store, digest('0l'));
        const elapsed = performance.now() - started;
        // Up from the last left output: every task but the last right one, every artifact but its output.
        expect(up.nodes.filter(node => node.type === 'task')).toHaveLength(2 * layers - 1);
        expect(up.edges).toHaveLength(2 * (layers - 1) * 2 - 2 + 1 + (2 * layers - 2));
        expect(down.nodes.filter(node => node.type === 'task')).toHaveLength(1 + 2 * (layers - 1));
        expect(elapsed).toBeLessThan(5000);
    });
});
