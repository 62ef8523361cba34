import { describeBytes } from '../helpers/file-refusals.js';
import { DiagnosticCode } from '../validation/diagnostic-codes.js';

/**
 * Limits on what the parser is given, far above any real pipeline (the 5,000-step benchmark file
 * is 2.7 MB; real expressions nest a handful of levels). Past them the parser, the linker and the
 * type checker would run out of stack or memory, or take minutes: such a text is not parsed at
 * all, and gets one diagnostic instead (docs/language.md, section 11).
 */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;
/**
 * Levels open at once of what the parsers recurse into: brackets (`(`, `[`, `{`), prefix
 * operators (`-`, `!` before their operand) and type arguments (`<` … `>`). Langium's parsers
 * (the document's and completion's) spend up to 12 KB of Node's default stack (984 KB) on each:
 * record literals `{a: {a: …}}` overflowed it at 84 levels when the parser first met them.
 * Binary and postfix chains (`1 + 1 + …`, `a.b.c`) are loops in the parsers: only
 * {@link MAX_CHAIN} bounds them.
 */
export const MAX_NESTING = 50;
/** Operators on one path through an expression or type: `1 + 1 + …`, `- - …`, `a.b.c…`, `f(x)(y)…`, `T[][]…`. */
export const MAX_CHAIN = 1000;

export interface SourceLimitViolation {
    readonly code: typeof DiagnosticCode.FileTooLarge | typeof DiagnosticCode.TooDeep;
    /** Where the diagnostic goes: the first character past the limit. */
    readonly offset: number;
    readonly message: string;
}

/** The first limit `text` exceeds, if any: its size, then how deep its expressions go. */
export function sourceLimitViolation(text: string): SourceLimitViolation | undefined {
    if (isTooLarge(text)) return tooLarge(utf8Length(text));
    return depthViolation(text);
}

/** The diagnostic for a file of `size` bytes, more than {@link MAX_SOURCE_BYTES}. */
export function tooLarge(size: number): SourceLimitViolation {
    return {
        code: DiagnosticCode.FileTooLarge, offset: 0,
        message: `This file is larger than ${describeBytes(MAX_SOURCE_BYTES)} (${size.toLocaleString('en-US')} bytes or more), the limit for a .weft file: split it into files that import each other.`,
    };
}

/** Whether `text` is more than {@link MAX_SOURCE_BYTES} in UTF-8, as it is on disk. */
export function isTooLarge(text: string): boolean {
    // A UTF-16 code unit is 1 to 3 bytes in UTF-8: count only when the length does not decide.
    if (text.length > MAX_SOURCE_BYTES) return true;
    if (text.length * 3 <= MAX_SOURCE_BYTES) return false;
    return utf8Length(text) > MAX_SOURCE_BYTES;
}

function utf8Length(text: string): number {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        // A surrogate pair is 4 bytes, 2 for each half.
        bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit < 0xe000) ? 2 : 3;
    }
    return bytes;
}

/**
 * One pass over the characters, much cheaper than lexing: counts the levels open at once
 * (brackets, prefix operators until their operand ends, `<` until its `>` or the end of the
 * expression: a comparison's `<` is counted like a type argument's) and the operators of the
 * expression being read, counting those of the enclosing expressions too
 * (`a + (b + (c + …))` is one path). An operator is `+ - * / % ! < > <= >= == != && || . .. ?`,
 * or a bracket right after an operand (a call, `T[]`). The count starts again after a token that
 * ends an expression (`=`, `:`, `,`, `->`, a union's `|`) or where two operands meet (`x = 1 + 2  y: …`).
 * Strings and comments are skipped.
 */
function depthViolation(text: string): SourceLimitViolation | undefined {
    // What each open bracket interrupted, to go back to after it closes.
    const outer: { chain: number; base: number; angles: number; prefixes: number }[] = [];
    let base = 0;
    let chain = 0;
    // Levels open: the brackets, and the `<` and prefix operators of the current expression and
    // of those the brackets interrupted.
    let levels = 0;
    let angles = 0;
    let prefixes = 0;
    let afterOperand = false;
    // The end of an expression closes its `<` and prefix operators.
    const endExpression = () => {
        chain = base;
        levels -= angles + prefixes;
        angles = 0;
        prefixes = 0;
    };
    // An operand ends: the prefix operators before it apply to it, and are closed.
    const endOperand = () => {
        levels -= prefixes;
        prefixes = 0;
        afterOperand = true;
    };
    let i = 0;
    // Character codes, not one-character strings: this runs over every character of every parse.
    while (i < text.length) {
        const c = text.charCodeAt(i);
        const next = text.charCodeAt(i + 1);
        let operatorLength = 0;
        if (c === SPACE || c === NEWLINE || c === TAB || c === RETURN) {
            i++;
        } else if (c === SLASH && next === SLASH) {
            i = lineEnd(text, i);
        } else if (c === SLASH && next === STAR) {
            i = commentEnd(text, i);
        } else if (c === QUOTE || isWordCharacter(c)) {
            // Two operands in a row: a new expression.
            if (afterOperand) endExpression();
            i = c === QUOTE ? stringEnd(text, i) : wordEnd(text, i);
            endOperand();
        } else if (c === OPEN_PAREN || c === OPEN_BRACKET || c === OPEN_BRACE) {
            // Right after an operand, a bracket is a call, an index or `T[]`: one more operator.
            if (afterOperand && ++chain > MAX_CHAIN) return tooDeep(i, tooManyOperators);
            if (++levels > MAX_NESTING) return tooDeep(i, levels === outer.length + 1 ? tooManyBrackets : tooManyLevels);
            outer.push({ chain, base, angles, prefixes });
            base = chain;
            angles = 0;
            prefixes = 0;
            afterOperand = false;
            i++;
        } else if (c === CLOSE_PAREN || c === CLOSE_BRACKET || c === CLOSE_BRACE) {
            const interrupted = outer.pop();
            if (interrupted !== undefined) {
                levels -= 1 + angles + prefixes;
                ({ chain, base, angles, prefixes } = interrupted);
            }
            i++;
            endOperand();
        } else if ((operatorLength = operatorAt(c, next)) > 0) {
            if (++chain > MAX_CHAIN) return tooDeep(i, tooManyOperators);
            // A `<` after an operand opens type arguments (or is a comparison), a `-` or `!` before one is a prefix operator.
            const angle = afterOperand && c === LESS && operatorLength === 1;
            const prefix = !afterOperand && (c === MINUS || c === BANG);
            if ((angle || prefix) && ++levels > MAX_NESTING) return tooDeep(i, tooManyLevels);
            if (angle) angles++;
            if (prefix) prefixes++;
            if (afterOperand && c === GREATER && operatorLength === 1 && angles > 0) {
                angles--;
                levels--;
            }
            afterOperand = false;
            i += operatorLength;
        } else {
            // `=`, `:`, `->` and anything else end an expression. A `,` and a union's `|` end
            // only the operator count: they also separate type arguments, inside their `<`.
            if (c === COMMA || c === BAR) chain = base;
            else endExpression();
            afterOperand = false;
            i += c === MINUS ? 2 : 1;
        }
    }
    return undefined;
}

const tooManyOperators = `more than ${MAX_CHAIN.toLocaleString('en-US')} operators in one expression`;
const tooManyBrackets = `more than ${MAX_NESTING} brackets open at once`;
const tooManyLevels = `more than ${MAX_NESTING} brackets, prefix operators and type arguments open at once`;

const code = (c: string): number => c.charCodeAt(0);
const [SPACE, NEWLINE, TAB, RETURN, SLASH, STAR, QUOTE, BACKSLASH, COMMA] = [code(' '), code('\n'), code('\t'), code('\r'), code('/'), code('*'), code('"'), code('\\'), code(',')];
const [MINUS, PLUS, EQUALS, DOT, AMPERSAND, BAR, LESS, GREATER, BANG] = [code('-'), code('+'), code('='), code('.'), code('&'), code('|'), code('<'), code('>'), code('!')];
const [OPEN_PAREN, OPEN_BRACKET, OPEN_BRACE, CLOSE_PAREN, CLOSE_BRACKET, CLOSE_BRACE] = [code('('), code('['), code('{'), code(')'), code(']'), code('}')];
/** `+ - * / % ! < > = & | . ?`: characters that start an operator (`=` and `|` only doubled). */
const OPERATOR_STARTS = new Set([...'+-*/%!<>=&|.?'].map(code));

/** The length of the operator at `c` (`<=`, `==`, `&&`, `..` are two characters), 0 for no operator (`=`, `->`). */
function operatorAt(c: number, next: number): number {
    if (!OPERATOR_STARTS.has(c)) return 0;
    if (c === MINUS && next === GREATER) return 0;
    if (c === EQUALS) return next === EQUALS ? 2 : 0;
    // A union's `|` lists its members side by side (a flat list, however long): not an operator.
    if (c === BAR) return next === BAR ? 2 : 0;
    const pair = (next === EQUALS && (c === LESS || c === GREATER || c === BANG)) || (next === c && (c === AMPERSAND || c === DOT));
    return pair ? 2 : 1;
}

function tooDeep(offset: number, what: string): SourceLimitViolation {
    return {
        code: DiagnosticCode.TooDeep, offset,
        message: `Nested too deeply: ${what} (the limit); split it with \`let\`s or \`const\`s.`,
    };
}

function isWordCharacter(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

function isDigit(c: number): boolean {
    return c >= 48 && c <= 57;
}

/** The end of a name, keyword or number (`3e-4`, `1.5`, `16Gi`; `1..4` is a number and `..`). */
function wordEnd(text: string, start: number): number {
    let i = start + 1;
    const isNumber = isDigit(text.charCodeAt(start));
    while (i < text.length) {
        const c = text.charCodeAt(i);
        if (isWordCharacter(c)) i++;
        else if (isNumber && c === DOT && isDigit(text.charCodeAt(i + 1))) i++;
        else if (isNumber && (c === MINUS || c === PLUS) && (text[i - 1] === 'e' || text[i - 1] === 'E')) i++;
        else break;
    }
    return i;
}

/** After the closing quote, or at the end of the line for an unterminated string. */
function stringEnd(text: string, start: number): number {
    let i = start + 1;
    while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) return i + 1;
        if (c === NEWLINE || c === RETURN) return i;
        i += c === BACKSLASH ? 2 : 1;
    }
    return i;
}

function lineEnd(text: string, start: number): number {
    const end = text.indexOf('\n', start);
    return end === -1 ? text.length : end;
}

function commentEnd(text: string, start: number): number {
    const end = text.indexOf('*/', start + 2);
    return end === -1 ? text.length : end + 2;
}
