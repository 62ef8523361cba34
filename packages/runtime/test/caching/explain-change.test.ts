// How a cache miss names what changed between the closest earlier key and this one.
import { describe, expect, it } from 'vitest';
import type { CacheKeyParts } from '../../src/caching/cache-key.js';
import { changedParts } from '../../src/caching/explain-change.js';

const parts: CacheKeyParts = {
    contract: 'c1', implementation: 'sha256:1', image: null, inputs: { alpha: 'a1', beta: 'b1' }, version: null,
    runtime: '@weft/runtime 0.1.0, plan 2, node 22.23.3',
};
const files = { 'steps/train.ts': 'sha256:t', 'steps/helper.ts': 'sha256:h', 'node_modules/left-pad/index.js': 'sha256:l', '@weft/runtime/dist/store/value-codec.js': 'sha256:v' };

describe('changedParts', () => {
    it('is empty for equal keys, whatever the comments in their files did to the files\' digests', () => {
        expect(changedParts({ parts, files }, { parts, files: { ...files, 'steps/train.ts': 'sha256:commented' } })).toEqual([]);
    });

    it('names the changed files of a changed implementation by kind: the project\'s, a package\'s, Weft\'s own', () => {
        const code = { ...parts, implementation: 'sha256:2' };
        expect(changedParts({ parts, files }, { parts: code, files: { ...files, 'steps/helper.ts': 'sha256:h2' } })).toEqual(['implementation changed (steps/helper.ts)']);
        expect(changedParts({ parts, files }, { parts: code, files: { ...files, 'node_modules/left-pad/index.js': 'sha256:l2', 'node_modules/left-pad/util.js': 'sha256:u' } }))
            .toEqual(['dependency changed (node_modules/left-pad/index.js, node_modules/left-pad/util.js)']);
        expect(changedParts({ parts, files }, { parts: code, files: { ...files, '@weft/runtime/dist/store/value-codec.js': 'sha256:v2' } })).toEqual(['runtime changed']);
        const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map(name => [`steps/${name}.ts`, 'sha256:x']));
        expect(changedParts({ parts, files }, { parts: code, files: { ...files, ...many } })).toEqual(['implementation changed (steps/a.ts, steps/b.ts, steps/c.ts and 2 more)']);
        // An entry of an older Weft has no files: the part alone.
        expect(changedParts({ parts }, { parts: code, files })).toEqual(['implementation changed']);
    });

    it('names the runtime, the image, each input and cache.version', () => {
        const now = { ...parts, runtime: '@weft/runtime 0.2.0, plan 2, node 22.23.3', image: 'python:3.12', inputs: { alpha: 'a2', beta: 'b1', gamma: 'g' }, version: '2' };
        expect(changedParts({ parts, files }, { parts: now, files })).toEqual(['runtime changed', 'image changed', 'input alpha changed', 'input gamma changed', 'cache.version changed']);
    });
});
