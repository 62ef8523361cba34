import type { AstNode, CompositeCstNode, CstNode, LangiumParser, ParseResult } from 'langium';
import type { Declaration, WeftFile } from '../generated/ast.js';
import { isWeftFile } from '../generated/ast.js';

/** A document re-parsed by re-parsing the one top-level declaration an edit fell into. */
export interface DeclarationReparse {
    /** The document's parse result: the old tree, with the declaration replaced and positions moved. */
    readonly result: ParseResult<WeftFile>;
    readonly replaced: Declaration;
    readonly replacement: Declaration;
}

/**
 * Re-parses only the top-level declaration that an edit falls into, when it can be sure that
 * parsing the whole new text would give the same tree: the old tree parsed without errors, the
 * edit lies within one declaration that starts and ends on lines of its own, and that text alone
 * parses, without errors, into exactly one declaration of the same kind covering all of it. The
 * old tree is reused: the new declaration's nodes take the old one's place, and every CST node
 * after it moves by the change in offset and lines. Returns `undefined` when a full parse is needed.
 *
 * Lexing cannot differ across the edges: the declaration begins at the start of a line and ends
 * at a line break, and no token or comment that could close the declaration's text spans a line
 * break except a block comment, which would leave the declaration's text unparsable on its own.
 */
export function reparseDeclaration(parser: LangiumParser, previous: ParseResult, text: string): DeclarationReparse | undefined {
    const root = previous.value;
    const rootCst = root.$cstNode as CompositeCstNode & { _text?: string } | undefined;
    if (!isWeftFile(root) || rootCst === undefined || hasErrors(previous)) return undefined;
    const oldText = rootCst.root.fullText;
    if (oldText === text) return undefined;

    const { prefix, oldEnd } = changedSpan(oldText, text);
    const index = declarationAt(root.declarations, prefix, oldEnd);
    if (index === undefined) return undefined;
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

    root.declarations[index] = replacement;
    const placed = replacement as AstNode as { $container: AstNode; $containerProperty?: string; $containerIndex?: number };
    placed.$container = root;
    placed.$containerProperty = 'declarations';
    placed.$containerIndex = index;
    return { result: { ...previous, value: root }, replaced, replacement };
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
