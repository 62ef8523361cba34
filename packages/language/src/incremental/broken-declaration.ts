import type { IToken } from 'chevrotain';
import type { CompositeCstNode, CstNode, LangiumParser, ParseResult } from 'langium';
import type { WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';
import { isCodedParserError } from '../parsing/refused-parse.js';
import type { PartialReparse } from './partial-reparse.js';
import { endsLine, errorsWithin, forgetRanges, lineBreaks, moveLeaves, place, type RootCst, startsLine } from './tree-splice.js';

/**
 * Re-parses a top-level declaration and the text after it up to the next one, where an edit
 * fell that `reparseDeclaration` (partial-reparse.ts) does not take: mostly one that leaves a
 * syntax error, which Langium's recovery handles inside the declaration. The rest of the tree
 * is kept. The declaration is parsed together with the next top-level declaration, which must
 * come out whole: of its old kind and extent, and without an error inside it. The parser is
 * then back at the start of a declaration where a full parse of the new text is too, with the
 * same tokens ahead, so the declaration got the tree and errors a full parse gives it, and
 * everything from the next one on parses as it did. When the recovery runs on into the next
 * declaration (a record type whose `}` is missing takes in `type Row4 = …`, `type` being a
 * field name too), or the edit made a declaration more or fewer, the whole text is parsed. The
 * last declaration is parsed with the rest of the text, which is then exactly what a full parse
 * reads after the declarations before it.
 */
export function reparseBrokenDeclaration(parser: LangiumParser, previous: ParseResult, index: number, oldText: string, text: string): PartialReparse | undefined {
    const root = previous.value as WeftFile;
    const rootCst = root.$cstNode as RootCst;
    const content = rootCst.content as CstNode[];
    const replaced = root.declarations[index]!;
    const oldNode = replaced.$cstNode!;
    const following = root.declarations[index + 1];
    const followingNode = following?.$cstNode;
    const start = oldNode.offset;
    const position = content.indexOf(oldNode);
    const nextPosition = followingNode === undefined ? content.length : content.indexOf(followingNode, position + 1);
    if (!startsLine(oldText, start) || position < 0 || nextPosition < 0) return undefined;
    // Lexing and columns cannot differ across the edges of the text parsed (see `reparseDeclaration`).
    const delta = text.length - oldText.length;
    if (followingNode !== undefined && (!startsLine(oldText, followingNode.offset) || !startsLine(text, followingNode.offset + delta)
        || !endsLine(oldText, followingNode.end))) return undefined;
    const oldStop = followingNode?.offset ?? oldText.length;
    const stop = oldStop + delta;
    const source = text.substring(start, followingNode === undefined ? text.length : followingNode.end + delta);
    const parsed = parser.parse<WeftFile>(source);
    const fresh = parsed.value;
    // A text refused for its depth is refused as a whole.
    if (!isWeftFile(fresh) || fresh.header !== undefined || fresh.imports.length > 0 || parsed.parserErrors.some(isCodedParserError)
        || (parsed.lexerReport?.diagnostics.length ?? 0) > 0 || fresh.declarations.length !== (following === undefined ? 1 : 2)) return undefined;
    const replacement = fresh.declarations[0]!;
    if (replacement.$type !== replaced.$type || replacement.$cstNode?.offset !== 0) return undefined;
    const freshContent = (fresh.$cstNode as CompositeCstNode).content;
    let placed = freshContent;
    if (following !== undefined) {
        const next = fresh.declarations[1]!;
        const nextNode = next.$cstNode;
        if (next.$type !== following.$type || nextNode?.offset !== stop - start || nextNode.end !== source.length) return undefined;
        if (!errorsWithin(parsed, 0, nextNode.offset)) return undefined;
        placed = freshContent.slice(0, freshContent.indexOf(nextNode));
    }

    const lexerErrors = movedLexerErrors(parsed, start, oldNode.range.start.line);
    if (lexerErrors === undefined) return undefined;

    const startLine = oldNode.range.start.line;
    const lineDelta = lineBreaks(text.substring(start, stop)) - lineBreaks(oldText.substring(start, oldStop));
    for (const node of placed) {
        moveLeaves(node, start, startLine);
        (node as { container?: CompositeCstNode }).container = rootCst;
    }
    if (delta !== 0 || lineDelta !== 0) {
        for (let i = nextPosition; i < content.length; i++) moveLeaves(content[i]!, delta, lineDelta);
    }
    content.splice(position, nextPosition - position, ...placed);
    forgetRanges(rootCst);
    rootCst._text = text;
    place(root, index, replacement);
    const result: ParseResult<WeftFile> = {
        value: root, lexerErrors, lexerReport: parsed.lexerReport, parserErrors: movedParserErrors(parsed, start, startLine),
    };
    return { kind: 'declaration', result, replaced, replacement };
}

/**
 * The lexer errors of a text parsed alone, at their place in the document: `offset` characters
 * and `lines` lines on. Chevrotain's message quotes the offset; `undefined` when a message does
 * not read as expected.
 */
function movedLexerErrors(parsed: ParseResult, offset: number, lines: number): ParseResult['lexerErrors'] | undefined {
    const moved: ParseResult['lexerErrors'] = [];
    for (const error of parsed.lexerErrors) {
        const quoted = ` at offset: ${error.offset},`;
        if (!error.message.includes(quoted)) return undefined;
        moved.push({
            ...error, offset: error.offset + offset, line: error.line === undefined ? undefined : error.line + lines,
            message: error.message.replace(quoted, ` at offset: ${error.offset + offset},`),
        });
    }
    return moved;
}

/**
 * The parser errors of a text parsed alone, at their place in the document. Their tokens are
 * moved where they are (no one else holds them); a token made up by recovery, and the end of
 * the text, have no position.
 */
function movedParserErrors(parsed: ParseResult, offset: number, lines: number): ParseResult['parserErrors'] {
    const moved = new Set<IToken>();
    const move = (token: IToken | undefined): void => {
        if (token === undefined || moved.has(token) || !Number.isFinite(token.startOffset) || token.startOffset < 0) return;
        moved.add(token);
        token.startOffset += offset;
        if (token.endOffset !== undefined) token.endOffset += offset;
        if (token.startLine !== undefined) token.startLine += lines;
        if (token.endLine !== undefined) token.endLine += lines;
    };
    for (const error of parsed.parserErrors) {
        move(error.token);
        move((error as { previousToken?: IToken }).previousToken);
        for (const token of error.resyncedTokens) move(token);
    }
    return parsed.parserErrors;
}
