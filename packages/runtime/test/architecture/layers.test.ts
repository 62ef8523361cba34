import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, type LayerRule, layerViolations } from './import-graph.js';

const sourceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * The runtime's layers (docs/architecture.md, "The runtime's layers"): `plan/` is pure meaning of a
 * plan and imports no running machinery; nothing but `execution/` itself and the package entry
 * imports the engine; only the entry reaches into `kubernetes/`.
 */
const rules: readonly LayerRule[] = [
    { folder: 'plan', mayImport: ['contract', 'handles', 'scheduling/capacity.ts'] },
    ...['executors', 'store', 'caching', 'artifacts', 'bundling', 'scheduling', 'tracing', 'trust', 'lineage', 'lifecycle', 'handles', 'contract', 'system']
        .map(folder => ({ folder, mustNotImport: ['execution', 'kubernetes'] })),
    { folder: 'kubernetes', mustNotImport: ['execution'] },
    { folder: 'testing', mustNotImport: ['kubernetes'] },
    { folder: 'worker', mayImport: ['contract', 'handles', 'store/value-codec.ts'] },
];

describe('the runtime\'s import layers', () => {
    it('has no import that crosses a layer the wrong way', () => {
        const edges = importEdges(sourceRoot);
        expect(edges.length).toBeGreaterThan(300);
        expect(layerViolations(edges, rules)).toEqual([]);
    });

    it('reports an import from plan/ into execution/, and one from the store into the engine', () => {
        const edges = [
            { from: 'plan/plan-graph.ts', to: 'execution/run-engine.ts' },
            { from: 'plan/plan-graph.ts', to: 'scheduling/capacity.ts' },
            { from: 'plan/step-settings.ts', to: 'scheduling/pool-capacity.ts' },
            { from: 'store/run-store.ts', to: 'execution/failure-record.ts' },
            { from: 'execution/run-engine.ts', to: 'store/run-store.ts' },
            { from: 'index.ts', to: 'execution/index.ts' },
        ];
        expect(layerViolations(edges, rules)).toEqual([
            'plan/plan-graph.ts → execution/run-engine.ts',
            'plan/step-settings.ts → scheduling/pool-capacity.ts',
            'store/run-store.ts → execution/failure-record.ts',
        ]);
    });
});
