import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
// @ts-expect-error: a plain ES module without types (the benchmark's workload generator)
import { singleFilePipeline } from '../../../../scripts/bench/generate.mjs';
import { TestLanguageClient } from './lsp-client.js';

// Edits that break the syntax of one declaration, over the real protocol: the server re-parses
// that declaration alone (src/incremental/partial-reparse.ts), or the whole text when the
// recovery runs on into the next declaration. Either way it must publish what a server that
// opens the broken text fresh publishes: the same syntax errors at the same document positions,
// and the same diagnostics everywhere else.
const generated = singleFilePipeline(12) as Map<string, string>;
const original = generated.get('pipeline.weft')!;
const folders: string[] = [];
let client: TestLanguageClient;
let file: string;
let opened: Diagnostic[];

/** A folder with the pipeline's step implementations, and the pipeline itself when `text` is given. */
function workspaceWith(text: string | undefined): string {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-lsp-broken-'));
    folders.push(folder);
    writeFileSync(path.join(folder, 'steps.ts'), generated.get('steps.ts')!);
    if (text !== undefined) writeFileSync(path.join(folder, 'pipeline.weft'), text);
    return folder;
}

/** One line per diagnostic, sorted: what a user sees. */
function shown(diagnostics: readonly Diagnostic[]): string[] {
    return diagnostics.map(({ range, severity, code, message }) =>
        `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character} ${severity} ${code} ${message}`).sort();
}

const hasSyntaxError = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some(diagnostic => diagnostic.code === 'syntax-error');

/** The first diagnostics a new server publishes for `text` opened in an editor (the file is not on disk). */
async function freshDiagnostics(text: string): Promise<Diagnostic[]> {
    const folder = workspaceWith(undefined);
    const fresh = await TestLanguageClient.start(folder);
    try {
        return await fresh.open(path.join(folder, 'pipeline.weft'), text);
    } finally {
        await fresh.stop();
    }
}

beforeAll(async () => {
    const folder = workspaceWith(original);
    file = path.join(folder, 'pipeline.weft');
    client = await TestLanguageClient.start(folder);
    opened = await client.open(file, original);
}, 60_000);

afterAll(async () => {
    await client?.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** `original` with step s5's text changed by `change`. */
function withStep5(change: (step: string) => string): string {
    const start = original.indexOf('step s5(');
    const end = original.indexOf('\n}\n', start) + 2;
    const changed = change(original.slice(start, end));
    expect(changed).not.toBe(original.slice(start, end));
    return original.slice(0, start) + changed + original.slice(end);
}

describe('an edit that breaks the syntax of one declaration', () => {
    const cases: [string, string][] = [
        ['a value missing in a step', withStep5(step => step.replace(/timeout: \d+m/, 'timeout: '))],
        ['a step\'s `}` missing', withStep5(step => step.replace(/\n\}$/, '\n'))],
        ['a block opened at the end of a step', withStep5(step => step.replace(/\n\}$/, '\n  extra {\n}'))],
        ['the last declaration\'s `}` missing', `${original.slice(0, original.lastIndexOf('}'))} \n`],
        // Parsed with the whole text: the record's fields go on into `type Row4 = …` (`type` is a field name too).
        ['a record type\'s `}` missing', original.replace(/(type Row3 = \{[^}]*) \}/, '$1')],
    ];

    for (const [name, broken] of cases) {
        test(`${name}: the diagnostics of a fresh open of that text, and those of the clean text once fixed`, async () => {
            expect(broken).not.toBe(original);
            const published = await client.change(file, broken, hasSyntaxError);
            const fresh = await freshDiagnostics(broken);
            expect(hasSyntaxError(fresh)).toBe(true);
            expect(shown(published)).toEqual(shown(fresh));

            const fixed = await client.change(file, original, diagnostics => !hasSyntaxError(diagnostics));
            expect(shown(fixed)).toEqual(shown(opened));
        }, 60_000);
    }
});
