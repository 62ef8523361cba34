// Golden files: the Python contracts of the mixed fixture (TypeScript and Python steps), kept under golden/.
// After an intended change, regenerate with `WEFT_UPDATE_GOLDEN=1 npx vitest run packages/language/test/generation/python`
// and review the diff before committing it.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeFiles } from '../generation-helper.js';
import { generatePythonFolder, mixedFixture } from './python-helper.js';

const goldenFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const updating = process.env['WEFT_UPDATE_GOLDEN'] === '1';

describe('Python contracts of the mixed fixture', () => {
    it('match the golden files', async () => {
        const { files, errors } = await generatePythonFolder(mixedFixture);
        expect(errors).toEqual([]);
        if (updating) {
            rmSync(goldenFolder, { recursive: true, force: true });
            mkdirSync(goldenFolder, { recursive: true });
            writeFiles(goldenFolder, files);
        }
        expect(files.map(file => file.path)).toEqual(['records.py', 'training.py', 'weft_contract.py']);
        for (const file of files) {
            expect(file.content, file.path).toBe(readFileSync(path.join(goldenFolder, file.path), 'utf8'));
        }
    });

    it('are byte-identical when generated again from a fresh workspace', async () => {
        const first = await generatePythonFolder(mixedFixture);
        const second = await generatePythonFolder(mixedFixture);
        expect(second.files).toEqual(first.files);
    });
});
