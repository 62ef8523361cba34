/**
 * Rewrites the parser's (Chevrotain's) error messages into short sentences: its "one of these
 * possible Token sequences: 1. [!] 2. [-] … 32. [(]" lists every token that may start an
 * expression, where a person wants "expected an expression".
 */
import { keywordsUsableAsNames } from '../parsing/weft-token-builder.js';

/** Tokens that start an expression besides a name. */
const EXPRESSION_STARTS = new Set(['!', '-', 'INT', 'FLOAT', 'QUANTITY', 'STRING', 'true', 'false', '[', '{', '(']);

const TERMINAL_WORDS: Record<string, string> = {
    ID: 'a name',
    STRING: 'a string',
    INT: 'an integer',
    FLOAT: 'a number',
    QUANTITY: 'a quantity such as 16Gi or 30s',
};

const ALTERNATIVES = /^Expecting: one of these possible Token sequences:(.*)but found: '(.*)'$/s;
const SINGLE = /^Expecting token of type '(.*)' but found `(.*)`\.$/s;

export function readableSyntaxMessage(message: string): string {
    const alternatives = ALTERNATIVES.exec(message);
    const image = alternatives?.[2] ?? SINGLE.exec(message)?.[2];
    if (image !== undefined && isUnterminatedString(image)) return `Unterminated string ${found(image)}: add the closing \`"\`.`;
    if (alternatives) {
        const firstTokens = [...alternatives[1]!.matchAll(/\d+\. \[([^\],]+)[^\]]*\]/g)].map(match => match[1]!.trim());
        return `Unexpected ${found(alternatives[2]!)}: expected ${describeAlternatives(firstTokens)}.`;
    }
    const single = SINGLE.exec(message);
    if (single) return `Expected ${describeToken(single[1]!)} but found ${found(single[2]!)}.`;
    return message;
}

function describeAlternatives(tokens: readonly string[]): string {
    const unique = [...new Set(tokens)];
    const hasName = unique.includes('ID');
    const others = unique.filter(token => token !== 'ID' && !(hasName && keywordsUsableAsNames.has(token)));
    const isExpression = hasName && others.length > 0 && others.every(token => EXPRESSION_STARTS.has(token));
    if (isExpression) return 'an expression';
    const words = [...(hasName ? ['a name'] : []), ...others.map(describeToken)];
    if (words.length <= 1) return words[0] ?? 'something else';
    return `one of ${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

function describeToken(token: string): string {
    return TERMINAL_WORDS[token] ?? `\`${token}\``;
}

/** The lexer's UNTERMINATED_STRING (parsing/weft-token-builder.ts): a quote and no closing one. */
function isUnterminatedString(image: string): boolean {
    return image.startsWith('"') && !/^"(?:\\.|[^"\\\r\n])*"$/.test(image);
}

function found(image: string): string {
    return image === '' ? 'the end of the file' : `\`${image}\``;
}
