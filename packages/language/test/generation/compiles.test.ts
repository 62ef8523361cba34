// The generated code compiles under `strict`, with NodeNext and with Bundler resolution, in a
// project of its own that depends only on @weft/contract.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildContract, examplesFolder, exampleNames, generateFolder, runTsc, temporaryProject, writeFiles } from './generation-helper.js';

const resolutions = [
    { module: 'NodeNext', moduleResolution: 'NodeNext' },
    { module: 'ESNext', moduleResolution: 'Bundler' },
] as const;

beforeAll(() => buildContract(), 120_000);

describe.each(resolutions)('generated code with module $module and moduleResolution $moduleResolution', resolution => {
    it('type-checks under strict and the stricter options repos turn on', async () => {
        const project = temporaryProject('weft-generated-');
        writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'generated', private: true, type: 'module' }));
        for (const example of exampleNames) {
            const { files, errors } = await generateFolder(path.join(examplesFolder, example));
            expect(errors).toEqual([]);
            writeFiles(path.join(project, 'src', example), files);
        }
        writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
            compilerOptions: {
                target: 'ES2022',
                ...resolution,
                strict: true,
                noEmit: true,
                noUnusedLocals: true,
                noUnusedParameters: true,
                noUncheckedIndexedAccess: true,
                exactOptionalPropertyTypes: true,
                verbatimModuleSyntax: true,
                isolatedModules: true,
                skipLibCheck: false,
                types: [],
            },
            include: ['src/**/*.ts'],
        }));
        const result = runTsc(['-p', project], project);
        expect(result.output).toBe('');
        expect(result.status).toBe(0);
    }, 120_000);
});
