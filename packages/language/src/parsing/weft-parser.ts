import {
    type AstNode, type CompositeCstNode, type CstNode, createParser, GrammarAST, type LangiumCoreServices, LangiumParser, type ParseResult,
    type ParserOptions, RootCstNodeImpl,
} from 'langium';
import { FastWeftParser } from './fast-parser.js';
import { infixElementPairs, infixElementsOf, type InfixElements, makeInfixElements } from './infix-elements.js';
import { nestAllOperationNodes } from './operation-nodes.js';
import { refusedParseResult } from './refused-parse.js';
import { sourceLimitViolation } from './source-limits.js';

/**
 * The Weft parser. A document is first given to {@link FastWeftParser}, which builds exactly
 * Langium's result several times faster when the document has no syntax error and gives up
 * otherwise; Langium's parser parses what it gives up on, so error recovery and messages are
 * Langium's. Langium's results get one repair: each binary operation gets a CST node of its own
 * (operation-nodes.ts).
 *
 * Langium's parser is built only when first needed: building it (Chevrotain's analysis of the
 * grammar) is work a `weft check` of clean files never needs. It stands in for Langium's
 * `LangiumParser` service, of which Langium and Weft call only `parse`. A text past the limits of
 * source-limits.ts is not parsed at all: it gets an empty file and one error.
 */
export class WeftParser {
    private readonly infix: InfixElements;
    private readonly fast: FastWeftParser;
    private langium: RecoveringLangiumParser | undefined;
    /** Langium's made-up infix elements, by the ones the fast parser made (see `makeInfixElements`). */
    private ownInfixElement = new Map<GrammarAST.AbstractElement, GrammarAST.AbstractElement>();

    constructor(private readonly services: LangiumCoreServices) {
        this.infix = makeInfixElements(services.Grammar);
        this.fast = new FastWeftParser(services, this.infix);
    }

    parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        // A text too large or too deep for the parsers and the phases after them is not parsed.
        const violation = sourceLimitViolation(input);
        if (violation !== undefined) return refusedParseResult<T>(input, violation);
        return (options?.rule === undefined ? this.parseFast<T>(input) : undefined) ?? this.parseWithLangium<T>(input, options);
    }

    /** The fast path alone: `undefined` where it gives up. */
    parseFast<T extends AstNode = AstNode>(input: string): ParseResult<T> | undefined {
        return this.fast.parse(input) as ParseResult<T> | undefined;
    }

    /** Langium's parser alone, what the fast path falls back on (and is compared with). */
    parseWithLangium<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        const result = this.langiumParser().parseRecovering<T>(input, options);
        if (result.value.$cstNode !== undefined) this.shareInfixElements(result.value.$cstNode);
        nestAllOperationNodes(result.value);
        return result;
    }

    private langiumParser(): RecoveringLangiumParser {
        if (this.langium === undefined) {
            const parser = createParser(this.services.Grammar, new RecoveringLangiumParser(this.services), this.services.parser.Lexer.definition);
            parser.finalize();
            const probe = parser.parseRecovering('const x = a * b < c\n');
            this.ownInfixElement = infixElementPairs(this.infix, infixElementsOf(this.services.Grammar, probe.value.$cstNode!));
            this.langium = parser;
        }
        return this.langium;
    }

    /** Gives the CST nodes of Langium's infix elements the fast parser's. */
    private shareInfixElements(node: CstNode): void {
        // A plain recursion, not `streamCst`: this runs over every CST Langium's parser builds,
        // and a generator allocates at every node.
        const own = node.grammarSource === undefined ? undefined : this.ownInfixElement.get(node.grammarSource);
        if (own !== undefined) (node as { grammarSource?: GrammarAST.AbstractElement }).grammarSource = own;
        const content = (node as Partial<CompositeCstNode>).content;
        if (content !== undefined) for (let i = 0; i < content.length; i++) this.shareInfixElements(content[i]!);
    }
}

/**
 * Langium's parser. Its error recovery throws on a few broken texts (`const a = in..4`: an
 * action on a node that recovery never built) and then leaves its rule stack behind, which would
 * break every later parse; such a text gets an empty file with the syntax errors found so far.
 */
class RecoveringLangiumParser extends LangiumParser {
    constructor(private readonly services: LangiumCoreServices) {
        super(services);
    }

    parseRecovering<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        try {
            return super.parse<T>(input, options);
        } catch (error) {
            return this.afterCrash<T>(input, error);
        }
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
}

/** The parser the Weft services use in place of Langium's `LangiumParser` (only its `parse` is called). */
export function createWeftParser(services: LangiumCoreServices): LangiumParser {
    return new WeftParser(services) as unknown as LangiumParser;
}
