// Output values against declared Weft types, and the content-addressed store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/artifacts/artifact-store.js';
import { checkOutputs } from '../../src/artifacts/check-outputs.js';
import { Dataset } from '../../src/handles/dataset.js';

const check = (type: string, value: unknown): string | undefined => checkOutputs('t', [{ name: 'x', type }], { x: value })?.message;

describe('checkOutputs', () => {
    it('accepts values of the declared types', () => {
        expect(check('int', 3)).toBeUndefined();
        expect(check('float', 3)).toBeUndefined();
        expect(check('{ a: string, b?: bool }[]', [{ a: 'x' }, { a: 'y', b: true, extra: 1 }])).toBeUndefined();
        expect(check('"staging" | "production"', 'staging')).toBeUndefined();
        expect(check('Metrics', { accuracy: 0.9 })).toBeUndefined();
        expect(check('Dataset<Review>', new Dataset('/x.jsonl'))).toBeUndefined();
        expect(check('int?', undefined)).toBeUndefined();
        expect(check('Classifier', 'an alias is not checked')).toBeUndefined();
    });

    it('names the field that does not match', () => {
        expect(check('int', 2.5)).toContain('x is number 2.5, expected int (declared as int)');
        expect(check('{ a: string }[]', [{ a: 'x' }, { a: 1 }])).toContain('x[1].a is number 1, expected string');
        expect(check('{ a: string }', {})).toContain('x.a is missing');
        expect(check('Metrics', { accuracy: 'high' })).toContain('x.accuracy is string "high", expected float');
        expect(check('Dataset<Review>', '/x.jsonl')).toContain('expected a Dataset handle');
        expect(check('"a" | "b"', 'c')).toContain('x is string "c"');
    });
});

describe('ArtifactStore', () => {
    it('stores equal bytes once under their sha256', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'weft-store-'));
        const store = new ArtifactStore(path.join(dir, 'store'));
        writeFileSync(path.join(dir, 'a.jsonl'), '{"a":1}\n');
        writeFileSync(path.join(dir, 'b.jsonl'), '{"a":1}\n');
        const a = await store.putFile(path.join(dir, 'a.jsonl'));
        const b = await store.putFile(path.join(dir, 'b.jsonl'));
        expect(a).toEqual(b);
        expect(a.digest).toBe('sha256:e346432021b04179518d9614f3560ccd71354a4ee101ddcb893d6959a9d6301c');
        expect(a.path).toBe(path.join(dir, 'store', 'sha256', a.digest.slice(7, 9), `${a.digest.slice(7)}.jsonl`));
        expect(store.has(a.digest, '.jsonl')).toBe(true);
        expect(store.has(`sha256:${'f'.repeat(64)}`, '.jsonl')).toBe(false);
    });
});
