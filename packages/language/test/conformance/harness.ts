import { URI } from 'langium';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Range } from 'vscode-languageserver';
import { createWeftNodeServices, loadWorkspace } from '../../src/node/workspace-loader.js';
import { type Expectation, parseMarkedSource } from './markers.js';

/** One conformance case: a `.weft` file, or a folder whose files form one workspace. */
export interface ConformanceCase {
    readonly name: string;
    readonly root: string;
}

export interface CaseFailure {
    readonly file: string;
    readonly message: string;
}

export interface CaseResult {
    readonly failures: readonly CaseFailure[];
    /** Every expectation of the case with its file, for the coverage check of the suite. */
    readonly expectations: readonly (Expectation & { readonly file: string })[];
}

/** The cases under `casesFolder`: each `.weft` file in a group folder, and each folder in one. */
export async function findCases(casesFolder: string): Promise<ConformanceCase[]> {
    const cases: ConformanceCase[] = [];
    for (const group of (await fs.readdir(casesFolder, { withFileTypes: true })).filter(entry => entry.isDirectory())) {
        const groupFolder = path.join(casesFolder, group.name);
        for (const entry of await fs.readdir(groupFolder, { withFileTypes: true })) {
            if (entry.isDirectory() || entry.name.endsWith('.weft')) {
                cases.push({ name: `${group.name}/${entry.name}`, root: path.join(groupFolder, entry.name) });
            }
        }
    }
    return cases.sort((a, b) => a.name.localeCompare(b.name));
}

/** Checks a case: loads its files with the markers removed and compares diagnostics to markers. */
export async function runCase(testCase: ConformanceCase): Promise<CaseResult> {
    const services = createWeftNodeServices();
    const files = (await fs.stat(testCase.root)).isDirectory() ? await weftFilesUnder(testCase.root) : [testCase.root];
    const marked = new Map<string, ReturnType<typeof parseMarkedSource>>();
    for (const file of files) {
        const source = parseMarkedSource(path.relative(process.cwd(), file), await fs.readFile(file, 'utf8'));
        marked.set(file, source);
        services.shared.workspace.LangiumDocuments.createDocument(URI.file(file), source.text);
    }
    const workspace = await loadWorkspace([testCase.root], services);
    const failures: CaseFailure[] = [];
    const expectations: (Expectation & { file: string })[] = [];
    for (const document of workspace.documents) {
        const file = document.uri.fsPath;
        const source = marked.get(file);
        const diagnostics = document.diagnostics ?? [];
        const fileExpectations = source?.expectations ?? [];
        expectations.push(...fileExpectations.map(expectation => ({ ...expectation, file })));
        failures.push(...compare(file, diagnostics, fileExpectations));
    }
    return { failures, expectations };
}

function compare(file: string, diagnostics: readonly Diagnostic[], expectations: readonly Expectation[]): CaseFailure[] {
    const failures: CaseFailure[] = [];
    const accounted = new Set<Diagnostic>();
    for (const expectation of expectations) {
        const sameKind = diagnostics.filter(diagnostic =>
            diagnostic.code === expectation.code
            && (expectation.severity === undefined || severityOf(diagnostic) === expectation.severity)
            && (expectation.message === undefined || diagnostic.message.includes(expectation.message)));
        if (expectation.negated) {
            const offending = sameKind.filter(diagnostic => overlaps(diagnostic.range, expectation.range));
            for (const diagnostic of offending) {
                failures.push({ file, message: `expected no ${expectation.code} at ${show(expectation.range)} ($TEST$ on line ${expectation.line}), got ${describe(diagnostic)}` });
            }
        } else {
            const found = sameKind.filter(diagnostic => contains(expectation.range, diagnostic.range));
            if (found.length === 0) {
                const nearby = diagnostics.filter(diagnostic => overlaps(diagnostic.range, expectation.range)).map(describe);
                failures.push({
                    file,
                    message: `expected ${expectation.severity} ${expectation.code}${expectation.message ? ` "${expectation.message}"` : ''} at ${show(expectation.range)} ($TEST$ on line ${expectation.line})`
                        + (nearby.length > 0 ? `; found there: ${nearby.join('; ')}` : '; found nothing there'),
                });
            }
            found.forEach(diagnostic => accounted.add(diagnostic));
        }
    }
    for (const diagnostic of diagnostics) {
        const severity = severityOf(diagnostic);
        if ((severity === 'error' || severity === 'warning') && !accounted.has(diagnostic)) {
            failures.push({ file, message: `unexpected ${describe(diagnostic)}` });
        }
    }
    return failures;
}

async function weftFilesUnder(folder: string): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await fs.readdir(folder, { withFileTypes: true, recursive: true })) {
        if (entry.isFile() && entry.name.endsWith('.weft')) found.push(path.join(entry.parentPath, entry.name));
    }
    return found.sort();
}

function severityOf(diagnostic: Diagnostic): 'error' | 'warning' | 'info' | 'hint' {
    switch (diagnostic.severity) {
        case 1: return 'error';
        case 2: return 'warning';
        case 3: return 'info';
        default: return 'hint';
    }
}

function describe(diagnostic: Diagnostic): string {
    return `${severityOf(diagnostic)} ${String(diagnostic.code ?? '(no code)')} at ${show(diagnostic.range)}: ${diagnostic.message}`;
}

function show(range: Range): string {
    return `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
}

function before(a: Range['start'], b: Range['start']): boolean {
    return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function contains(outer: Range, inner: Range): boolean {
    return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function overlaps(a: Range, b: Range): boolean {
    return before(a.start, b.end) && before(b.start, a.end);
}
