// `gpuMemory` reaches the compiled plan as a memory quantity, in a step's resources and in its targets.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFolder } from './generation-helper.js';

const GiB = 2 ** 30;

describe('gpuMemory in the plan', () => {
    it('is a memory quantity in each node\'s resources (a call\'s with replacing it) and a number of bytes in its targets', async () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-gpu-memory-'));
        writeFileSync(path.join(folder, 'steps.ts'), 'export async function finetune() { return { loss: 1 }; }\n');
        writeFileSync(path.join(folder, 'tune.weft'), [
            'step finetune() -> (loss: float) {',
            '  run: "./steps.ts#finetune"',
            '  resources { gpu: 1, gpuMemory: 16Gi }',
            '}',
            'pipeline tune() -> (a: float, b: float) {',
            '  let small = finetune()',
            '  let large = finetune() with { resources { gpuMemory: 40Gi } }',
            '  return { a: small.loss, b: large.loss }',
            '}',
            'target workstation: sandbox { runtime: "process"  capacity { cpu: 8, memory: 64Gi, gpu: 1, gpuMemory: 48Gi } }',
            'target cluster: kubernetes {',
            '  namespace: "ml"',
            '  pool a100 { cpu: 32, memory: 256Gi, gpu: 8, gpuMemory: 80Gi }',
            '}',
            '',
        ].join('\n'));
        const { files, errors } = await generateFolder(folder);
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path.endsWith('.plan.json'))!.content) as {
            nodes: { id: string; settings: { resources?: { gpuMemory?: unknown } } }[];
            targets: { name: string; members: { capacity?: { gpuMemory?: unknown } }; pools: { members: { gpuMemory?: unknown } }[] }[];
        };
        expect(Object.fromEntries(plan.nodes.map(node => [node.id, node.settings.resources?.gpuMemory]))).toEqual({
            small: { kind: 'quantity', unit: 'memory', value: 16 * GiB },
            large: { kind: 'quantity', unit: 'memory', value: 40 * GiB },
        });
        expect(plan.targets.find(target => target.name === 'workstation')?.members.capacity?.gpuMemory).toBe(48 * GiB);
        expect(plan.targets.find(target => target.name === 'cluster')?.pools[0]?.members.gpuMemory).toBe(80 * GiB);
    });
});
