// A step without `resources` on a sandbox target is placed with the sandbox defaults (one core,
// 1 GiB, never more than the target has); Kubernetes pools are left to ask for what is declared.
import { describe, expect, it } from 'vitest';
import type { PlanTarget } from '../../src/contract/plan.js';
import { runPipeline } from '../../src/execution/run-pipeline.js';
import { Capacity } from '../../src/scheduling/capacity.js';
import { PoolCapacity } from '../../src/scheduling/pool-capacity.js';
import { sandboxDefaults, withSandboxDefaults } from '../../src/scheduling/sandbox-defaults.js';
import { InFlight, literal, node, plan, sleep, workRoot } from './plan-fixtures.js';

const GiB = 2 ** 30;
const unlimited = { cpu: Infinity, memory: Infinity, gpu: Infinity };

function sandboxTarget(capacity: Record<string, number>): PlanTarget {
    return { name: 'laptop', kind: 'sandbox', members: { runtime: 'gvisor', capacity }, pools: [], source: { file: 't.weft', line: 1 } };
}

describe('the sandbox defaults', () => {
    it('are one core and 1 GiB for what a step does not set, and leave what it sets', () => {
        expect(sandboxDefaults).toEqual({ cpu: 1000, memory: GiB });
        expect(withSandboxDefaults({ cpu: 0, memory: 0, gpu: 0 }, unlimited)).toEqual({ cpu: 1000, memory: GiB, gpu: 0 });
        expect(withSandboxDefaults({ cpu: 4000, memory: 0, gpu: 1 }, unlimited)).toEqual({ cpu: 4000, memory: GiB, gpu: 1 });
        expect(withSandboxDefaults({ cpu: 0, memory: 8 * GiB, gpu: 0 }, unlimited)).toEqual({ cpu: 1000, memory: 8 * GiB, gpu: 0 });
        expect(withSandboxDefaults({ cpu: 250, memory: 64 * 2 ** 20, gpu: 0 }, unlimited)).toEqual({ cpu: 250, memory: 64 * 2 ** 20, gpu: 0 });
    });

    it('are never more than the machine has', () => {
        expect(withSandboxDefaults({ cpu: 0, memory: 0, gpu: 0 }, { cpu: 500, memory: 256 * 2 ** 20, gpu: 0 })).toEqual({ cpu: 500, memory: 256 * 2 ** 20, gpu: 0 });
        expect(new Capacity({ cpu: 2000, memory: 24 * GiB, gpu: 0 }).placed({ cpu: 0, memory: 0, gpu: 0 })).toEqual({ cpu: 1000, memory: GiB, gpu: 0 });
    });

    it('do not apply to Kubernetes pools', () => {
        const pools = new PoolCapacity([{ target: 'prod', pool: 'cpu', node: { cpu: 32_000, memory: 128 * GiB, gpu: 0 }, count: 2 }]);
        expect(pools.placed({ cpu: 0, memory: 0, gpu: 0 })).toEqual({ cpu: 0, memory: 0, gpu: 0 });
    });

    it('leave a target with cpu: 0 unable to run a step without resources: it fails at once, saying why', async () => {
        let ran = false;
        const result = await runPipeline(plan([node('bare')], { targets: [sandboxTarget({ cpu: 0, memory: 24 * GiB, gpu: 0 })] }), {}, {
            workRoot: workRoot(), mocks: { bare: async () => { ran = true; return { value: 1 }; } },
        });
        expect(ran).toBe(false);
        expect(result.status).toBe('failed');
        expect(result.failures.map(failure => failure.message)).toEqual(["bare needs 1000m cpu but the target has only 0m cpu in all; lower the step's resources or give the target more capacity"]);
    });

    it('place steps without resources: a 2-core sandbox target runs two of them at once, not six', async () => {
        const inFlight = new InFlight();
        const wide = plan(['a', 'b', 'c', 'd', 'e', 'f'].map(id => node(id, { step: 'work' })), { targets: [sandboxTarget({ cpu: 2, memory: 24 * GiB, gpu: 0 })] });
        const result = await runPipeline(wide, {}, {
            workRoot: workRoot(),
            mocks: { work: () => inFlight.around('work', async () => { await sleep(15); return { value: 1 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(inFlight.started).toHaveLength(6);
        expect(inFlight.max).toBe(2);
    });

    it('place a step that sets only cpu with the default memory: a 2 GiB target runs two at once', async () => {
        const inFlight = new InFlight();
        const wide = plan(['a', 'b', 'c', 'd'].map(id => node(id, { step: 'work', settings: { resources: { cpu: literal(0.5) } } })), {
            targets: [sandboxTarget({ cpu: 8, memory: 2 * GiB, gpu: 0 })],
        });
        const result = await runPipeline(wide, {}, {
            workRoot: workRoot(),
            mocks: { work: () => inFlight.around('work', async () => { await sleep(15); return { value: 1 }; }) },
        });
        expect(result.status).toBe('completed');
        expect(inFlight.max).toBe(2);
    });
});
