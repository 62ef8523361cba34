// A two-step pipeline for the mock tests: `a` (step source, mocked) feeds `b` (step double, real).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledPlan, PlanNode, PlanSettings, PlanTarget } from '../../src/contract/plan.js';
import type { AttemptChannel, AttemptSpec, Executor } from '../../src/executors/executor.js';
import type { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { literal, node, output, plan } from './plan-fixtures.js';

export const mockStepsRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const settings: PlanSettings = { resources: { cpu: literal(1), memory: { kind: 'quantity', unit: 'memory', value: 256 * 1024 ** 2 } } };

function call(id: string, step: string, shape: Parameters<typeof node>[1], inputs: PlanNode['inputs']): PlanNode {
    const base = node(id, { ...shape, settings });
    return { ...base, inputs, call: { kind: 'step', step, contractHash: `sha256:${'0'.repeat(64)}`, implementation: { module: 'mock-steps.ts', export: step } } };
}

/** The pipeline, with a fresh marker path the real `source` would create. */
export function mockedPipeline(targets: readonly PlanTarget[] = []): { plan: CompiledPlan; marker: string } {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'weft-mock-marker-')), 'ran');
    const nodes = [
        call('a', 'source', { arguments: { marker: literal(marker) } }, [{ name: 'marker', type: 'string', schema: { type: 'string' } }]),
        call('b', 'double', { arguments: { n: output('a', 'value') }, needs: ['a'] }, [{ name: 'n', type: 'int', schema: { type: 'integer' } }]),
    ];
    return {
        plan: plan(nodes, { targets, outputs: [{ name: 'result', type: 'int', schema: { type: 'integer' }, value: output('b', 'value') }] }),
        marker,
    };
}

/** The mock of `source`: 21, so the run's result is 42 (the real step would make it 2). */
export const mocks = { source: async () => ({ value: 21 }) };

/** A real executor that remembers which tasks it was given. */
export function recording(executor: Executor): { executor: Executor; tasks: string[] } {
    const tasks: string[] = [];
    return {
        tasks,
        executor: {
            name: executor.name,
            execute: (spec: AttemptSpec, channel: AttemptChannel) => {
                tasks.push(spec.taskId);
                return executor.execute(spec, channel);
            },
        },
    };
}

/** What shows that the real `source` never ran: no marker, no log line of its own in the store. */
export function realSourceRan(marker: string, store: SqliteRunStore, runId: string): boolean {
    return existsSync(marker) || store.events(runId).some(event => event.message === 'the real source ran');
}
