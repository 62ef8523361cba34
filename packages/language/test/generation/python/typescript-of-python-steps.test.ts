// What the TypeScript generator makes of Python steps: their types, no contract to `implement`, and plans that say python.
import type { CompiledPlan } from '@weft/contract';
import { describe, expect, it } from 'vitest';
import { generateFolder } from '../generation-helper.js';
import { mixedFixture } from './python-helper.js';

describe('TypeScript generation of a pipeline with Python steps', () => {
    it('gives a Python step its input and output types but no defineStep contract', async () => {
        const { files, errors } = await generateFolder(mixedFixture);
        expect(errors).toEqual([]);
        const module = files.find(file => file.path === 'training.ts')!.content;
        expect(module).toContain('export interface TrainInputs {');
        expect(module).toContain('export interface TrainOutputs {');
        expect(module).toContain('export type PublishOutputs = Readonly<Record<string, never>>;');
        expect(module).toContain('`train` is implemented in Python (`steps/train.py#train`): its contract for mypy comes from `weft generate --lang python`.');
        expect(module).not.toMatch(/export const (train|evaluate|publish) = defineStep/);
        expect(module).toContain('export const tokenize = defineStep<TokenizeInputs, TokenizeOutputs>(');
    });

    it('records each implementation\'s language in the plan', async () => {
        const { files } = await generateFolder(mixedFixture);
        const plan = JSON.parse(files.find(file => file.path === 'training.mixed.plan.json')!.content) as CompiledPlan;
        const implementations = Object.fromEntries(plan.nodes.map(node => [node.id, node.call.kind === 'step' ? node.call.implementation : undefined]));
        expect(implementations).toEqual({
            t: { module: 'steps/tokenize.ts', export: 'tokenize', language: 'typescript' },
            b: { module: 'steps/tokenize.ts', export: 'embed', language: 'typescript' },
            m: { module: 'steps/train.py', export: 'train', language: 'python' },
            e: { module: 'steps/train.py', export: 'evaluate', language: 'python' },
            p: { module: 'steps/train.py', export: 'publish', language: 'python' },
        });
    });
});
