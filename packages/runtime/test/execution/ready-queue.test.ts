// The engine's bookkeeping (dependency counts, decision passes, the ready heap) keeps the
// scheduling order of a full rescan, and stays linear on large plans.
import { describe, expect, it, vi } from 'vitest';
import type { PlanNode } from '../../src/contract/plan.js';
import { RunEngine } from '../../src/execution/run-engine.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Capacity } from '../../src/scheduling/capacity.js';
import type { RunStore } from '../../src/store/run-store.js';
import { SqliteRunStore } from '../../src/store/sqlite-run-store.js';
import { duration, literal, node, parameter, plan, workRoot } from './plan-fixtures.js';

/** A store that also lists every transition it commits, as `task: from → to`. */
function recordingStore(): { store: RunStore; transitions: string[] } {
    const transitions: string[] = [];
    const inner = new SqliteRunStore();
    const store = new Proxy(inner, {
        get(target, property, receiver) {
            if (property === 'recordTransition') {
                return (transition: Parameters<RunStore['recordTransition']>[0]) => {
                    transitions.push(`${transition.taskId}: ${transition.from} → ${transition.to}`);
                    return target.recordTransition(transition);
                };
            }
            const value: unknown = Reflect.get(target, property, receiver);
            return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
    });
    return { store, transitions };
}

const cpu = (cores: number) => ({ resources: { cpu: literal(cores), memory: { kind: 'quantity', unit: 'memory', value: 2 ** 20 } } } as const);

describe('the ready queue', () => {
    it('starts tasks in the order of a full rescan: critical path, plan order, fan-out elements, skips and handlers', async () => {
        const dag = plan([
            node('quick', { settings: { timeout: duration(1000) } }),
            node('head', { settings: { timeout: duration(1000) } }),
            node('tail', { needs: ['head'], settings: { timeout: duration(5000) } }),
            node('broken'),
            node('downstream', { needs: ['broken'] }),
            node('later', { after: ['downstream'] }),
            node('handler', { onFailureOf: ['broken'] }),
            node('fan', {
                step: 'element', needs: ['quick'],
                arguments: { x: { kind: 'variable', name: 'x' } },
                forEach: { variable: 'x', items: parameter('items') },
            }),
            node('gated', { needs: ['quick'], conditions: [{ when: literal(false), is: true }] }),
            node('last', { needs: ['fan', 'tail'] }),
        ], { concurrency: literal(1), parameters: [{ name: 'items', type: 'int[]' }] });
        const started: string[] = [];
        const ok = (name: string) => async () => { started.push(name); return { value: 1 }; };
        const { store, transitions } = recordingStore();
        const result = await runPipeline(dag, { items: [1, 2, 3] }, {
            workRoot: workRoot(), store,
            mocks: {
                quick: ok('quick'), head: ok('head'), tail: ok('tail'), downstream: ok('downstream'), later: ok('later'),
                handler: ok('handler'), gated: ok('gated'), last: ok('last'),
                broken: async () => { started.push('broken'); throw new Error('no'); },
                element: async (inputs: { x: number }) => { started.push(`fan[${inputs.x - 1}]`); return { value: inputs.x }; },
            },
        });
        expect(started).toEqual(['head', 'tail', 'quick', 'broken', 'fan[0]', 'fan[1]', 'fan[2]', 'handler', 'last']);
        expect(Object.fromEntries(result.tasks.map(task => [task.id, task.state]))).toEqual({
            quick: 'completed', head: 'completed', tail: 'completed', broken: 'failed', downstream: 'skipped', later: 'skipped',
            handler: 'completed', fan: 'completed', gated: 'skipped', last: 'completed',
            'fan[0]': 'completed', 'fan[1]': 'completed', 'fan[2]': 'completed',
        });
        expect(transitions.filter(line => line.endsWith('→ skipped'))).toEqual(['gated: pending → skipped', 'downstream: pending → skipped', 'later: pending → skipped']);
    });

    it('lets a smaller task start ahead of a bigger one that does not fit (backfilling)', async () => {
        const dag = plan([
            node('hog', { settings: { ...cpu(1), timeout: duration(9000) } }),
            node('big', { settings: { ...cpu(2), timeout: duration(5000) } }),
            node('small', { settings: cpu(1) }),
        ]);
        const { store, transitions } = recordingStore();
        const result = await runPipeline(dag, {}, {
            workRoot: workRoot(), store, capacity: { cpu: 2000, memory: 2 ** 30, gpu: 0 },
            mocks: { hog: async () => ({ value: 1 }), big: async () => ({ value: 1 }), small: async () => ({ value: 1 }) },
        });
        expect(result.status).toBe('completed');
        expect(transitions.filter(line => line.endsWith('pending → allocating')).slice(0, 2)).toEqual(['hog: pending → allocating', 'small: pending → allocating']);
    });

    // Freed room used to retry every waiting task: quadratic in a large fan-out with little room.
    it.each([
        { waitsFor: 'capacity', probe: () => vi.spyOn(Capacity.prototype, 'fits'), room: {}, capacity: { cpu: 2000, memory: 2 ** 30, gpu: 0 } },
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a private method, spied on to count how often the engine asks
        { waitsFor: 'fan-out room', probe: () => vi.spyOn(RunEngine.prototype as any, 'fanOutHasRoom'), room: { concurrency: literal(2) }, capacity: undefined },
    ])('tries a waiting fan-out element a bounded number of times ($waitsFor)', async ({ probe, room, capacity }) => {
        const elements = 400;
        const dag = plan([node('fan', {
            step: 'element', arguments: { x: { kind: 'variable', name: 'x' } },
            forEach: { variable: 'x', items: parameter('items'), ...room }, settings: cpu(1),
        })], { parameters: [{ name: 'items', type: 'int[]' }] });
        const tries = probe();
        let running = 0;
        let most = 0;
        const result = await runPipeline(dag, { items: Array.from({ length: elements }, (_, i) => i) }, {
            workRoot: workRoot(), ...(capacity ? { capacity } : {}),
            mocks: {
                element: async () => {
                    most = Math.max(most, ++running);
                    await new Promise(resolve => setImmediate(resolve));
                    running--;
                    return { value: 1 };
                },
            },
        });
        const triesMade = tries.mock.calls.length;
        tries.mockRestore();
        expect(result.status).toBe('completed');
        expect(most).toBe(2);
        // Each element is tried when it first becomes ready, and then about once per freed slot.
        expect(triesMade).toBeGreaterThanOrEqual(elements);
        expect(triesMade).toBeLessThan(4 * elements);
    });

    it('runs 10,000 no-op tasks to completion', async () => {
        let seed = 10_000;
        const next = (): number => {
            seed = (seed + 0x6D2B79F5) | 0;
            let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const nodes: PlanNode[] = Array.from({ length: 10_000 }, (_, i) => {
            const needs = new Set<string>();
            for (let k = 0; k < 2 && i > 0; k++) if (next() < 0.8) needs.add(`n${Math.floor(next() * i)}`);
            return node(`n${i}`, { step: 'noop', needs: [...needs] });
        });
        let calls = 0;
        const result = await runPipeline(plan(nodes), {}, { workRoot: workRoot(), mocks: { noop: async () => { calls++; return { value: 1 }; } } });
        expect(result.status).toBe('completed');
        expect(calls).toBe(10_000);
        expect(result.tasks.every(task => task.state === 'completed')).toBe(true);
    }, 60_000);
});
