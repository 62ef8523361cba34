import { type AstNode, type CompositeCstNode, type CstNode, type LangiumParser, LeafCstNodeImpl, type Lexer, type ParseResult } from 'langium';
import type { IToken } from 'chevrotain';
import type { Declaration, WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';
import { isCodedParserError } from '../parsing/refused-parse.js';

/** A document re-parsed by re-parsing only the part of it that an edit changed. */
export type PartialReparse =
    /** One top-level declaration was parsed again and took the old one's place. */
    | { readonly kind: 'declaration'; readonly result: ParseResult<WeftFile>; readonly replaced: Declaration; readonly replacement: Declaration }
    /** Only comments and white space between top-level nodes changed: the AST is the old one. */
    | { readonly kind: 'trivia'; readonly result: ParseResult<WeftFile> };

/**
 * Re-parses only what an edit changed, when it can be sure that parsing the whole new text
 * would give the same tree and errors, reusing the old tree: the edit lies within one top-level
 * declaration ({@link reparseDeclaration}, or {@link reparseBrokenDeclaration} when its new text
 * has a syntax error) or between top-level nodes, in comments and white space ({@link relexGap}).
 * Either way every CST node after the edit moves by the change in offset and lines. Returns
 * `undefined` when a full parse is needed. The old parse must have had no errors, or had them
 * only in the declaration being edited.
 */
export function reparsePart(parser: LangiumParser, lexer: Lexer, previous: ParseResult, text: string): PartialReparse | undefined {
    const root = previous.value;
    const rootCst = root.$cstNode as RootCst | undefined;
    if (!isWeftFile(root) || rootCst === undefined) return undefined;
    const oldText = rootCst.root.fullText;
    if (oldText === text) return undefined;
    const { prefix, oldEnd } = changedSpan(oldText, text);
    const index = declarationAt(root.declarations, prefix, oldEnd);
    const clean = !hasErrors(previous);
    // With errors, the keystroke that fixes them: they were all in the declaration being edited,
    // so the rest of the tree parsed as it would have without them.
    if (index !== undefined && (clean || errorsWithin(previous, root.declarations[index]!.$cstNode!.offset, root.declarations[index]!.$cstNode!.end - 1))) {
        const reparsed = reparseDeclaration(parser, previous, index, oldText, text);
        if (reparsed !== undefined) return reparsed;
    }
    if (clean && index === undefined) {
        const relexed = relexGap(lexer, previous, prefix, oldEnd, oldText, text);
        if (relexed !== undefined) return relexed;
    }
    // Anything else from the start of a declaration up to the next one. Where the old text had
    // errors, they must all lie there too: up to the next declaration's first token, where a
    // missing `}` is reported, or the end of the text when the declaration is the last.
    const before = index ?? declarationBefore(root.declarations, prefix, oldEnd);
    if (before === undefined) return undefined;
    const next = root.declarations[before + 1]?.$cstNode;
    if (!clean && !errorsWithin(previous, root.declarations[before]!.$cstNode!.offset, next?.offset ?? Infinity)) return undefined;
    return reparseBrokenDeclaration(parser, previous, before, oldText, text);
}

type RootCst = CompositeCstNode & { _text?: string };

/**
 * Re-parses only the top-level declaration that an edit falls into, when it can be sure that
 * parsing the whole new text would give the same tree: the edit lies within one declaration
 * that starts and ends on lines of its own, and that text alone parses, without errors, into
 * exactly one declaration of the same kind covering all of it. The new declaration's nodes take
 * the old one's place in the old tree.
 *
 * Lexing cannot differ across the edges: the declaration begins at the start of a line and ends
 * at a line break, and no token or comment that could close the declaration's text spans a line
 * break except a block comment, which would leave the declaration's text unparsable on its own.
 */
function reparseDeclaration(parser: LangiumParser, previous: ParseResult, index: number, oldText: string, text: string): PartialReparse | undefined {
    const root = previous.value as WeftFile;
    const rootCst = root.$cstNode as RootCst;
    const replaced = root.declarations[index]!;
    const oldNode = replaced.$cstNode!;
    const start = oldNode.offset;
    const oldStop = oldNode.end;
    if (!startsLine(oldText, start) || !endsLine(oldText, oldStop)) return undefined;

    const delta = text.length - oldText.length;
    const source = text.substring(start, oldStop + delta);
    const parsed = parser.parse<WeftFile>(source);
    const fresh = parsed.value;
    if (hasErrors(parsed) || !isWeftFile(fresh) || fresh.header !== undefined || fresh.imports.length > 0 || fresh.declarations.length !== 1) return undefined;
    const replacement = fresh.declarations[0]!;
    const newNode = replacement.$cstNode as CompositeCstNode | undefined;
    const freshRoot = fresh.$cstNode as CompositeCstNode | undefined;
    // Comments before or after the declaration's own tokens would belong to the root, not to it.
    if (replacement.$type !== replaced.$type || newNode === undefined || freshRoot?.content.length !== 1
        || newNode.offset !== 0 || newNode.end !== source.length) return undefined;

    const startLine = oldNode.range.start.line;
    const lineDelta = lineBreaks(source) - lineBreaks(oldText.substring(start, oldStop));
    moveLeaves(newNode, start, startLine);
    const position = rootCst.content.indexOf(oldNode);
    if (position < 0) return undefined;
    // An edit that keeps the length and the lines (`10m` to `12m`) moves nothing after it.
    if (delta !== 0 || lineDelta !== 0) {
        for (let i = position + 1; i < rootCst.content.length; i++) moveLeaves(rootCst.content[i]!, delta, lineDelta);
    }
    forgetRanges(rootCst);
    (rootCst.content as CstNode[])[position] = newNode;
    (newNode as { container?: CompositeCstNode }).container = rootCst;
    rootCst._text = text;

    place(root, index, replacement);
    // The new text has no error: the region parsed without any, and any old one was inside it.
    const result: ParseResult<WeftFile> = { value: root, lexerErrors: [], lexerReport: parsed.lexerReport, parserErrors: [] };
    return { kind: 'declaration', result, replaced, replacement };
}

/**
 * Re-parses a top-level declaration and the text after it up to the next one, where an edit
 * fell that {@link reparseDeclaration} does not take: mostly one that leaves a syntax error,
 * which Langium's recovery handles inside the declaration. The rest of the tree is kept. The
 * declaration is parsed together with the next top-level declaration, which must come out
 * whole: of its old kind and extent, and without an error inside it. The parser is then back at
 * the start of a declaration where a full parse of the new text is too, with the same tokens
 * ahead, so the declaration got the tree and errors a full parse gives it, and everything from
 * the next one on parses as it did. When the recovery runs on into the next declaration (a
 * block comment never closed takes in the rest of the text), or the edit made a declaration
 * more or fewer, the whole text is parsed. The last declaration is parsed with the rest of the
 * text, which is then exactly what a full parse reads after the declarations before it.
 */
function reparseBrokenDeclaration(parser: LangiumParser, previous: ParseResult, index: number, oldText: string, text: string): PartialReparse | undefined {
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
    // Lexing and columns cannot differ across the edges of the text parsed (see reparseDeclaration).
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

/** Makes `replacement` the `index`th declaration of `root`. */
function place(root: WeftFile, index: number, replacement: Declaration): void {
    root.declarations[index] = replacement;
    const placed = replacement as AstNode as { $container: AstNode; $containerProperty?: string; $containerIndex?: number };
    placed.$container = root;
    placed.$containerProperty = 'declarations';
    placed.$containerIndex = index;
}

/**
 * An edit between two top-level nodes (or before the first, or after the last) that leaves only
 * comments and white space there: the gap is lexed alone and its comments, hidden CST leaves
 * of the root placed just before the next node as Langium places them, are replaced. The gap
 * must still end at a line break before the next node (a line comment typed at its end would
 * otherwise swallow that node), and lex to no token but comments.
 */
function relexGap(lexer: Lexer, previous: ParseResult, prefix: number, oldEnd: number, oldText: string, text: string): PartialReparse | undefined {
    const root = previous.value as WeftFile;
    const rootCst = root.$cstNode as RootCst;
    const content = rootCst.content as CstNode[];
    // The top-level nodes around the edit: the last one ending before it and the first starting after it.
    let before = -1;
    let after = content.length;
    for (let i = 0; i < content.length; i++) {
        const node = content[i]!;
        if (node.hidden) continue;
        if (node.end <= prefix) before = i;
        else if (node.offset >= oldEnd) {
            after = i;
            break;
        } else {
            return undefined;
        }
    }
    const start = before < 0 ? 0 : content[before]!.end;
    const oldStop = after < content.length ? content[after]!.offset : oldText.length;
    const delta = text.length - oldText.length;
    const oldGap = oldText.substring(start, oldStop);
    const gap = text.substring(start, oldStop + delta);
    if (after < content.length && !(oldGap.endsWith('\n') && gap.endsWith('\n'))) return undefined;
    const lexed = lexer.tokenize(gap);
    if (lexed.tokens.length > 0 || lexed.errors.length > 0 || (lexed.report?.diagnostics.length ?? 0) > 0) return undefined;

    const at = before < 0 ? { line: 0, character: 0 } : content[before]!.range.end;
    const comments = lexed.hidden.map(token => new LeafCstNodeImpl(
        token.startOffset + start, token.image.length,
        token.startLine! - 1 + at.line, token.startColumn! - 1 + (token.startLine === 1 ? at.character : 0),
        token.endLine! - 1 + at.line, token.endColumn! + (token.endLine === 1 ? at.character : 0),
        token.tokenType, true));
    for (const comment of comments) (comment as { container?: CompositeCstNode }).container = rootCst;
    const lineDelta = lineBreaks(gap) - lineBreaks(oldGap);
    if (delta !== 0 || lineDelta !== 0) {
        for (let i = after; i < content.length; i++) moveLeaves(content[i]!, delta, lineDelta);
    }
    content.splice(before + 1, after - before - 1, ...comments);
    forgetRanges(rootCst);
    rootCst._text = text;
    return { kind: 'trivia', result: { ...previous, value: root } as ParseResult<WeftFile> };
}

/**
 * Whether every lexer and parser error of `result` lies from offset `start` up to `last`, that
 * offset included (a report's diagnostics never do). An error at the end of the text, whose
 * token has no position, lies at `Infinity`.
 */
function errorsWithin(result: ParseResult, start: number, last: number): boolean {
    if ((result.lexerReport?.diagnostics.length ?? 0) > 0) return false;
    const within = (offset: number): boolean => (Number.isFinite(offset) && offset >= 0 ? offset >= start && offset <= last : last === Infinity);
    return result.lexerErrors.every(error => within(error.offset)) && result.parserErrors.every(error => within(error.token.startOffset));
}

function hasErrors(result: ParseResult): boolean {
    return result.lexerErrors.length > 0 || result.parserErrors.length > 0 || (result.lexerReport?.diagnostics.length ?? 0) > 0;
}

/**
 * The part of the old text an edit replaced: the text before `prefix` and from `oldEnd` on is
 * unchanged (it is at `oldEnd + delta` in the new text).
 */
function changedSpan(oldText: string, text: string): { prefix: number; oldEnd: number } {
    const shorter = Math.min(oldText.length, text.length);
    let prefix = 0;
    while (prefix < shorter && oldText.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < shorter - prefix
        && oldText.charCodeAt(oldText.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
    return { prefix, oldEnd: oldText.length - suffix };
}

/** The index of the declaration whose text contains the old span from `from` to `to`. */
function declarationAt(declarations: readonly Declaration[], from: number, to: number): number | undefined {
    let low = 0;
    let high = declarations.length - 1;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const node = declarations[middle]!.$cstNode;
        if (node === undefined) return undefined;
        if (node.end < from) low = middle + 1;
        else if (node.offset > from) high = middle - 1;
        else return to <= node.end ? middle : undefined;
    }
    return undefined;
}

/**
 * The index of the last declaration that starts at or before `from`, when the old span from
 * `from` to `to` ends before the next declaration starts.
 */
function declarationBefore(declarations: readonly Declaration[], from: number, to: number): number | undefined {
    let low = 0;
    let high = declarations.length - 1;
    let found: number | undefined;
    while (low <= high) {
        const middle = (low + high) >> 1;
        const node = declarations[middle]!.$cstNode;
        if (node === undefined) return undefined;
        if (node.offset <= from) {
            found = middle;
            low = middle + 1;
        } else {
            high = middle - 1;
        }
    }
    if (found === undefined) return undefined;
    const next = declarations[found + 1]?.$cstNode;
    return next === undefined || to <= next.offset ? found : undefined;
}

function startsLine(text: string, offset: number): boolean {
    return offset === 0 || text.charCodeAt(offset - 1) === 10 /* \n */;
}

function endsLine(text: string, offset: number): boolean {
    const next = text.charCodeAt(offset);
    return offset === text.length || next === 10 /* \n */ || next === 13 /* \r */;
}

/** Line breaks as the lexer counts them: `\r\n`, `\n` and a lone `\r` are one each. */
function lineBreaks(text: string): number {
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
function moveLeaves(node: CstNode, offset: number, lines: number): void {
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

function forgetRanges(node: CstNode): void {
    (node as unknown as PositionFields)._rangeCache = undefined;
}
