// The content-addressed artifact store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArtifactStore } from '../../src/artifacts/artifact-store.js';

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
