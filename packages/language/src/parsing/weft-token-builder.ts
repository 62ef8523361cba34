import { createToken, type TokenType, type TokenVocabulary } from 'chevrotain';
import { DefaultTokenBuilder, type Grammar, type GrammarAST, type TokenBuilderOptions } from 'langium';

/**
 * Keywords that are also natural field, output, parameter and member names (`model`, `type`,
 * `version`…): wherever the grammar asks for an `ID`, these are accepted too.
 */
export const keywordsUsableAsNames: ReadonlySet<string> = new Set([
    'model', 'dataset', 'type', 'step', 'pipeline', 'target', 'pool', 'version', 'module', 'import', 'from', 'as',
    'sandbox', 'kubernetes', 'concurrency', 'failure', 'of', 'on', 'fn', 'builtin', 'exit', 'raises', 'recover',
]);

/**
 * Puts each keyword of {@link keywordsUsableAsNames} in the `ID` token category, so that the
 * parser takes it where a name is expected. The grammar could say the same with a rule
 * `Name: ID | 'model' | …`, but every name would then go through a rule of twenty-one
 * alternatives, and names are a third of a pipeline's tokens: a token category costs the parser
 * nothing per name.
 */
export class WeftTokenBuilder extends DefaultTokenBuilder {
    /**
     * The grammar's tokens and one more: a string without its closing quote, up to the end of
     * the line. No rule accepts it, so it is one syntax error (see syntax-messages.ts) instead
     * of a stray quote followed by the string's contents read as code.
     */
    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options);
        if (!Array.isArray(tokens)) return tokens;
        const string = tokens.findIndex(token => token.name === 'STRING');
        if (string >= 0) tokens.splice(string + 1, 0, unterminatedString);
        return tokens;
    }

    protected override buildKeywordToken(keyword: GrammarAST.Keyword, terminalTokens: TokenType[], caseInsensitive: boolean): TokenType {
        const token = super.buildKeywordToken(keyword, terminalTokens, caseInsensitive);
        if (keywordsUsableAsNames.has(keyword.value)) {
            const id = terminalTokens.find(terminal => terminal.name === 'ID');
            if (id === undefined) throw new Error('the Weft grammar has no ID terminal');
            token.CATEGORIES = [id];
        }
        return token;
    }
}

/** What the lexer makes of `"abc` at the end of a line. */
export const unterminatedString = createToken({ name: 'UNTERMINATED_STRING', pattern: /"(?:\\.|[^"\\\r\n])*/ });
