import {
    type AstNode, createParser, type LangiumCoreServices, LangiumParser, type ParseResult, type ParserOptions, RootCstNodeImpl,
} from 'langium';
import { FastWeftParser, infixElementsOf } from './fast-parser.js';
import { nestAllOperationNodes } from './operation-nodes.js';

/**
 * Langium's parser, built the way `createLangiumParser` builds it, with one repair: each
 * binary operation gets a CST node of its own (operation-nodes.ts).
 *
 * A document is first given to {@link FastWeftParser}, which builds the same result several
 * times faster when the document has no syntax error and gives up otherwise; Langium's parser
 * parses what it gives up on, so error recovery and messages are Langium's.
 */
export class WeftParser extends LangiumParser {
    private fast: FastWeftParser | undefined;

    constructor(private readonly services: LangiumCoreServices) {
        super(services);
    }

    override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        return (options?.rule === undefined ? this.parseFast<T>(input) : undefined) ?? this.parseWithLangium<T>(input, options);
    }

    /** The fast path alone: `undefined` where it gives up. */
    parseFast<T extends AstNode = AstNode>(input: string): ParseResult<T> | undefined {
        return this.fastParser().parse(input) as ParseResult<T> | undefined;
    }

    /**
     * Langium's parser alone, what the fast path falls back on (and is compared with). Its error
     * recovery throws on a few broken texts (`const a = in..4`: an action on a node that
     * recovery never built) and then leaves its rule stack behind, which would break every
     * later parse; such a text gets an empty file with the syntax errors found so far.
     */
    parseWithLangium<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        let result: ParseResult<T>;
        try {
            result = super.parse<T>(input, options);
        } catch (error) {
            return this.afterCrash<T>(input, error);
        }
        nestAllOperationNodes(result.value);
        return result;
    }

    private afterCrash<T extends AstNode>(input: string, error: unknown): ParseResult<T> {
        const found = this.wrapper.errors;
        (this as unknown as { stack: AstNode[] }).stack = [];
        const lexed = this.services.parser.Lexer.tokenize(input);
        const first = lexed.tokens[0];
        const reason = error instanceof Error ? error.message : String(error);
        const parserErrors = found.length > 0 || first === undefined ? found : [{
            name: 'RecognitionException', message: `The parser could not read this text (${reason}).`, token: first, resyncedTokens: [],
            context: { ruleStack: [], ruleOccurrenceStack: [] },
        } as unknown as ParseResult['parserErrors'][number]];
        const root = new RootCstNodeImpl(input);
        const value = { $type: 'WeftFile', imports: [], declarations: [], $cstNode: root } as unknown as T;
        root.astNode = value;
        return { value, lexerErrors: lexed.errors, lexerReport: lexed.report, parserErrors };
    }

    /**
     * Built at the first parse: it needs the grammar elements Langium's parser made up for the
     * infix rules, which only a CST Langium built shows.
     */
    private fastParser(): FastWeftParser {
        if (this.fast === undefined) {
            const probe = super.parse('const x = a * b < c\n');
            this.fast = new FastWeftParser(this.services, infixElementsOf(this.services.Grammar, probe.value.$cstNode!));
        }
        return this.fast;
    }
}

/** The parser the Weft services use (`createLangiumParser`, with {@link WeftParser}). */
export function createWeftParser(services: LangiumCoreServices): WeftParser {
    const parser = createParser(services.Grammar, new WeftParser(services), services.parser.Lexer.definition);
    parser.finalize();
    return parser;
}
