import { createColors } from 'picocolors';
import { describe, expect, test } from 'vitest';
import type { CheckDiagnostic } from '../../../src/commands/check/check-diagnostic.js';
import { formatDiagnosticLine, formatSummary } from '../../../src/commands/check/format-text.js';

const plain = createColors(false);

function diagnostic(overrides: Partial<CheckDiagnostic>): CheckDiagnostic {
    return { file: 'a.weft', line: 3, column: 7, endLine: 3, endColumn: 9, severity: 'error', code: 'type-mismatch', message: 'expected int', ...overrides };
}

describe('formatDiagnosticLine', () => {
    test('prints file:line:col: severity code: message', () => {
        expect(formatDiagnosticLine(diagnostic({}), plain)).toBe('a.weft:3:7: error type-mismatch: expected int');
        expect(formatDiagnosticLine(diagnostic({ severity: 'warning', code: 'unused-result', message: 'x is unused' }), plain))
            .toBe('a.weft:3:7: warning unused-result: x is unused');
    });

    test('keeps a message that spans lines on one line', () => {
        expect(formatDiagnosticLine(diagnostic({ message: 'expecting one of:\n  1. [ID]\n  2. [type]\n' }), plain))
            .toBe('a.weft:3:7: error type-mismatch: expecting one of: 1. [ID] 2. [type]');
    });

    test('colours only when asked', () => {
        const coloured = formatDiagnosticLine(diagnostic({}), createColors(true));
        expect(coloured).toContain('\x1b[');
        expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe('a.weft:3:7: error type-mismatch: expected int');
    });
});

describe('formatSummary', () => {
    test.each([
        [[], 3, 'no problems in 3 files'],
        [[], 1, 'no problems in 1 file'],
        [[diagnostic({})], 1, '1 error in 1 file'],
        [[diagnostic({}), diagnostic({}), diagnostic({ severity: 'warning' })], 3, '2 errors, 1 warning in 3 files'],
        [[diagnostic({ severity: 'warning' }), diagnostic({ severity: 'warning' })], 2, '2 warnings in 2 files'],
        [[diagnostic({ severity: 'info' }), diagnostic({})], 2, '1 error, 1 info in 2 files'],
    ] as const)('%j in %i files', (diagnostics, files, expected) => {
        expect(formatSummary(diagnostics, files, plain)).toBe(expected);
    });
});
