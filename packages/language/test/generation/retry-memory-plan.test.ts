// `retry { memory }` reaches the compiled plan as a memory quantity, a call's `with` over the step's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFolder } from './generation-helper.js';

describe('retry.memory in the plan', () => {
    it('is a memory quantity in each node\'s settings, the call\'s with replacing only that field', async () => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-retry-memory-'));
        writeFileSync(path.join(folder, 'steps.ts'), 'export async function hog() { return { held: 1 }; }\n');
        writeFileSync(path.join(folder, 'oom.weft'), [
            'step hog() -> (held: int) {',
            '  run: "./steps.ts#hog"',
            '  resources { cpu: 1, memory: 128Mi }',
            '  retry { attempts: 2, memory: 1Gi }',
            '}',
            'pipeline twice() -> (a: int, b: int) {',
            '  let first = hog()',
            '  let second = hog() with { retry { memory: 256Mi } }',
            '  return { a: first.held, b: second.held }',
            '}',
            '',
        ].join('\n'));
        const { files, errors } = await generateFolder(folder);
        expect(errors).toEqual([]);
        const plan = JSON.parse(files.find(file => file.path.endsWith('.plan.json'))!.content) as { nodes: { id: string; settings: { retry?: unknown } }[] };
        const retry = Object.fromEntries(plan.nodes.map(node => [node.id, node.settings.retry]));
        expect(retry).toEqual({
            first: { attempts: { kind: 'literal', value: 2 }, memory: { kind: 'quantity', unit: 'memory', value: 2 ** 30 } },
            second: { attempts: { kind: 'literal', value: 2 }, memory: { kind: 'quantity', unit: 'memory', value: 256 * 2 ** 20 } },
        });
    });
});
