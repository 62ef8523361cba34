import { type AstNode, type ParseResult, RootCstNodeImpl } from 'langium';
import type { SourceLimitViolation } from './source-limits.js';

/**
 * A parser error that carries its own diagnostic code (WeftDocumentValidator reports it with
 * that code instead of `syntax-error`).
 */
export interface CodedParserError {
    readonly code: string;
}

export function isCodedParserError(error: object): error is CodedParserError {
    return typeof (error as Partial<CodedParserError>).code === 'string';
}

/**
 * The parse result of a text that is not parsed because it exceeds a limit: an empty file and
 * one error at the violation.
 */
export function refusedParseResult<T extends AstNode = AstNode>(text: string, violation: SourceLimitViolation): ParseResult<T> {
    const { line, column } = positionOf(text, violation.offset);
    // Chevrotain's token positions: 1-based, the end column inclusive (so an empty token ends before it starts).
    const length = violation.offset < text.length ? 1 : 0;
    const token = {
        image: text.slice(violation.offset, violation.offset + length), startOffset: violation.offset, endOffset: violation.offset + length - 1,
        startLine: line, startColumn: column, endLine: line, endColumn: column + length - 1, tokenTypeIdx: 0, tokenType: undefined,
    };
    const error = { name: 'SourceLimit', code: violation.code, message: violation.message, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } };
    const root = new RootCstNodeImpl(text);
    const value = { $type: 'WeftFile', imports: [], declarations: [], $cstNode: root } as unknown as T;
    root.astNode = value;
    return { value, lexerErrors: [], parserErrors: [error as unknown as ParseResult['parserErrors'][number]] };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { line, column: offset - lineStart + 1 };
}
