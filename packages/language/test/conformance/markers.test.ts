import { describe, expect, test } from 'vitest';
import { MalformedCaseError, parseMarkedSource } from './markers.js';

describe('conformance markers', () => {
    test('strips markers and pairs each $TEST$ comment with a range', () => {
        const parsed = parseMarkedSource('a.weft', [
            '// $TEST$ error type-mismatch "expected int"',
            'const a: int = »"x"«',
            '// $TEST$ no warning unused-result',
            'const »b« = 1',
        ].join('\n'));
        expect(parsed.text).toBe([
            '// $TEST$ error type-mismatch "expected int"', 'const a: int = "x"',
            '// $TEST$ no warning unused-result', 'const b = 1',
        ].join('\n'));
        expect(parsed.expectations).toEqual([
            { negated: false, severity: 'error', code: 'type-mismatch', message: 'expected int', line: 1,
              range: { start: { line: 1, character: 15 }, end: { line: 1, character: 18 } } },
            { negated: true, severity: 'warning', code: 'unused-result', message: undefined, line: 3,
              range: { start: { line: 3, character: 6 }, end: { line: 3, character: 7 } } },
        ]);
    });

    test.each([
        ['an unknown code', '// $TEST$ error no-such-code\n»x«'],
        ['an unreadable expectation', '// $TEST$ erorr type-mismatch\n»x«'],
        ['a positive "issue"', '// $TEST$ issue type-mismatch\n»x«'],
        ['more comments than ranges', '// $TEST$ error type-mismatch\nx'],
        ['more ranges than comments', '»x«'],
        ['an unclosed range', '// $TEST$ error type-mismatch\n»x'],
        ['a close without open', '// $TEST$ error type-mismatch\nx«'],
        ['nested ranges', '// $TEST$ error type-mismatch\n// $TEST$ error cycle\n»x »y««'],
    ])('rejects %s', (_what, source) => {
        expect(() => parseMarkedSource('bad.weft', source)).toThrow(MalformedCaseError);
    });
});
