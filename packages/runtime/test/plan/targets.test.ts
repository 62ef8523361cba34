// A plan's targets are read once into typed values, and one function chooses a run's targets.
import { describe, expect, it } from 'vitest';
import type { CompiledPlan, PlanTarget } from '../../src/contract/plan.js';
import { chooseTargets, TargetChoiceError, TargetError, targetOf } from '../../src/plan/targets.js';
import { capacityOfTargets } from '../../src/scheduling/target-capacity.js';

const source = { file: 'p.weft', line: 1 };
const dev: PlanTarget = { name: 'dev', kind: 'sandbox', members: { runtime: 'process', capacity: { cpu: 2, memory: 1024 } }, pools: [], source };
const bare: PlanTarget = { name: 'bare', kind: 'sandbox', members: {}, pools: [], source };
const cluster: PlanTarget = {
    name: 'cluster', kind: 'kubernetes', members: { namespace: 'ml', image: 'node:22' },
    pools: [{ name: 'cpu', members: { cpu: 4, memory: 8192, count: 3, labels: { pool: 'cpu' }, taints: ['spot:NoSchedule'] } }], source,
};
const second: PlanTarget = { name: 'second', kind: 'kubernetes', members: { namespace: 'ml' }, pools: [], source };

function planWith(targets: readonly PlanTarget[]): CompiledPlan {
    return { planVersion: 3, pipeline: 'train', source, parameters: [], outputs: [], where: [], nodes: [], artifacts: [], targets };
}

describe('targetOf', () => {
    it('reads a sandbox target: its runtime (gvisor when it names none) and its capacity in millicores and bytes, unlimited where absent', () => {
        expect(targetOf(dev)).toEqual({ kind: 'sandbox', name: 'dev', runtime: 'process', capacity: { cpu: 2000, memory: 1024, gpu: Infinity, gpuMemory: Infinity } });
        expect(targetOf(bare)).toEqual({ kind: 'sandbox', name: 'bare', runtime: 'gvisor', capacity: { cpu: Infinity, memory: Infinity, gpu: Infinity, gpuMemory: Infinity } });
    });

    it('reads a kubernetes target with its pools', () => {
        expect(targetOf(cluster)).toEqual({
            kind: 'kubernetes', name: 'cluster', namespace: 'ml', image: 'node:22',
            pools: [{ name: 'cpu', node: { cpu: 4000, memory: 8192, gpu: 0, gpuMemory: 0 }, count: 3, labels: { pool: 'cpu' }, taints: ['spot:NoSchedule'] }],
        });
    });

    it('refuses a kubernetes target it cannot use, naming the target', () => {
        expect(() => targetOf({ ...cluster, members: {} })).toThrow(new TargetError('cluster', 'names no namespace'));
        const taints = { ...cluster, pools: [{ name: 'cpu', members: { taints: 'spot' } }] };
        expect(() => targetOf(taints)).toThrow('target cluster: the taints of pool cpu must be a list of strings, found "spot"');
    });
});

describe('chooseTargets', () => {
    const plan = planWith([dev, cluster, second]);

    it('takes the plan\'s first target when none is named, and none when the plan has none', () => {
        expect(chooseTargets(plan, []).map(target => target.name)).toEqual(['dev']);
        expect(chooseTargets(planWith([]), [])).toEqual([]);
    });

    it('takes the targets named, several only when all are kubernetes targets', () => {
        expect(chooseTargets(plan, ['cluster', 'second']).map(target => target.name)).toEqual(['cluster', 'second']);
        expect(() => chooseTargets(plan, ['cluster', 'dev']))
            .toThrow(new TargetChoiceError('several targets can share a run only when all are kubernetes targets; dev is a sandbox target'));
        expect(() => chooseTargets(plan, ['moon'])).toThrow(new TargetChoiceError('train has no target moon; its targets are: dev, cluster, second'));
        expect(() => chooseTargets(planWith([]), ['moon'])).toThrow('train has no target moon; its targets are: none');
    });

    it('keeps to one kind when asked: the first of it by default, and a target of another kind refused with the purpose', () => {
        expect(chooseTargets(plan, [], { kind: 'kubernetes' }).map(target => target.name)).toEqual(['cluster']);
        const purpose = 'weft manifests writes Jobs for kubernetes targets';
        expect(() => chooseTargets(plan, ['dev'], { kind: 'kubernetes', purpose }))
            .toThrow(new TargetChoiceError('target dev is a sandbox target; weft manifests writes Jobs for kubernetes targets (cluster, second)'));
        expect(() => chooseTargets(planWith([dev]), [], { kind: 'kubernetes' }))
            .toThrow(new TargetChoiceError('train has no kubernetes target; its targets are: dev'));
    });

    it('gives the scheduler a sandbox\'s machine, or the pools of the kubernetes targets chosen', () => {
        expect(capacityOfTargets(chooseTargets(plan, ['dev'])).total).toEqual({ cpu: 2000, memory: 1024, gpu: Infinity, gpuMemory: Infinity });
        expect(capacityOfTargets([]).total).toEqual({ cpu: Infinity, memory: Infinity, gpu: Infinity, gpuMemory: Infinity });
        const pools = capacityOfTargets(chooseTargets(plan, ['cluster', 'second']));
        expect(pools.reserve({ cpu: 1000, memory: 1024, gpu: 0, gpuMemory: 0 })).toEqual({ target: 'cluster', pool: 'cpu' });
        expect(pools.reserve({ cpu: 0, memory: 0, gpu: 1, gpuMemory: 0 })).toEqual({ target: 'second', pool: 'default' });
    });
});
