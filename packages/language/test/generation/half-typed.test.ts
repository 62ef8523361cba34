// Generation is only run on documents that check clean, but a half-typed one (an editor
// preview, a caller that ignores the errors) must never make it throw.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFolder } from './generation-helper.js';
import { generatePythonFolder } from './python/python-helper.js';

const fragments = [
    'step s(a: ) -> (b: Dataset<',
    'pipeline p(x: int = ) -> (y: int) { let a = nope(x) let b = for v in => s(v).out when a.b { } return { y: a.q } }',
    'type T<N> = Tensor<f32, [N, ]> const c = c + 1 dataset d: Dataset<T<> { uri: }',
    'step s<N>(x: Tensor<f32, [N]>) -> (y: int) { run: "nope" resources { cpu: 2x } } pipeline q() { let a = s(1) with { resources } on failure of zz { let b = s(failure) } }',
    'target t: kubernetes { pool { } } pipeline r() -> (o: int) { targets: [t, 3] return { o: 1 } }',
    'type R = { a: { b: R?, c: 1.5 | "x" }, ' + "'d': int } type P<T, S> = Tensor<T, S> step u(x: { y: P<f32, [2]> }, z: \"a\" | 2.5) -> () { run: \"./u.py#\" }",
];

describe('generation of half-typed documents, TypeScript and Python', () => {
    it.each(fragments)('does not throw on %s', async fragment => {
        const folder = mkdtempSync(path.join(tmpdir(), 'weft-half-'));
        writeFileSync(path.join(folder, 'broken.weft'), fragment);
        const { files, errors } = await generateFolder(folder);
        expect(errors.length).toBeGreaterThan(0);
        expect(files.map(file => file.path)).toContain('broken.ts');
        const python = await generatePythonFolder(folder);
        expect(python.files.map(file => file.path)).toEqual(['broken.py', 'weft_contract.py']);
    });
});
