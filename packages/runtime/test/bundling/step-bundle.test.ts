// A step is bundled with esbuild before every attempt, starting from the runtime's main entry:
// what that entry reaches is read each time. The Kubernetes client (16 MB of sources) must stay
// behind `@weft/runtime/kubernetes`, or every attempt pays ~0.7 s of bundling for nothing.
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleStep } from '../../src/bundling/bundle-step.js';
import { runtimePackageDir } from '../../src/bundling/runtime-package.js';

describe('step bundles', () => {
    it('the main entry reaches neither the Kubernetes client nor the Argo export', async () => {
        const result = await build({
            entryPoints: [path.join(runtimePackageDir(), 'dist', 'index.js')], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent',
        });
        const inputs = Object.keys(result.metafile.inputs);
        expect(inputs.length).toBeGreaterThan(20);
        expect(inputs.filter(input => input.includes('@kubernetes/client-node'))).toEqual([]);
        expect(inputs.filter(input => /dist\/kubernetes\/(kubernetes-executor|argo\/)/.test(input))).toEqual([]);
    });

    it('a no-op step bundles to a small file: only the value codec and what it needs come along', async () => {
        const root = mkdtempSync(path.join(tmpdir(), 'weft-bundle-'));
        writeFileSync(path.join(root, 'noop.mjs'), 'export async function noop() { return { value: 1 }; }\n');
        const bundle = await bundleStep(root, 'noop.mjs', 'noop', path.join(root, '.weft'));
        expect(statSync(bundle.file).size).toBeLessThan(64 * 1024);
        const module = await import(bundle.file) as { step: () => Promise<unknown>; encodeValue: (value: unknown) => unknown };
        expect(await module.step()).toEqual({ value: 1 });
        expect(module.encodeValue({ a: 1 })).toEqual({ a: 1 });
    });
});
