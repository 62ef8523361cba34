import type { AstNode, CompositeCstNode, CstNode, ParseResult } from 'langium';
import type { Declaration, WeftFile } from '../generated/ast.js';

// What re-parsing part of a document (partial-reparse.ts) needs to put new nodes into the old
// tree: where lines start and end, moving CST leaves, and where a parse's errors lie.

/** The root CST node, whose text Langium keeps in `_text`. */
export type RootCst = CompositeCstNode & { _text?: string };

/** Makes `replacement` the `index`th declaration of `root`. */
export function place(root: WeftFile, index: number, replacement: Declaration): void {
    root.declarations[index] = replacement;
    const placed = replacement as AstNode as { $container: AstNode; $containerProperty?: string; $containerIndex?: number };
    placed.$container = root;
    placed.$containerProperty = 'declarations';
    placed.$containerIndex = index;
}

/**
 * Whether every lexer and parser error of `result` lies from offset `start` up to `last`, that
 * offset included (a report's diagnostics never do). An error at the end of the text, whose
 * token has no position, lies at `Infinity`.
 */
export function errorsWithin(result: ParseResult, start: number, last: number): boolean {
    if ((result.lexerReport?.diagnostics.length ?? 0) > 0) return false;
    const within = (offset: number): boolean => (Number.isFinite(offset) && offset >= 0 ? offset >= start && offset <= last : last === Infinity);
    return result.lexerErrors.every(error => within(error.offset)) && result.parserErrors.every(error => within(error.token.startOffset));
}

export function hasErrors(result: ParseResult): boolean {
    return result.lexerErrors.length > 0 || result.parserErrors.length > 0 || (result.lexerReport?.diagnostics.length ?? 0) > 0;
}

export function startsLine(text: string, offset: number): boolean {
    return offset === 0 || text.charCodeAt(offset - 1) === 10 /* \n */;
}

export function endsLine(text: string, offset: number): boolean {
    const next = text.charCodeAt(offset);
    return offset === text.length || next === 10 /* \n */ || next === 13 /* \r */;
}

/** Line breaks as the lexer counts them: `\r\n`, `\n` and a lone `\r` are one each. */
export function lineBreaks(text: string): number {
    let count = 0;
    for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10 /* \n */ || (code === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) count++;
    }
    return count;
}

/** The fields of Langium's CST nodes that hold positions (leaves) or cache them (composites). */
interface PositionFields {
    _offset: number;
    _startLine: number;
    _endLine: number;
    _rangeCache?: unknown;
    content?: CstNode[];
}

/**
 * Moves the leaves under `node` by `offset` characters and `lines` lines. Columns stay: every
 * node moved starts on a line of its own or after other moved nodes on the same line.
 */
export function moveLeaves(node: CstNode, offset: number, lines: number): void {
    const fields = node as unknown as PositionFields;
    if (fields.content !== undefined) {
        fields._rangeCache = undefined;
        for (const child of fields.content) moveLeaves(child, offset, lines);
        return;
    }
    fields._offset += offset;
    fields._startLine += lines;
    fields._endLine += lines;
}

export function forgetRanges(node: CstNode): void {
    (node as unknown as PositionFields)._rangeCache = undefined;
}
