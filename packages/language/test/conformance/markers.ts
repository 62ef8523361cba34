import type { Range } from 'vscode-languageserver';
import { isDiagnosticCode, type DiagnosticCode } from '../../src/validation/diagnostic-codes.js';

/**
 * The marker language of conformance cases.
 *
 * A case marks source ranges with `»` and `«` and describes each, in order, with a comment
 * `// $TEST$ <expectation>` placed anywhere before it:
 *
 *     // $TEST$ error type-mismatch "expected int"
 *     let x = train(»"a"«)
 *
 * Expectations: `error CODE`, `warning CODE`, `info CODE`, `hint CODE` (a diagnostic of that severity and
 * code lies inside the range), `no error CODE`, `no warning CODE`, `no issue CODE` (none with
 * that code touches the range). An optional quoted text must occur in the message. The k-th
 * comment describes the k-th range. Any error or warning that no positive expectation
 * accounts for fails the case, so a file without markers must check clean.
 */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Expectation {
    readonly negated: boolean;
    /** `undefined` for `no issue`: any severity. */
    readonly severity: Severity | undefined;
    readonly code: DiagnosticCode;
    readonly message?: string;
    readonly range: Range;
    /** The `$TEST$` line, 1-based, for failure messages. */
    readonly line: number;
}

export interface MarkedSource {
    /** The source with the markers removed: what is parsed. */
    readonly text: string;
    readonly expectations: readonly Expectation[];
}

export class MalformedCaseError extends Error {
    constructor(file: string, message: string) {
        super(`${file}: malformed test case: ${message}`);
        this.name = 'MalformedCaseError';
    }
}

const START = '»';
const END = '«';
const TEST_COMMENT = /\/\/\s*\$TEST\$(.*)$/;
const EXPECTATION = /^\s*(no\s+)?(error|warning|info|hint|issue)\s+([a-z][a-z-]*)(?:\s+"((?:[^"\\]|\\.)*)")?\s*$/;

export function parseMarkedSource(file: string, source: string): MarkedSource {
    const ranges: Range[] = [];
    const comments: { negated: boolean; severity: Severity | undefined; code: DiagnosticCode; message?: string; line: number }[] = [];
    let text = '';
    let line = 0;
    let character = 0;
    let open: { line: number; character: number } | undefined;

    const lines = source.split('\n');
    for (let index = 0; index < lines.length; index++) {
        const sourceLine = lines[index]!;
        const comment = TEST_COMMENT.exec(sourceLine);
        if (comment) {
            const parsed = EXPECTATION.exec(comment[1]!);
            if (!parsed) throw new MalformedCaseError(file, `line ${index + 1}: cannot read the expectation "${comment[1]!.trim()}"`);
            const [, no, kind, code, message] = parsed;
            if (!isDiagnosticCode(code)) throw new MalformedCaseError(file, `line ${index + 1}: unknown diagnostic code "${code}"`);
            const negated = no !== undefined;
            if (kind === 'issue' && !negated) throw new MalformedCaseError(file, `line ${index + 1}: "issue" is only allowed after "no"`);
            comments.push({
                negated,
                severity: kind === 'issue' ? undefined : (kind as Severity),
                code,
                message: message === undefined ? undefined : JSON.parse(`"${message}"`) as string,
                line: index + 1,
            });
        }
        for (const char of sourceLine) {
            if (char === START) {
                if (open) throw new MalformedCaseError(file, `line ${index + 1}: "${START}" inside another marked range`);
                open = { line, character };
            } else if (char === END) {
                if (!open) throw new MalformedCaseError(file, `line ${index + 1}: "${END}" without "${START}"`);
                ranges.push({ start: open, end: { line, character } });
                open = undefined;
            } else {
                text += char;
                character += char.length;
            }
        }
        if (index < lines.length - 1) {
            text += '\n';
            line++;
            character = 0;
        }
    }
    if (open) throw new MalformedCaseError(file, `"${START}" at line ${open.line + 1} is never closed`);
    if (ranges.length !== comments.length) {
        throw new MalformedCaseError(file, `${comments.length} $TEST$ comment(s) but ${ranges.length} marked range(s)`);
    }
    return { text, expectations: comments.map((comment, k) => ({ ...comment, range: ranges[k]! })) };
}
