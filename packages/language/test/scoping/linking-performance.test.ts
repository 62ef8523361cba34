import { DocumentState } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, referencesNamed } from './test-workspace.js';

/**
 * Local lookup is map-based: one file with 5,000 steps and a pipeline of 5,000 `let`s links
 * in linear time (Langium's default list scan made a 50k-line file take 40 s). The time is
 * printed, not asserted: machines differ; what is asserted is that every name resolved.
 */
const size = 5_000;

function bigFile(): string {
    const steps = Array.from({ length: size }, (_, i) =>
        `step s${i}<N>(x: int, t: Tensor<f32, [N, 8]>, r: int = 1) -> (out: int) { run: "./steps.ts#s", resources { memory: 1Gi * r } }`);
    const lets = Array.from({ length: size }, (_, i) => `  let l${i} = s${i}(${i === 0 ? 'n' : `l${i - 1}.out`}, t)`);
    return `${steps.join('\n')}\npipeline p(n: int, t: Tensor<f32, [4, 8]>) -> (out: int) {\n${lets.join('\n')}\n  return { out: l${size - 1}.out }\n}\n`;
}

describe('linking performance', () => {
    test(`a file of ${size} steps and a pipeline of ${size} lets links in linear time`, { timeout: 120_000 }, async () => {
        const text = bigFile();
        const phases = new Map<DocumentState, number>();
        const started = performance.now();
        const workspace = await buildWorkspace({ 'big.weft': text }, {
            validation: false,
            beforeBuild: builder => {
                for (const state of [DocumentState.Parsed, DocumentState.ComputedScopes, DocumentState.Linked]) {
                    builder.onBuildPhase(state, () => phases.set(state, performance.now() - started));
                }
            },
        });
        // Local symbols are built while indexing (the exports reuse them), so that phase counts too.
        const scopes = phases.get(DocumentState.ComputedScopes)! - phases.get(DocumentState.Parsed)!;
        const linking = phases.get(DocumentState.Linked)! - phases.get(DocumentState.ComputedScopes)!;
        console.info(`${size} steps, ${size} lets: indexing and local scopes ${scopes.toFixed(0)} ms, linking ${linking.toFixed(0)} ms`);

        const document = workspace.document('big.weft');
        const references = document.references;
        expect(references.length).toBeGreaterThan(8 * size);
        expect(references.filter(reference => reference.error !== undefined).map(reference => reference.$refText)).toEqual([]);
        expect(referencesNamed(document, `l${size - 2}`)[0]?.ref?.$type).toBe('LetStatement');
        expect(referencesNamed(document, 'N').at(-1)?.ref?.$type).toBe('DimensionVariable');
    });
});
