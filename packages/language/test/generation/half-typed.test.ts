// Generation is only run on documents that check clean, but a half-typed one (an editor
// preview, a caller that ignores the errors) must never make it throw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFolder } from './generation-helper.js';

const fragments = [
    'step s(a: ) -> (b: Dataset<',
    'pipeline p(x: int = ) -> (y: int) { let a = nope(x) let b = for v in => s(v).out when a.b { } return { y: a.q } }',
    'type T<N> = Tensor<f32, [N, ]> const c = c + 1 dataset d: Dataset<T<> { uri: }',
    'step s<N>(x: Tensor<f32, [N]>) -> (y: int) { run: "nope" resources { cpu: 2x } } pipeline q() { let a = s(1) with { resources } on failure of zz { let b = s(failure) } }',
    'target t: kubernetes { pool { } } pipeline r() -> (o: int) { targets: [t, 3] return { o: 1 } }',
];

describe('generation of half-typed documents', () => {
    it.each(fragments)('does not throw on %s', async fragment => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-half-'));
        writeFileSync(path.join(folder, 'broken.weft'), fragment);
        const { files, errors } = await generateFolder(folder);
        expect(errors.length).toBeGreaterThan(0);
        expect(files.map(file => file.path)).toContain('broken.ts');
    });
});
