// Golden files: the generated code of every example, reviewed and kept under golden/<example>/.
// After an intended change, regenerate with `WEFT_UPDATE_GOLDEN=1 npx vitest run packages/language/test/generation`
// and review the diff before committing it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { examplesFolder, exampleNames, generateFolder, writeFiles } from './generation-helper.js';

const goldenFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const updating = process.env['WEFT_UPDATE_GOLDEN'] === '1';

function filesUnder(folder: string, prefix = ''): string[] {
    if (!existsSync(folder)) return [];
    return readdirSync(folder, { withFileTypes: true }).flatMap(entry => entry.isDirectory()
        ? filesUnder(path.join(folder, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`]).sort();
}

describe.each(exampleNames)('generated code of examples/%s', example => {
    it('matches the golden files', async () => {
        const { files, errors } = await generateFolder(path.join(examplesFolder, example));
        expect(errors).toEqual([]);
        const golden = path.join(goldenFolder, example);
        if (updating) {
            rmSync(golden, { recursive: true, force: true });
            mkdirSync(golden, { recursive: true });
            writeFiles(golden, files);
        }
        expect(files.map(file => file.path)).toEqual(filesUnder(golden));
        for (const file of files) {
            expect(file.content, file.path).toBe(readFileSync(path.join(golden, file.path), 'utf8'));
        }
    });

    it('is byte-identical when generated again from a fresh workspace', async () => {
        const first = await generateFolder(path.join(examplesFolder, example));
        const second = await generateFolder(path.join(examplesFolder, example));
        expect(second.files).toEqual(first.files);
    });
});
