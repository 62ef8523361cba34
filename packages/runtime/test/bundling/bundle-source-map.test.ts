// A step bundle's inline source map names its sources relative to the project, wherever weft was started.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRelativeSources } from '../../src/bundling/bundle-source-map.js';
import { bundleStep } from '../../src/bundling/bundle-step.js';
import { cacheDir, fixtureRoot } from '../sandbox/sandbox-fixtures.js';

const inlineMap = (code: string): { sources: string[]; sourcesContent?: unknown } =>
    JSON.parse(Buffer.from(/sourceMappingURL=data:application\/json;base64,(\S+)\n$/.exec(code)![1]!, 'base64').toString('utf8'));

describe('step bundle source maps', () => {
    it('rewrites sources named from the working folder to names from the project', () => {
        const map = { version: 3, sources: ['../proj/steps/train.ts', '../proj/node_modules/lib/index.js'], mappings: 'AAAA' };
        const code = `export {};\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
        const rewritten = projectRelativeSources(code, '/work/proj', '/work/cwd');
        expect(rewritten.startsWith('export {};\n//# sourceMappingURL=')).toBe(true);
        expect(inlineMap(rewritten)).toEqual({ ...map, sources: ['steps/train.ts', 'node_modules/lib/index.js'] });
        expect(projectRelativeSources('export {};\n', '/work/proj')).toBe('export {};\n');
    });

    it('bundles a step with an inline map of its project-relative sources, without their text', async () => {
        const bundle = await bundleStep(fixtureRoot, 'steps.ts', 'fails', cacheDir);
        const map = inlineMap(readFileSync(bundle.file, 'utf8'));
        expect(map.sources).toContain('test/sandbox/fixtures/steps.ts');
        // The runtime and contract packages lie outside this project (workspace links): named with `..`, never absolutely.
        expect(map.sources.every(source => !path.isAbsolute(source))).toBe(true);
        expect(map.sourcesContent).toBeUndefined();
    });
});
