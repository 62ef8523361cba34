// The lineage formatters are pure: a graph in, text out.
import { describe, expect, it } from 'vitest';
import type { LineageGraph } from '@weft/runtime';
import { formatLineageMermaid } from '../../../src/commands/lineage/format-lineage-mermaid.js';
import { formatLineageText } from '../../../src/commands/lineage/format-lineage-text.js';

const digest = `sha256:${'a'.repeat(64)}`;
const graph: LineageGraph = {
    focus: `artifact:${digest}`,
    nodes: [
        { id: `artifact:${digest}`, type: 'artifact', digest, kind: 'file', size: 3 },
        { id: 'task:r:split[0]', type: 'task', runId: 'r0000000-1', taskId: 'split[0]', step: 'split', values: { n: 2 } },
        { id: 'declared:r:m', type: 'declared', runId: 'r', name: 'm', kind: 'model', uri: 'file:m.bin', digest: `sha256:${'b'.repeat(64)}`, signedBy: 'env:KEY' },
    ],
    edges: [
        { from: 'task:r:split[0]', to: `artifact:${digest}`, label: 'parts[1]' },
        { from: 'declared:r:m', to: 'task:r:split[0]', label: 'model' },
    ],
};

describe('lineage formatters', () => {
    it('Mermaid: escapes what would end a label, marks the focus', () => {
        const text = formatLineageMermaid(graph);
        expect(text).toContain('n1 -->|parts#91;1#93;| n0');
        expect(text).toContain('n1["split#91;0#93; · split<br/>from cache"]');
        expect(text).toContain('n2[/"model m<br/>sha256:bbbbbbbbbbbb"/]');
        expect(text).toMatch(/style n0 stroke-width:3px\n$/);
    });

    it('text: a task completed from cache, and a signed model not verified in the run', () => {
        expect(formatLineageText(graph)).toBe([
            `file ${digest} (3 bytes)`,
            'came from:',
            '  task split[0] (step split, run r0000000, from cache), output parts[1]',
            '    n = 2',
            `    model ← model m, file:m.bin, sha256:${'b'.repeat(64)}, signed by env:KEY, not verified in this run`,
            'used by: nothing recorded',
            '',
        ].join('\n'));
    });

    it('text: the code a task ran and its hyperparameter digest, under the task; an unknown dirty flag says so', () => {
        const code = `sha256:${'c'.repeat(64)}`;
        const contract = `sha256:${'d'.repeat(64)}`;
        const hyperparameters = `sha256:${'e'.repeat(64)}`;
        const task = (git: { commit: string; dirty?: boolean } | undefined): LineageGraph => ({
            runId: 'r0000000-1',
            nodes: [{ id: 't', type: 'task', runId: 'r0000000-1', taskId: 'train', step: 'train', attempt: 1, values: { lr: 0.1 }, code, contractHash: contract, hyperparameters, ...(git ? { git } : {}) }],
            edges: [],
        });
        expect(formatLineageText(task({ commit: 'f'.repeat(40), dirty: true }))).toBe([
            'run r0000000-1', 'tasks:',
            '  task train (step train, run r0000000, attempt 1)',
            `    code: bundle ${code}, contract ${contract}, git ${'f'.repeat(40)} (dirty)`,
            `    hyperparameters: ${hyperparameters}`,
            '    lr = 0.1',
            '',
        ].join('\n'));
        expect(formatLineageText(task({ commit: 'f'.repeat(40) }))).toContain(`git ${'f'.repeat(40)} (dirty unknown)\n`);
        expect(formatLineageText(task({ commit: 'f'.repeat(40), dirty: false }))).toContain(`contract ${contract}, git ${'f'.repeat(40)}\n`);
        expect(formatLineageText(task(undefined))).toContain(`    code: bundle ${code}, contract ${contract}\n`);
    });

    it('text: stops a long chain after 30 levels and says how to see further', () => {
        // a0 ← t1 ← a1 ← t2 ← … ← a100: each task makes artifact i from artifact i - 1.
        const hex = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;
        const nodes: LineageGraph['nodes'] = [
            ...Array.from({ length: 101 }, (_, i) => ({ id: `a${i}`, type: 'artifact' as const, digest: hex(i), kind: 'file' as const })),
            ...Array.from({ length: 100 }, (_, i) => ({ id: `t${i + 1}`, type: 'task' as const, runId: 'r', taskId: `t${i + 1}`, step: 's', attempt: 1, values: {} })),
        ];
        const edges = Array.from({ length: 100 }, (_, i) => [{ from: `a${i}`, to: `t${i + 1}`, label: 'in' }, { from: `t${i + 1}`, to: `a${i + 1}`, label: 'out' }]).flat();
        const up = formatLineageText({ focus: 'a100', nodes, edges });
        expect(up).toMatch(/… \(deeper: weft lineage sha256:0{62}[0-9a-f]{2}\)/);
        expect(up.split('\n').length).toBeLessThan(80);
        const down = formatLineageText({ focus: 'a0', nodes, edges });
        expect(down).toContain('… (further: weft lineage --format json)');
        expect(down.split('\n').length).toBeLessThan(80);
    });

    it('text: shared ancestry is printed once per task (a 2-wide lattice 200 deep would have 2^200 paths)', () => {
        const layers = 200;
        const art = (layer: number, side: string) => `artifact:sha256:${String(layer).padStart(3, '0')}${side}${'0'.repeat(60)}`;
        const nodes: LineageGraph['nodes'][number][] = [];
        const edges: LineageGraph['edges'][number][] = [];
        for (let layer = 0; layer < layers; layer++) {
            for (const side of ['a', 'b']) {
                const task = `task:r:t${layer}${side}`;
                nodes.push({ id: task, type: 'task', runId: 'r0000000', taskId: `t${layer}${side}`, step: 's', attempt: 1, values: {} });
                nodes.push({ id: art(layer, side), type: 'artifact', digest: art(layer, side).slice('artifact:'.length), kind: 'file' });
                edges.push({ from: task, to: art(layer, side), label: 'out' });
                if (layer > 0) edges.push({ from: art(layer - 1, 'a'), to: task, label: 'left' }, { from: art(layer - 1, 'b'), to: task, label: 'right' });
            }
        }
        const started = performance.now();
        const text = formatLineageText({ focus: art(layers - 1, 'a'), nodes, edges });
        expect(performance.now() - started).toBeLessThan(5000);
        const lines = text.split('\n');
        // Each task's inputs are listed once; a second path to it says so instead of repeating them.
        expect(lines.filter(line => line.trim().startsWith('left ←')).length).toBeLessThanOrEqual(layers);
        expect(lines.filter(line => line.includes('… (its inputs are shown above)')).length).toBeGreaterThan(0);
        expect(lines.length).toBeLessThan(10 * layers);
    });

    it('text and Mermaid: an input the task returned unchanged says so', () => {
        const model = `sha256:${'c'.repeat(64)}`;
        const passed: LineageGraph = {
            focus: 'declared:r:base',
            nodes: [
                { id: 'declared:r:base', type: 'declared', runId: 'r', name: 'base', kind: 'model', uri: 'file:base.json', digest: model },
                { id: 'task:r:a', type: 'task', runId: 'r0000000', taskId: 'a', step: 'keep', attempt: 1, values: {} },
            ],
            edges: [{ from: 'declared:r:base', to: 'task:r:a', label: 'model', returned: 'model' }],
        };
        expect(formatLineageText(passed)).toBe([
            `model base, file:base.json, ${model}`,
            'used by:',
            '  task a (step keep, run r0000000, attempt 1), as input model (returned unchanged as model)',
            '',
        ].join('\n'));
        expect(formatLineageMermaid(passed)).toContain('n0 -->|model, returned unchanged as model| n1');
    });
});
