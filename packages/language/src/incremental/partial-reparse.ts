import { type CompositeCstNode, type CstNode, type LangiumParser, LeafCstNodeImpl, type Lexer, type ParseResult } from 'langium';
import type { Declaration, WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';
import { reparseBrokenDeclaration } from './broken-declaration.js';
import { endsLine, errorsWithin, forgetRanges, hasErrors, lineBreaks, moveLeaves, place, type RootCst, startsLine } from './tree-splice.js';

/** A document re-parsed by re-parsing only the part of it that an edit changed. */
export type PartialReparse =
    /** One top-level declaration was parsed again and took the old one's place. */
    | { readonly kind: 'declaration'; readonly result: ParseResult<WeftFile>; readonly replaced: Declaration; readonly replacement: Declaration }
    /** Only comments and white space between top-level nodes changed: the AST is the old one. */
    | { readonly kind: 'trivia'; readonly result: ParseResult<WeftFile> };


/**
 * Re-parses only what an edit changed, when it can be sure that parsing the whole new text
 * would give the same tree and errors, reusing the old tree: the edit lies within one top-level
 * declaration ({@link reparseDeclaration}) or between top-level nodes, in comments and white
 * space ({@link relexGap}); anything else from the start of a declaration up to the next one,
 * such as an edit that leaves a syntax error, is re-parsed with that next declaration
 * ({@link reparseBrokenDeclaration}). Either way every CST node after the edit moves by the
 * change in offset and lines. Returns `undefined` when a full parse is needed. The old parse
 * must have had no errors, or had them only in the declaration being edited.
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
