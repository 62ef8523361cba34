import { type IToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The fast parser's lexer: the tokens Chevrotain's lexer (Langium's `Lexer` service, built from
 * weft.langium by weft-token-builder.ts) makes of a text, field for field, but made one at a time
 * as the parser asks for them. Chevrotain makes every token of a file up front (about 128,000
 * for a 15,000-line file), and they all live until the parse ends, so young-generation garbage
 * collection copies each of them; here at most three are alive besides the comments.
 *
 * It follows Chevrotain's rules for this vocabulary: the first token type in order whose pattern
 * matches wins (not the longest match), except that a keyword gives way to a longer match of its
 * `LONGER_ALT` (a word keyword to `ID`, `/` to the comments); whitespace is skipped; comments go
 * to `hidden`; lines end at `\n`, `\r\n` or `\r`. The constructor checks that the vocabulary is the
 * one this code implements. Where a text could lex differently in Chevrotain's hands (a
 * character it would report, an unterminated string or comment, anything not ASCII outside
 * strings and comments) the lexer throws {@link cannotLex} and Langium's parser takes over.
 * test/parsing/fast-lexer.test.ts compares the two lexers.
 */
export class FastLexer {
    /** Comments in text order, up to the last token scanned (which may be ahead of the parser). */
    hidden: IToken[] = [];

    private readonly id: Kind;
    private readonly string: Kind;
    private readonly int: Kind;
    private readonly float: Kind;
    private readonly quantity: Kind;
    private readonly docComment: Kind;
    private readonly slComment: Kind;
    private readonly mlComment: Kind;
    private readonly slash: Kind;
    /** Word keywords (`step`, `in`, `_`…) by first character. */
    private readonly words: (Kind[] | undefined)[] = [];
    /** Other keywords by first character, in the vocabulary's order: the first that matches wins. */
    private readonly operators: (Kind[] | undefined)[] = [];

    // The state of one text.
    private text = '';
    private offset = 0;
    private line = 1;
    /** Offset of the first character of the line `offset` is on. */
    private lineStart = 0;
    /** The next three tokens, `undefined` past the end; `buffered` of them are scanned (at least the first). */
    private first: IToken | undefined;
    private second: IToken | undefined;
    private third: IToken | undefined;
    private buffered = 0;

    constructor(definition: Record<string, TokenType>) {
        const types = Object.values(definition);
        const terminal = (name: string): Kind => {
            const type = definition[name];
            if (type === undefined) throw unknownVocabulary(`no terminal ${name}`);
            return kind(type);
        };
        this.id = terminal('ID');
        this.string = terminal('STRING');
        this.int = terminal('INT');
        this.float = terminal('FLOAT');
        this.quantity = terminal('QUANTITY');
        this.docComment = terminal('DOC_COMMENT');
        this.slComment = terminal('SL_COMMENT');
        this.mlComment = terminal('ML_COMMENT');
        // Langium puts every keyword before every terminal.
        const keywords = types.filter(type => typeof type.PATTERN === 'string');
        if (types.slice(0, keywords.length).some(type => typeof type.PATTERN !== 'string')) throw unknownVocabulary('a terminal before a keyword');
        checkTerminals(types.slice(keywords.length));
        const slash = definition['/'];
        if (slash === undefined || slash.PATTERN !== '/') throw unknownVocabulary('no keyword /');
        this.slash = kind(slash);
        for (const [index, type] of keywords.entries()) {
            const text = type.PATTERN as string;
            const longerAlt = ([] as TokenType[]).concat(type.LONGER_ALT ?? []);
            const keyword = kind(type);
            const first = text.charCodeAt(0);
            if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
                // A word is this keyword only if no keyword before it is a prefix of it (Chevrotain
                // would match that one, and then ID as the longer alternative).
                if (longerAlt.length !== 1 || longerAlt[0] !== this.id.type) throw unknownVocabulary(`keyword ${text} without ID as its longer alternative`);
                if (keywords.slice(0, index).some(before => text.startsWith(before.PATTERN as string))) throw unknownVocabulary(`keyword ${text} after a prefix of it`);
                (this.words[first] ??= []).push(keyword);
            } else if (text === '/') {
                const comments = [this.docComment.type, this.mlComment.type, this.slComment.type];
                if (longerAlt.length !== 3 || longerAlt.some((alt, i) => alt !== comments[i])) throw unknownVocabulary('keyword / without the comments as its longer alternatives');
            } else {
                // Punctuation: no terminal starts with these characters, and none is a longer alternative.
                if (!/^[!#-&(-.:-@[-^`{-~]+$/.test(text) || longerAlt.length > 0) throw unknownVocabulary(`keyword ${text}`);
                (this.operators[first] ??= []).push(keyword);
            }
        }
    }

    /** Starts on `text`. */
    reset(text: string): void {
        this.text = text;
        this.offset = 0;
        this.line = 1;
        this.lineStart = 0;
        this.hidden = [];
        this.first = this.scan();
        this.second = this.third = undefined;
        this.buffered = 1;
    }

    /** The token `ahead` (0, 1 or 2) tokens on, `undefined` past the last. */
    peek(ahead: number): IToken | undefined {
        if (ahead === 0) return this.first;
        if (this.buffered < 2) {
            this.second = this.scan();
            this.buffered = 2;
        }
        if (ahead === 1) return this.second;
        if (this.buffered < 3) {
            this.third = this.scan();
            this.buffered = 3;
        }
        return this.third;
    }

    /** Returns the current token (there must be one) and moves to the next. */
    advance(): IToken {
        const token = this.first!;
        this.first = this.second;
        this.second = this.third;
        this.third = undefined;
        if (--this.buffered === 0) {
            this.first = this.scan();
            this.buffered = 1;
        }
        return token;
    }

    /** Drops the text and the tokens. */
    clear(): void {
        this.text = '';
        this.hidden = [];
        this.first = this.second = this.third = undefined;
    }

    /** The next token after whitespace and comments, `undefined` at the end of the text. */
    private scan(): IToken | undefined {
        const text = this.text;
        const length = text.length;
        let offset = this.offset;
        while (offset < length) {
            const code = text.charCodeAt(offset);
            switch (code < 128 ? characterClass[code] : Class.Other) {
                case Class.Space:
                    offset++;
                    break;
                case Class.LineFeed:
                    this.line++;
                    this.lineStart = ++offset;
                    break;
                case Class.CarriageReturn:
                    offset += text.charCodeAt(offset + 1) === 10 ? 2 : 1;
                    this.line++;
                    this.lineStart = offset;
                    break;
                case Class.Word:
                    return this.word(offset);
                case Class.Digit:
                    return this.number(offset);
                case Class.Quote:
                    return this.quoted(offset);
                case Class.Slash: {
                    const next = text.charCodeAt(offset + 1);
                    if (next === 47) {
                        offset = this.lineComment(offset);
                    } else if (next === 42) {
                        offset = this.blockComment(offset);
                    } else {
                        return this.token(this.slash, '/', offset, offset + 1);
                    }
                    break;
                }
                default: {
                    // Punctuation; a character no token starts with is one Chevrotain reports.
                    const candidates = code < 128 ? this.operators[code] : undefined;
                    if (candidates !== undefined) {
                        for (let i = 0; i < candidates.length; i++) {
                            const keyword = candidates[i]!;
                            if (keyword.text.length === 1 || text.startsWith(keyword.text, offset)) {
                                return this.token(keyword, keyword.text, offset, offset + keyword.text.length);
                            }
                        }
                    }
                    throw cannotLex;
                }
            }
        }
        this.offset = offset;
        return undefined;
    }

    /** A token on the current line from `start` to `end`. */
    private token(kind: Kind, image: string, start: number, end: number): IToken {
        this.offset = end;
        const column = start - this.lineStart + 1;
        // The fields in the order of Chevrotain's tokens.
        return {
            image, startOffset: start, endOffset: end - 1, startLine: this.line, endLine: this.line,
            startColumn: column, endColumn: column + end - start - 1, tokenTypeIdx: kind.index, tokenType: kind.type,
        };
    }

    /** A keyword if the whole word is one (a keyword's `ID` longer alternative takes any longer word), else an `ID`. */
    private word(start: number): IToken {
        const text = this.text;
        let end = start + 1;
        while (isWordPart(text.charCodeAt(end))) end++;
        const candidates = this.words[text.charCodeAt(start)];
        if (candidates !== undefined) {
            const length = end - start;
            for (let i = 0; i < candidates.length; i++) {
                const keyword = candidates[i]!;
                if (keyword.text.length === length && text.startsWith(keyword.text, start)) return this.token(keyword, keyword.text, start, end);
            }
        }
        return this.token(this.id, text.substring(start, end), start, end);
    }

    /**
     * QUANTITY, FLOAT or INT, tried in that order as Chevrotain does. A shorter run of digits
     * never helps their patterns match (a digit or `_` would follow it), so each part is greedy.
     */
    private number(start: number): IToken {
        const text = this.text;
        const digits = skipDigits(text, start + 1, true);
        const fraction = text.charCodeAt(digits) === 46 && isDigit(text.charCodeAt(digits + 1)) ? skipDigits(text, digits + 2, true) : -1;
        // QUANTITY: a unit after the fraction or, without one, after the digits (without
        // the fraction that is there, a `.` would follow the digits, not a unit).
        const beforeUnit = fraction >= 0 ? fraction : digits;
        const unit = unitLength(text, beforeUnit);
        if (unit > 0) return this.token(this.quantity, text.substring(start, beforeUnit + unit), start, beforeUnit + unit);
        // FLOAT: a fraction and maybe an exponent, or an exponent.
        const end = fraction >= 0 ? fraction + exponentLength(text, fraction) : digits + exponentLength(text, digits);
        if (fraction >= 0 || end > digits) return this.token(this.float, text.substring(start, end), start, end);
        return this.token(this.int, text.substring(start, digits), start, digits);
    }

    /** A STRING; one without its closing quote on its line is an UNTERMINATED_STRING, which no rule accepts. */
    private quoted(start: number): IToken {
        const text = this.text;
        let offset = start + 1;
        for (;;) {
            const code = text.charCodeAt(offset);
            if (code === 34) break;
            if (code === 92) {
                // `\\.`: any character but a line terminator (a regular expression's `.`).
                const escaped = text.charCodeAt(offset + 1);
                if (escaped !== escaped || escaped === 10 || escaped === 13 || escaped === 0x2028 || escaped === 0x2029) throw cannotLex;
                offset += 2;
            } else if (code !== code || code === 10 || code === 13) {
                // The end of the text (NaN) or of the line.
                throw cannotLex;
            } else {
                offset++;
            }
        }
        return this.token(this.string, text.substring(start, offset + 1), start, offset + 1);
    }

    /** A `///` or `//` comment, up to the end of its line; returns where it ends. */
    private lineComment(start: number): number {
        const text = this.text;
        let end = start + 2;
        for (let code = text.charCodeAt(end); code === code && code !== 10 && code !== 13; code = text.charCodeAt(++end));
        const type = text.charCodeAt(start + 2) === 47 ? this.docComment : this.slComment;
        this.hidden.push(this.token(type, text.substring(start, end), start, end));
        return end;
    }

    /** A `/* … *\/` comment, which may span lines; returns where it ends. */
    private blockComment(start: number): number {
        const text = this.text;
        const close = text.indexOf('*/', start + 2);
        // Chevrotain would lex `/` and `*`, which no rule accepts in a row.
        if (close < 0) throw cannotLex;
        const end = close + 2;
        const token = this.token(this.mlComment, text.substring(start, end), start, end);
        for (let offset = start + 2; offset < close; offset++) {
            const code = text.charCodeAt(offset);
            if (code === 10 || code === 13) {
                if (code === 13 && text.charCodeAt(offset + 1) === 10) offset++;
                this.line++;
                this.lineStart = offset + 1;
            }
        }
        if (token.endLine !== this.line) {
            token.endLine = this.line;
            token.endColumn = end - this.lineStart;
        }
        this.hidden.push(token);
        return end;
    }
}

/** Thrown where the fast lexer cannot be sure to lex as Chevrotain does: Langium's parser takes over. */
export const cannotLex = new Error('the fast lexer cannot lex this text');

/** A token type and its index (one shape for all: the token type objects have many). */
interface Kind {
    readonly type: TokenType;
    readonly index: number;
    /** A keyword's text. */
    readonly text: string;
}

function kind(type: TokenType): Kind {
    return { type, index: type.tokenTypeIdx!, text: typeof type.PATTERN === 'string' ? type.PATTERN : '' };
}

const enum Class { Other, Space, LineFeed, CarriageReturn, Word, Digit, Quote, Slash }

/** The class of each ASCII character. */
const characterClass = new Uint8Array(128);
for (const code of [9, 11, 12, 32]) characterClass[code] = Class.Space;
characterClass[10] = Class.LineFeed;
characterClass[13] = Class.CarriageReturn;
for (let code = 0; code < 128; code++) {
    if (/[A-Za-z_]/.test(String.fromCharCode(code))) characterClass[code] = Class.Word;
    if (isDigit(code)) characterClass[code] = Class.Digit;
}
characterClass[34] = Class.Quote;
characterClass[47] = Class.Slash;

function isDigit(code: number): boolean {
    return code >= 48 && code <= 57;
}

/** `[A-Za-z0-9_]` (false past the end, where `code` is NaN). */
function isWordPart(code: number): boolean {
    return code < 128 && (characterClass[code] === Class.Word || characterClass[code] === Class.Digit);
}

/** The offset after `[0-9_]*` (or `[0-9]*`) from `offset`. */
function skipDigits(text: string, offset: number, underscores: boolean): number {
    for (let code = text.charCodeAt(offset); isDigit(code) || (underscores && code === 95); code = text.charCodeAt(++offset));
    return offset;
}

/**
 * The length of QUANTITY's unit at `offset`, 0 if there is none. Its pattern tries
 * `Ki|Mi|Gi|Ti|ms|K|M|G|T|s|m|h|d` in order, each followed by no `[A-Za-z0-9_]`: where a
 * two-letter unit is there, the one-letter unit that starts it is followed by a letter, so the
 * unit is the two-letter one if it is there, else the one letter, and neither if a name
 * character follows it.
 */
function unitLength(text: string, offset: number): number {
    const first = text.charCodeAt(offset);
    const second = text.charCodeAt(offset + 1);
    let length: number;
    if (first === 75 || first === 77 || first === 71 || first === 84) length = second === 105 ? 2 : 1; // K M G T, then i
    else if (first === 109) length = second === 115 ? 2 : 1; // m, then s
    else if (first === 115 || first === 104 || first === 100) length = 1; // s h d
    else return 0;
    return isWordPart(text.charCodeAt(offset + length)) ? 0 : length;
}

/** The length of `[eE][+-]?[0-9]+` at `offset`, 0 if there is none. */
function exponentLength(text: string, offset: number): number {
    const e = text.charCodeAt(offset);
    if (e !== 101 && e !== 69) return 0;
    let digits = offset + 1;
    const sign = text.charCodeAt(digits);
    if (sign === 43 || sign === 45) digits++;
    if (!isDigit(text.charCodeAt(digits))) return 0;
    return skipDigits(text, digits, false) - offset;
}

/** The terminals this lexer implements, in the vocabulary's order, with their patterns and groups. */
const terminals: [name: string, pattern: string, group?: string][] = [
    ['WS', '\\s+', Lexer.SKIPPED],
    ['DOC_COMMENT', '\\/\\/\\/[^\\n\\r]*', 'hidden'],
    ['ML_COMMENT', '\\/\\*[\\s\\S]*?\\*\\/', 'hidden'],
    ['SL_COMMENT', '\\/\\/[^\\n\\r]*', 'hidden'],
    ['QUANTITY', '[0-9][0-9_]*(\\.[0-9][0-9_]*)?(Ki|Mi|Gi|Ti|ms|K|M|G|T|s|m|h|d)(?![A-Za-z0-9_])'],
    ['FLOAT', '[0-9][0-9_]*(\\.[0-9][0-9_]*([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)'],
    ['INT', '[0-9][0-9_]*'],
    ['STRING', '"(\\\\.|[^"\\\\\\r\\n])*"'],
    ['UNTERMINATED_STRING', '"(?:\\\\.|[^"\\\\\\r\\n])*'],
    ['ID', '[A-Za-z_][A-Za-z0-9_]*'],
];

/** Checks that the vocabulary's terminals are exactly {@link terminals}. */
function checkTerminals(types: TokenType[]): void {
    const found = types.map(type => [type.name, (type.PATTERN as RegExp).source, type.GROUP, (type.PATTERN as RegExp).flags]);
    const expected = terminals.map(([name, pattern, group]) => [name, pattern, group, '']);
    if (JSON.stringify(found) !== JSON.stringify(expected)) throw unknownVocabulary(`terminals ${JSON.stringify(found)}`);
}

function unknownVocabulary(what: string): Error {
    return new Error(`fast-lexer.ts does not implement this vocabulary (${what}): update it with weft.langium`);
}
