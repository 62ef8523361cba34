// A `weft build` artifact ships its step bundles and no esbuild: once prebuilt bundles are set,
// every bundle request is answered from them, even where the step's sources do not exist.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleError, bundleStep, type StepBundle } from '../../src/bundling/bundle-step.js';
import { usePrebuiltBundles } from '../../src/bundling/prebuilt-bundles.js';
import { stepCode } from '../../src/bundling/step-code.js';

const bundle: StepBundle = { file: '/artifact/steps/abc.mjs', hash: 'sha256:abc', code: 'sha256:def', inputs: { 'steps/train.ts': 'sha256:123' } };

describe('prebuilt step bundles', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'weft-prebuilt-'));
    usePrebuiltBundles(new Map([['./steps/train.ts#train', bundle]]));

    it('answers a bundle request without the sources or esbuild', async () => {
        // root holds no steps/train.ts: bundling it would fail.
        await expect(bundleStep(root, './steps/train.ts', 'train', path.join(root, '.weft'))).resolves.toBe(bundle);
    });

    it("gives the step's code digest and files from the prebuilt bundle", async () => {
        await expect(stepCode(root, { module: './steps/train.ts', export: 'train' }, path.join(root, '.weft')))
            .resolves.toEqual({ digest: 'sha256:def', files: { 'steps/train.ts': 'sha256:123' } });
    });

    it('refuses a step the prebuilt bundles do not hold, naming it', async () => {
        const refusal = bundleStep(root, './steps/train.ts', 'evaluate', path.join(root, '.weft'));
        await expect(refusal).rejects.toBeInstanceOf(BundleError);
        await expect(refusal).rejects.toMatchObject({ code: 'step-bundle', message: 'cannot bundle ./steps/train.ts: this artifact has no bundle of its export evaluate' });
    });
});
