import { describe, expect, test } from 'vitest';
import { compareCheckDiagnostics, MissingCode, toCheckDiagnostic, type CheckDiagnostic } from '../../../src/commands/check/check-diagnostic.js';

const range = { start: { line: 0, character: 4 }, end: { line: 2, character: 0 } };

describe('toCheckDiagnostic', () => {
    test('makes positions 1-based and keeps the end exclusive', () => {
        expect(toCheckDiagnostic('a.weft', { range, severity: 1, code: 'syntax-error', message: 'bad' })).toEqual({
            file: 'a.weft', line: 1, column: 5, endLine: 3, endColumn: 1, severity: 'error', code: 'syntax-error', message: 'bad',
        });
    });

    test.each([
        [1, 'error'], [2, 'warning'], [3, 'info'], [4, 'info'], [undefined, 'error'],
    ] as const)('LSP severity %s is %s', (severity, expected) => {
        expect(toCheckDiagnostic('a.weft', { range, severity, code: 'cycle', message: 'm' }).severity).toBe(expected);
    });

    test('a diagnostic without a code shows the internal-error code', () => {
        expect(toCheckDiagnostic('a.weft', { range, message: 'An error occurred during validation' }).code).toBe(MissingCode);
    });
});

describe('compareCheckDiagnostics', () => {
    const at = (file: string, line: number, column: number): CheckDiagnostic =>
        ({ file, line, column, endLine: line, endColumn: column + 1, severity: 'error', code: 'cycle', message: `${file}:${line}:${column}` });

    test('sorts by file, then line, then column, numerically', () => {
        const sorted = [at('b.weft', 1, 1), at('a.weft', 10, 1), at('a.weft', 2, 30), at('a.weft', 2, 4), at('B.weft', 1, 1)]
            .sort(compareCheckDiagnostics)
            .map(diagnostic => diagnostic.message);
        expect(sorted).toEqual(['B.weft:1:1', 'a.weft:2:4', 'a.weft:2:30', 'a.weft:10:1', 'b.weft:1:1']);
    });
});
