import { URI } from 'langium';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createWeftNodeServices } from '../../src/node/workspace-loader.js';
import { parseMarkedSource } from '../conformance/markers.js';

/**
 * Every keystroke makes a half-typed document: the structural rules must never throw on one.
 * Each conformance case of these groups is cut in the middle of every line (where a name or
 * a bracket is most often half typed), and each prefix is validated; Langium turns a rule that throws into a diagnostic
 * "An error occurred during validation".
 */
const groups = [
    'syntax-error', 'missing-argument', 'unknown-argument', 'duplicate-argument', 'too-many-arguments', 'cycle',
    'unused-result', 'missing-output', 'unknown-output', 'invalid-member', 'missing-run', 'impl-not-found',
];
const casesFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../conformance/cases');

async function caseFiles(): Promise<string[]> {
    const files: string[] = [];
    for (const group of groups) {
        const folder = path.join(casesFolder, group);
        for (const entry of await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) {
            if (entry.isFile() && entry.name.endsWith('.weft')) files.push(path.join(entry.parentPath, entry.name));
        }
    }
    return files.sort();
}

function prefixes(text: string): string[] {
    const cuts = new Set<number>();
    let offset = 0;
    for (const line of text.split('\n')) {
        cuts.add(offset + Math.floor(line.length / 2));
        offset += line.length + 1;
    }
    return [...cuts].sort((a, b) => a - b).map(cut => text.slice(0, cut));
}

describe('half-typed documents', async () => {
    const files = await caseFiles();
    test.each(files.map(file => [path.relative(casesFolder, file), file]))('%s never makes a rule throw', async (_name, file) => {
        const text = parseMarkedSource(file, await fs.readFile(file, 'utf8')).text;
        const services = createWeftNodeServices();
        const documents = services.shared.workspace.LangiumDocuments;
        const builder = services.shared.workspace.DocumentBuilder;
        const crashes: string[] = [];
        const uri = URI.file(file);
        for (const prefix of prefixes(text)) {
            if (documents.hasDocument(uri)) documents.deleteDocument(uri);
            const document = documents.createDocument(uri, prefix);
            await builder.build([services.builtins.Builtins.document, document], { validation: true });
            for (const diagnostic of document.diagnostics ?? []) {
                if (String(diagnostic.message).includes('An error occurred')) crashes.push(`after ${prefix.length} characters: ${diagnostic.message}`);
            }
        }
        expect(crashes).toEqual([]);
    });
});
