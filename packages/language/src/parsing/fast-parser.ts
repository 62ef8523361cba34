import type { TokenType } from 'chevrotain';
import {
    type CompositeCstNodeImpl, type CstNode, GrammarAST, GrammarUtils, type LangiumCoreServices, type LeafCstNode,
    type ParseResult, type Reference,
} from 'langium';
import type { BinaryExpression, WeftFile } from '../generated/ast.js';
import { FastCstBuilder } from './fast-cst-builder.js';
import { FastLexer } from './fast-lexer.js';
import {
    type Elements, type InfixRule, type ListElements, lookUpElements, type MemberCalls, type SeparatedElements, type StatementCalls,
} from './fast-parser-elements.js';
import type { InfixElements } from './infix-elements.js';
import { nestNewChain } from './operation-nodes.js';

/**
 * A hand-written recursive-descent parser for weft.langium that builds, for a document without
 * syntax errors, exactly the result Langium's parser builds (with WeftParser's repair of its
 * operation nodes), several times faster: Chevrotain's lookahead, recording and error-recovery
 * machinery is most of the cost of parsing a big file.
 *
 * It does what Langium's `LangiumParser` does, in the same order: the same `CstNodeBuilder` calls,
 * made to fast-cst-builder.ts, which builds the same tree from them with less garbage (so hidden
 * comment leaves land where Langium puts them), the same grammar elements as `grammarSource`, the
 * same value converter and linker, AST properties assigned in the same order; the repair
 * (operation-nodes.ts) as it builds each chain of operations. It lexes on its own: fast-lexer.ts
 * makes Chevrotain's tokens one at a time as the parser reads them (it looks at most two tokens
 * ahead), instead of the whole file's tokens first. On anything it does not expect (a text the fast
 * lexer cannot be sure of, an unexpected token) it gives up and returns `undefined`, and the caller
 * parses with Langium, whose lexer, error recovery and messages stay as they are.
 * test/parsing/fast-parser.test.ts compares the two parsers, test/parsing/fast-lexer.test.ts the
 * two lexers.
 */
export class FastWeftParser {
    private readonly lexer: FastLexer;
    private readonly tokenBuilder: LangiumCoreServices['parser']['TokenBuilder'];
    private readonly converter: LangiumCoreServices['parser']['ValueConverter'];
    private readonly linker: LangiumCoreServices['references']['Linker'];
    private readonly reflection: LangiumCoreServices['shared']['AstReflection'];
    private readonly g: Elements;
    /** Token name (a keyword's text or a terminal's name) by Chevrotain's token type index. */
    private readonly tokenNames: string[] = [];
    /** Whether a token of the type is accepted where the grammar asks for an `ID` (weft-token-builder.ts). */
    private readonly nameTokens: boolean[] = [];
    /** Per AST type, the properties Langium's `assignMandatoryProperties` fills in, in its order. */
    private readonly defaults = new Map<string, [string, unknown][]>();
    private readonly actionTypes = new Map<GrammarAST.Action, string>();
    /** What an infix rule's CST node is read from when it ends. */
    private readonly holder = {} as Node;

    // The state of one parse (the lexer's too).
    /** How many of the lexer's comments have leaves. */
    private hiddenPosition = 0;
    private cst = new FastCstBuilder();

    constructor(services: LangiumCoreServices, infixElements: InfixElements) {
        this.lexer = new FastLexer(services.parser.Lexer.definition);
        this.tokenBuilder = services.parser.TokenBuilder;
        this.converter = services.parser.ValueConverter;
        this.linker = services.references.Linker;
        this.reflection = services.shared.AstReflection;
        this.g = lookUpElements(services.Grammar, infixElements);
        const tokenTypes = Object.values(services.parser.Lexer.definition) as TokenType[];
        const id = tokenTypes.find(type => type.name === 'ID');
        for (const type of tokenTypes) {
            const index = type.tokenTypeIdx!;
            this.tokenNames[index] = type.name;
            this.nameTokens[index] = type === id || (type.CATEGORIES ?? []).includes(id!);
        }
    }

    /** The document's parse result, or `undefined` when Langium's parser has to parse it. */
    parse(text: string): ParseResult<WeftFile> | undefined {
        // What Langium's lexer reports after lexing; the Weft token builder reports nothing, and a
        // report would be lost to the fallback's own lexing.
        const report = this.tokenBuilder.flushLexingReport?.(text);
        if ((report?.diagnostics.length ?? 0) > 0) return undefined;
        this.hiddenPosition = 0;
        this.cst = new FastCstBuilder();
        this.cst.buildRootNode(text);
        try {
            this.lexer.reset(text);
            const file = this.weftFile();
            if (this.lexer.peek(0) !== undefined) return undefined;
            this.link(file);
            // Comments after the last token, as Langium adds them after parsing.
            const hidden = this.lexer.hidden;
            this.cst.addHiddenNodes(hidden, this.hiddenPosition);
            return { value: file as unknown as WeftFile, lexerErrors: [], lexerReport: report, parserErrors: [] };
        } catch {
            // GiveUp, a text the fast lexer cannot lex, or a grammar this parser does not know: Langium's parser decides.
            return undefined;
        } finally {
            this.lexer.clear();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Tokens and the CST

    /** The name of the token `ahead` tokens on (a keyword's text, `ID`, `STRING`…), `EOF` after the last. */
    private kind(ahead = 0): string {
        const token = this.lexer.peek(ahead);
        return token === undefined ? 'EOF' : this.tokenNames[token.tokenTypeIdx]!;
    }

    /** Whether the token `ahead` tokens on is accepted as an `ID`. */
    private isName(ahead = 0): boolean {
        const token = this.lexer.peek(ahead);
        return token !== undefined && this.nameTokens[token.tokenTypeIdx] === true;
    }

    /** The text of the current token. */
    private image(): string {
        return this.lexer.peek(0)!.image;
    }

    /** Consumes the current token as a leaf for `feature`, after the comments before it (Langium's `consume`). */
    private leaf(feature: GrammarAST.AbstractElement): LeafCstNode {
        const token = this.lexer.advance();
        const hidden = this.lexer.hidden;
        const start = this.hiddenPosition;
        let end = start;
        while (end < hidden.length && hidden[end]!.startOffset < token.startOffset) end++;
        if (end > start) {
            this.hiddenPosition = end;
            this.cst.addHiddenNodes(hidden, start, end);
        }
        return this.cst.buildLeafNode(token, feature);
    }

    /** Consumes the keyword `kind`. */
    private keyword(kind: string, keyword: GrammarAST.Keyword): void {
        if (this.kind() !== kind) throw giveUp;
        this.leaf(keyword);
    }

    /** Consumes a token of terminal `feature` (or of a keyword usable as a name) and returns its converted value. */
    private value(feature: GrammarAST.AbstractElement): string {
        const image = this.image();
        return this.converter.convert(image, this.leaf(feature)) as string;
    }

    private name(feature: GrammarAST.RuleCall): string {
        if (!this.isName()) throw giveUp;
        return this.value(feature);
    }

    private reference(node: Node, property: string, crossReference: GrammarAST.CrossReference): Reference {
        if (!this.isName()) throw giveUp;
        const image = this.image();
        const leaf = this.leaf(crossReference);
        return this.linker.buildReference(node as never, property, leaf, this.converter.convert(image, leaf) as string);
    }

    /** Opens the composite CST node of a rule call; the called rule closes it. */
    private open(call: GrammarAST.AbstractElement): void {
        this.cst.buildCompositeNode(call);
    }

    /** Ends a rule: the node gets its CST node and Langium's default property values. */
    private close(node: Node): Node {
        this.cst.construct(node);
        let defaults = this.defaults.get(node.$type);
        if (defaults === undefined) {
            defaults = Object.values(this.reflection.getTypeMetaData(node.$type).properties)
                .filter(property => property.defaultValue !== undefined)
                .map(property => [property.name, property.defaultValue]);
            this.defaults.set(node.$type, defaults);
        }
        for (let i = 0; i < defaults.length; i++) {
            const [name, value] = defaults[i]!;
            if (node[name] === undefined) node[name] = Array.isArray(value) ? [] : value;
        }
        return node;
    }

    /** A node assigned to a property: its CST node now points back at it (Langium's `linkCstNode`). */
    private link<T extends Node>(node: T): T {
        (node.$cstNode as { astNode: unknown }).astNode = node;
        return node;
    }

    /**
     * Assigns a finished node to a property of its container and links it, as Langium's
     * `assign` and, after parsing, `linkContentToContainer` do: the node gets no property
     * after this, so `$container…` come last in it as they do in Langium's.
     */
    private set(node: Node, property: string, item: Node): void {
        node[property] = this.link(item);
        item.$container = node;
        item.$containerProperty = property;
    }

    private push(node: Node, property: string, item: Node): void {
        let list = node[property] as Node[] | undefined;
        if (list === undefined) node[property] = list = [];
        list.push(this.link(item));
        item.$container = node;
        item.$containerProperty = property;
        item.$containerIndex = list.length - 1;
    }

    /**
     * The result of an unassigned rule call (`Expression: LogicalExpression`) takes the place of
     * the rule's own node, and gets the rule's CST node when the rule ends. Langium's
     * `assignWithoutOverride` also copies the properties the result lacks from the rule's node,
     * but in this grammar that node has none yet but `$type`, which the result has.
     */
    private adopt(result: Node): Node {
        result.$cstNode = undefined;
        return result;
    }

    /**
     * An action `{infer Type.property=current}`: the current node is finished and becomes the
     * property of a new node, whose CST node wraps the current one (Langium's `action`).
     */
    private act(current: Node, action: GrammarAST.Action): Node {
        const last = this.close(current);
        this.cst.wrapLast(last.$cstNode!, action);
        const node = newNode(this.typeOf(action));
        if (action.operator === '+=') this.push(node, action.feature!, last);
        else this.set(node, action.feature!, last);
        return node;
    }

    private typeOf(action: GrammarAST.Action): string {
        let type = this.actionTypes.get(action);
        if (type === undefined) this.actionTypes.set(action, type = GrammarUtils.getTypeName(action));
        return type;
    }

    private pushReference(node: Node, property: string, reference: Reference): void {
        const list = node[property];
        if (Array.isArray(list)) list.push(reference);
        else node[property] = [reference];
    }

    // ---------------------------------------------------------------------------------------
    // The file and its declarations

    private weftFile(): Node {
        const g = this.g.file;
        const node = newNode('WeftFile');
        if (this.kind() === 'module') {
            this.open(g.header);
            this.set(node, 'header', this.moduleHeader());
        }
        while (this.kind() === 'import') {
            this.open(g.imports);
            this.push(node, 'imports', this.import());
        }
        for (;;) {
            const declaration = this.declaration();
            if (declaration === undefined) break;
            this.push(node, 'declarations', declaration);
        }
        return this.close(node);
    }

    private declaration(): Node | undefined {
        const g = this.g.file.declarations;
        switch (this.kind()) {
            case 'type': this.open(g.type); return this.typeDeclaration();
            case 'const': this.open(g.const); return this.constDeclaration();
            case 'dataset': this.open(g.dataset); return this.datasetOrModel(this.g.dataset, 'DatasetDeclaration');
            case 'model': this.open(g.model); return this.datasetOrModel(this.g.model, 'ModelDeclaration');
            case 'step': this.open(g.step); return this.stepDeclaration();
            case 'pipeline': this.open(g.pipeline); return this.pipelineDeclaration();
            case 'target': this.open(g.target); return this.targetDeclaration();
            case 'builtin':
                if (this.kind(1) === 'type') {
                    this.open(g.builtinType);
                    return this.builtinType();
                }
                this.open(g.builtinFunction);
                return this.builtinFunction();
            case 'EOF': return undefined;
            default: throw giveUp;
        }
    }

    private moduleHeader(): Node {
        const g = this.g.moduleHeader;
        const node = newNode('ModuleHeader');
        this.keyword('module', g.module);
        this.open(g.name);
        node.name = this.qualifiedName();
        this.keyword('version', g.version);
        node.version = this.string(g.versionString);
        return this.close(node);
    }

    private string(feature: GrammarAST.RuleCall): string {
        if (this.kind() !== 'STRING') throw giveUp;
        return this.value(feature);
    }

    /** The data type rule `ID ('.' ID)*`: the converted text, as Langium builds it. */
    private qualifiedName(): string {
        const g = this.g.qualifiedName;
        const node = newNode('QualifiedName') as Node & { value: string };
        node.value = '';
        node.value += this.name(g.first);
        while (this.kind() === '.') {
            this.leaf(g.dot);
            node.value += '.';
            node.value += this.name(g.next);
        }
        this.cst.construct(node);
        return this.converter.convert(node.value, node.$cstNode!) as string;
    }

    private import(): Node {
        const g = this.g.import;
        const node = newNode('Import');
        this.keyword('import', g.import);
        this.keyword('{', g.open);
        if (this.isName()) {
            this.open(g.firstItem);
            this.push(node, 'items', this.importItem());
            while (this.kind() === ',' && this.isName(1)) {
                this.leaf(g.comma);
                this.open(g.nextItem);
                this.push(node, 'items', this.importItem());
            }
            if (this.kind() === ',') this.leaf(g.trailingComma);
        }
        this.keyword('}', g.close);
        this.keyword('from', g.from);
        node.path = this.string(g.path);
        return this.close(node);
    }

    private importItem(): Node {
        const g = this.g.importItem;
        const node = newNode('ImportItem');
        node.declaration = this.reference(node, 'declaration', g.declaration);
        if (this.kind() === 'as') {
            this.leaf(g.as);
            node.alias = this.name(g.alias);
        }
        return this.close(node);
    }

    private typeDeclaration(): Node {
        const g = this.g.typeDeclaration;
        const node = newNode('TypeDeclaration');
        this.keyword('type', g.type);
        node.name = this.name(g.name);
        if (this.kind() === '<') this.typeParameters(node, g.parameters);
        this.keyword('=', g.equals);
        this.open(g.typeExpression);
        this.set(node, 'type', this.typeExpression());
        return this.close(node);
    }

    /** `'<' typeParameters+=TypeParameter (',' typeParameters+=TypeParameter)* '>'` */
    private typeParameters(node: Node, g: Elements['typeDeclaration']['parameters']): void {
        this.leaf(g.open);
        this.separated(node, 'typeParameters', g, () => this.nameOnly('TypeParameter', this.g.typeParameter));
        this.keyword('>', g.close);
    }

    /** A rule that is only `name=ID`: TypeParameter, DimensionVariable, LoopVariable. */
    private nameOnly(type: string, name: GrammarAST.RuleCall): Node {
        const node = newNode(type);
        node.name = this.name(name);
        return this.close(node);
    }

    private constDeclaration(): Node {
        const g = this.g.constDeclaration;
        const node = newNode('ConstDeclaration');
        this.keyword('const', g.const);
        node.name = this.name(g.name);
        if (this.kind() === ':') {
            this.leaf(g.colon);
            this.open(g.type);
            this.set(node, 'type', this.typeExpression());
        }
        this.keyword('=', g.equals);
        this.open(g.value);
        this.set(node, 'value', this.expression());
        return this.close(node);
    }

    private datasetOrModel(g: Elements['dataset'], type: string): Node {
        const node = newNode(type);
        this.leaf(g.keyword);
        node.name = this.name(g.name);
        this.keyword(':', g.colon);
        this.open(g.type);
        this.set(node, 'type', this.typeExpression());
        if (this.kind() !== '{') throw giveUp;
        this.open(g.body);
        this.set(node, 'body', this.block());
        return this.close(node);
    }

    private stepDeclaration(): Node {
        const g = this.g.step;
        const node = newNode('StepDeclaration');
        this.keyword('step', g.step);
        node.name = this.name(g.name);
        if (this.kind() === '<') {
            this.leaf(g.dimensions.open);
            this.separated(node, 'dimensions', g.dimensions, () => this.nameOnly('DimensionVariable', this.g.dimensionVariable));
            this.keyword('>', g.dimensions.close);
        }
        this.signature(node, g.signature);
        if (this.kind() === 'raises') {
            const raises = g.raises;
            this.leaf(raises.raises);
            this.keyword('(', raises.open);
            this.open(raises.first);
            this.push(node, 'raises', this.namedType());
            while (this.kind() === '|') {
                this.leaf(raises.bar);
                this.open(raises.next);
                this.push(node, 'raises', this.namedType());
            }
            this.keyword(')', raises.close);
        }
        this.keyword('{', g.open);
        for (;;) {
            const member = this.member(g.members);
            if (member === undefined) break;
            this.push(node, 'members', member);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    /** Parameters and outputs of a step or pipeline: `'(' … ')' ('->' '(' … ')')?`. */
    private signature(node: Node, g: Elements['step']['signature']): void {
        this.keyword('(', g.parameters.open);
        this.list(node, 'parameters', g.parameters, () => this.parameter(), true);
        this.keyword(')', g.parameters.close);
        if (this.kind() === '->') {
            this.leaf(g.arrow);
            this.keyword('(', g.outputs.open);
            this.list(node, 'outputs', g.outputs, () => this.output(), true);
            this.keyword(')', g.outputs.close);
        }
    }

    /** `items+=Item (',' items+=Item)*`: one item or more, separated by commas. */
    private separated(node: Node, property: string, g: SeparatedElements, item: () => Node): void {
        this.open(g.first);
        this.push(node, property, item());
        while (this.kind() === ',') {
            this.leaf(g.comma);
            this.open(g.next);
            this.push(node, property, item());
        }
    }

    /**
     * `(items+=Item (',' items+=Item)* ','?)?` between brackets that the caller consumes, the
     * trailing comma only when `trailingComma`. Items are tried unless the closing bracket follows.
     */
    private list(node: Node, property: string, g: ListElements, item: () => Node, trailingComma: boolean): void {
        const close = g.close.value;
        if (this.kind() === close) return;
        this.open(g.first);
        this.push(node, property, item());
        while (this.kind() === ',') {
            if (trailingComma && this.kind(1) === close) {
                this.leaf(g.trailingComma!);
                return;
            }
            this.leaf(g.comma);
            this.open(g.next);
            this.push(node, property, item());
        }
    }

    private parameter(): Node {
        const g = this.g.parameter;
        const node = newNode('Parameter');
        node.name = this.name(g.name);
        this.keyword(':', g.colon);
        this.open(g.type);
        this.set(node, 'type', this.typeExpression());
        if (this.kind() === '=') {
            this.leaf(g.equals);
            this.open(g.default);
            this.set(node, 'default', this.expression());
        }
        return this.close(node);
    }

    private output(): Node {
        const g = this.g.output;
        const node = newNode('Output');
        node.name = this.name(g.name);
        this.keyword(':', g.colon);
        this.open(g.type);
        this.set(node, 'type', this.typeExpression());
        return this.close(node);
    }

    private pipelineDeclaration(): Node {
        const g = this.g.pipeline;
        const node = newNode('PipelineDeclaration');
        this.keyword('pipeline', g.pipeline);
        node.name = this.name(g.name);
        this.signature(node, g.signature);
        this.keyword('{', g.open);
        for (;;) {
            // `on failure of` starts a statement; `on:` and `on {` are members.
            const statement = this.kind() === 'on' && this.kind(1) !== 'failure' && this.kind(1) !== 'exit' ? undefined : this.statement(g.statements);
            if (statement !== undefined) {
                this.push(node, 'statements', statement);
                continue;
            }
            const member = this.member(g.members);
            if (member === undefined) break;
            this.push(node, 'members', member);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    private targetDeclaration(): Node {
        const g = this.g.target;
        const node = newNode('TargetDeclaration');
        this.keyword('target', g.target);
        node.name = this.name(g.name);
        this.keyword(':', g.colon);
        const kind = this.kind();
        if (kind !== 'sandbox' && kind !== 'kubernetes') throw giveUp;
        node.kind = this.image();
        this.leaf(kind === 'sandbox' ? g.sandbox : g.kubernetes);
        this.keyword('{', g.open);
        for (;;) {
            let member: Node | undefined;
            if (this.kind() === 'pool' && this.isName(1)) {
                this.open(g.pool);
                member = this.pool();
            } else {
                member = this.member(g.members);
            }
            if (member === undefined) break;
            this.push(node, 'members', member);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    private pool(): Node {
        const g = this.g.pool;
        const node = newNode('Pool');
        this.leaf(g.pool);
        node.name = this.name(g.name);
        if (this.kind() !== '{') throw giveUp;
        this.open(g.body);
        this.set(node, 'body', this.block());
        return this.close(node);
    }

    private builtinType(): Node {
        const g = this.g.builtinType;
        const node = newNode('BuiltinType');
        this.leaf(g.builtin);
        this.keyword('type', g.type);
        node.name = this.name(g.name);
        if (this.kind() === '<') this.typeParameters(node, g.parameters);
        return this.close(node);
    }

    private builtinFunction(): Node {
        const g = this.g.builtinFunction;
        const node = newNode('BuiltinFunction');
        this.leaf(g.builtin);
        this.keyword('fn', g.fn);
        node.name = this.name(g.name);
        this.keyword('(', g.parameters.open);
        this.list(node, 'parameters', g.parameters, () => this.parameter(), false);
        this.keyword(')', g.parameters.close);
        this.keyword(':', g.colon);
        this.open(g.returnType);
        this.set(node, 'returnType', this.typeExpression());
        return this.close(node);
    }

    // ---------------------------------------------------------------------------------------
    // Members and blocks

    /** A `where`, `key: value` or `key { … }` member, or `undefined` when none starts here. */
    private member(g: MemberCalls): Node | undefined {
        if (this.kind() === 'where') {
            this.open(g.where);
            return this.whereClause();
        }
        if (this.isName() || this.kind() === 'STRING') {
            const next = this.kind(1);
            if (next === ':') {
                this.open(g.entry);
                return this.entry();
            }
            if (next === '{') {
                this.open(g.blockEntry);
                return this.blockEntry();
            }
        }
        return undefined;
    }

    private whereClause(): Node {
        const g = this.g.whereClause;
        const node = newNode('WhereClause');
        this.leaf(g.where);
        this.open(g.condition);
        this.set(node, 'condition', this.expression());
        if (this.kind() === ',') this.leaf(g.comma);
        return this.close(node);
    }

    /** `key=(ID | STRING)` */
    private key(g: { keyId: GrammarAST.RuleCall; keyString: GrammarAST.RuleCall }): string {
        return this.kind() === 'STRING' ? this.value(g.keyString) : this.value(g.keyId);
    }

    private entry(): Node {
        const g = this.g.entry;
        const node = newNode('Entry');
        node.key = this.key(g);
        this.leaf(g.colon);
        this.open(g.value);
        this.set(node, 'value', this.expression());
        if (this.kind() === ',') this.leaf(g.comma);
        return this.close(node);
    }

    private blockEntry(): Node {
        const g = this.g.blockEntry;
        const node = newNode('BlockEntry');
        node.key = this.key(g);
        this.open(g.body);
        this.set(node, 'body', this.block());
        if (this.kind() === ',') this.leaf(g.comma);
        return this.close(node);
    }

    private block(): Node {
        const g = this.g.block;
        const node = newNode('Block');
        this.leaf(g.open);
        for (;;) {
            const member = this.member(g.members);
            if (member === undefined) break;
            this.push(node, 'members', member);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    // ---------------------------------------------------------------------------------------
    // Pipeline statements

    /** A statement, or `undefined` when none starts here. */
    private statement(g: StatementCalls): Node | undefined {
        switch (this.kind()) {
            case 'let': this.open(g.let); return this.letStatement();
            case 'when': this.open(g.when); return this.whenStatement();
            case 'on': this.open(g.onFailure); return this.onFailureStatement();
            case 'return': this.open(g.return); return this.returnStatement();
            case 'recover':
                if (g.recover === undefined) return undefined;
                this.open(g.recover);
                return this.recoverStatement();
            default: return undefined;
        }
    }

    /** `'{' property+=Statement* '}'` */
    private statements(node: Node, property: string, open: GrammarAST.Keyword, close: GrammarAST.Keyword, g: StatementCalls): void {
        this.keyword('{', open);
        for (;;) {
            const statement = this.statement(g);
            if (statement === undefined) break;
            this.push(node, property, statement);
        }
        this.keyword('}', close);
    }

    private letStatement(): Node {
        const g = this.g.let;
        const node = newNode('LetStatement');
        this.leaf(g.let);
        node.name = this.name(g.name);
        this.keyword('=', g.equals);
        if (this.kind() === 'for') {
            this.open(g.forEach);
            this.set(node, 'value', this.forEach());
        } else {
            this.open(g.stepCall);
            this.set(node, 'value', this.stepCall());
        }
        if (this.kind() === 'after') {
            this.leaf(g.after);
            this.pushReference(node, 'after', this.reference(node, 'after', g.firstAfter));
            while (this.kind() === ',') {
                this.leaf(g.comma);
                this.pushReference(node, 'after', this.reference(node, 'after', g.nextAfter));
            }
        }
        return this.close(node);
    }

    private stepCall(): Node {
        const g = this.g.stepCall;
        const node = newNode('StepCall');
        node.callee = this.reference(node, 'callee', g.callee);
        this.keyword('(', g.arguments.open);
        this.list(node, 'arguments', g.arguments, () => this.argument(), true);
        this.keyword(')', g.arguments.close);
        if (this.kind() === 'with') {
            this.leaf(g.with);
            if (this.kind() !== '{') throw giveUp;
            this.open(g.overrides);
            this.set(node, 'overrides', this.block());
        }
        return this.close(node);
    }

    private forEach(): Node {
        const g = this.g.forEach;
        const node = newNode('ForEach');
        this.leaf(g.for);
        this.open(g.variable);
        this.set(node, 'variable', this.nameOnly('LoopVariable', this.g.loopVariable));
        this.keyword('in', g.in);
        this.open(g.iterable);
        this.set(node, 'iterable', this.expression());
        if (this.kind() === 'concurrency') {
            this.leaf(g.concurrency);
            this.open(g.concurrencyValue);
            this.set(node, 'concurrency', this.additive());
        }
        this.keyword('=>', g.arrow);
        this.open(g.call);
        this.set(node, 'call', this.stepCall());
        if (this.kind() === '.') {
            this.leaf(g.dot);
            node.output = this.name(g.output);
        }
        return this.close(node);
    }

    private argument(): Node {
        const g = this.g.argument;
        const node = newNode('Argument');
        if (this.isName() && this.kind(1) === ':') {
            node.name = this.value(g.name);
            this.leaf(g.colon);
        }
        this.open(g.value);
        this.set(node, 'value', this.expression());
        return this.close(node);
    }

    private whenStatement(): Node {
        const g = this.g.when;
        const node = newNode('WhenStatement');
        this.leaf(g.when);
        this.open(g.condition);
        this.set(node, 'condition', this.expression());
        this.statements(node, 'body', g.open, g.close, g.body);
        if (this.kind() === 'else') {
            this.leaf(g.else);
            this.statements(node, 'elseBody', g.elseOpen, g.elseClose, g.elseBody);
        }
        return this.close(node);
    }

    private onFailureStatement(): Node {
        const g = this.g.onFailure;
        const node = newNode('OnFailureStatement');
        this.leaf(g.on);
        const event = this.kind();
        if (event !== 'failure' && event !== 'exit') throw giveUp;
        node.event = this.image();
        this.leaf(event === 'failure' ? g.failure : g.exit);
        this.keyword('of', g.of);
        this.pushReference(node, 'calls', this.reference(node, 'calls', g.firstCall));
        while (this.kind() === ',') {
            this.leaf(g.comma);
            this.pushReference(node, 'calls', this.reference(node, 'calls', g.nextCall));
        }
        if (this.kind() === 'as') {
            this.leaf(g.as);
            node.name = this.name(g.name);
            this.keyword(':', g.colon);
            this.open(g.errorType);
            this.set(node, 'errorType', this.namedType());
        }
        this.statements(node, 'body', g.open, g.close, g.body);
        return this.close(node);
    }

    private recoverStatement(): Node {
        const g = this.g.recover;
        const node = newNode('RecoverStatement');
        this.leaf(g.recover);
        if (this.kind() !== '{') throw giveUp;
        this.open(g.value);
        this.set(node, 'value', this.recordLiteral());
        return this.close(node);
    }

    private returnStatement(): Node {
        const g = this.g.return;
        const node = newNode('ReturnStatement');
        this.leaf(g.return);
        if (this.kind() !== '{') throw giveUp;
        this.open(g.value);
        this.set(node, 'value', this.recordLiteral());
        return this.close(node);
    }

    // ---------------------------------------------------------------------------------------
    // Types

    private typeExpression(): Node {
        const g = this.g.typeExpression;
        this.open(g.first);
        let node = this.adopt(this.postfixType());
        if (this.kind() === '|') {
            node = this.act(node, g.union);
            do {
                this.leaf(g.bar);
                this.open(g.next);
                this.push(node, 'members', this.postfixType());
            } while (this.kind() === '|');
        }
        return this.close(node);
    }

    private postfixType(): Node {
        const g = this.g.postfixType;
        let node: Node;
        switch (this.kind()) {
            case '{': this.open(g.record); node = this.adopt(this.recordType()); break;
            case 'STRING': case 'INT': case 'FLOAT': case 'true': case 'false':
                this.open(g.literal);
                node = this.adopt(this.literalType());
                break;
            case '(': this.open(g.parenthesized); node = this.adopt(this.parenthesizedType()); break;
            default:
                if (!this.isName()) throw giveUp;
                this.open(g.named);
                node = this.adopt(this.namedType());
        }
        for (;;) {
            const kind = this.kind();
            if (kind === '[') {
                node = this.act(node, g.list);
                this.leaf(g.open);
                this.keyword(']', g.close);
            } else if (kind === '?') {
                node = this.act(node, g.optional);
                this.leaf(g.question);
            } else {
                return this.close(node);
            }
        }
    }

    private parenthesizedType(): Node {
        const g = this.g.parenthesizedType;
        const node = newNode('ParenthesizedTypeExpression');
        this.leaf(g.open);
        this.open(g.type);
        this.set(node, 'type', this.typeExpression());
        this.keyword(')', g.close);
        return this.close(node);
    }

    private recordType(): Node {
        const g = this.g.recordType;
        const node = newNode('RecordTypeExpression');
        this.leaf(g.open);
        while (this.isName()) {
            this.open(g.field);
            this.push(node, 'fields', this.recordField());
            if (this.kind() === ',') this.leaf(g.comma);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    private recordField(): Node {
        const g = this.g.recordField;
        const node = newNode('RecordField');
        node.name = this.name(g.name);
        if (this.kind() === '?') {
            this.leaf(g.optional);
            node.optional = true;
        }
        this.keyword(':', g.colon);
        this.open(g.type);
        this.set(node, 'type', this.typeExpression());
        return this.close(node);
    }

    private literalType(): Node {
        const g = this.g.literalType;
        const node = newNode('LiteralTypeExpression');
        const kind = this.kind();
        switch (kind) {
            case 'STRING': node.value = this.value(g.string); break;
            case 'INT': node.value = this.value(g.int); break;
            case 'FLOAT': node.value = this.value(g.float); break;
            default:
                node.value = this.image();
                this.leaf(kind === 'true' ? g.true : g.false);
        }
        return this.close(node);
    }

    private namedType(): Node {
        const g = this.g.namedType;
        const node = newNode('NamedTypeExpression');
        node.target = this.reference(node, 'target', g.target);
        if (this.kind() === '<') {
            this.leaf(g.open);
            this.separated(node, 'typeArguments', g, () => this.typeArgument());
            this.keyword('>', g.close);
        }
        return this.close(node);
    }

    private typeArgument(): Node {
        const g = this.g.typeArgument;
        let node: Node;
        switch (this.kind()) {
            case '[': this.open(g.shape); node = this.adopt(this.shape()); break;
            case '_': this.open(g.wildcard); node = this.adopt(this.wildcard()); break;
            default: this.open(g.type); node = this.adopt(this.typeExpression());
        }
        return this.close(node);
    }

    private shape(): Node {
        const g = this.g.shape;
        const node = newNode('ShapeExpression');
        this.leaf(g.open);
        if (this.kind() !== ']') this.separated(node, 'dimensions', g, () => this.dimension());
        this.keyword(']', g.close);
        return this.close(node);
    }

    private dimension(): Node {
        const g = this.g.dimension;
        let node: Node;
        if (this.kind() === '_') {
            this.open(g.wildcard);
            node = this.adopt(this.wildcard());
        } else {
            this.open(g.additive);
            node = this.adopt(this.additive());
        }
        return this.close(node);
    }

    private wildcard(): Node {
        const node = newNode('WildcardDimension');
        this.leaf(this.g.wildcard);
        return this.close(node);
    }

    // ---------------------------------------------------------------------------------------
    // Expressions

    private expression(): Node {
        this.open(this.g.expression);
        const node = this.adopt(this.logical());
        return this.close(node);
    }

    private logical(): Node {
        return this.operations(this.g.logical, true);
    }

    private ranged(): Node {
        const g = this.g.ranged;
        this.open(g.additive);
        let node = this.adopt(this.additive());
        if (this.kind() === 'in') {
            node = this.act(node, g.range);
            this.leaf(g.in);
            this.open(g.low);
            this.set(node, 'low', this.additive());
            this.keyword('..', g.dots);
            this.open(g.high);
            this.set(node, 'high', this.additive());
        }
        return this.close(node);
    }

    private additive(): Node {
        return this.operations(this.g.additive, false);
    }

    /**
     * An infix rule, `parts+=Operand (operators+=Op parts+=Operand)*` with Ranged (`logical`) or
     * Unary operands, ended as Langium's `constructInfix` ends it: a lone operand is the result.
     */
    private operations(g: InfixRule, logical: boolean): Node {
        this.open(g.first);
        const first = this.link(logical ? this.ranged() : this.unary());
        if (!g.precedence.has(this.kind())) {
            this.cst.construct(this.holder);
            return first;
        }
        const parts = [first];
        const operators: string[] = [];
        do {
            operators.push(this.image());
            this.leaf(g.operator);
            this.open(g.next);
            parts.push(this.link(logical ? this.ranged() : this.unary()));
        } while (g.precedence.has(this.kind()));
        this.cst.construct(this.holder);
        const operation = buildOperations(g, parts, operators, this.holder.$cstNode!);
        // WeftParser's repair of Langium's result (operation-nodes.ts), made as the chain is built.
        if (operators.length > 1) nestNewChain(operation as unknown as BinaryExpression, this.holder.$cstNode as CompositeCstNodeImpl);
        return operation;
    }

    private unary(): Node {
        const g = this.g.unary;
        const kind = this.kind();
        if (kind === '!' || kind === '-') {
            const node = newNode('UnaryExpression');
            node.operator = this.image();
            this.leaf(kind === '!' ? g.not : g.minus);
            this.open(g.operand);
            this.set(node, 'operand', this.unary());
            return this.close(node);
        }
        this.open(g.primary);
        let node = this.adopt(this.primary());
        for (;;) {
            const next = this.kind();
            if (next === '.') {
                node = this.act(node, g.memberAccess);
                this.leaf(g.dot);
                node.member = this.name(g.member);
            } else if (next === '(') {
                node = this.act(node, g.functionCall);
                this.leaf(g.arguments.open);
                this.list(node, 'arguments', g.arguments, () => this.argument(), true);
                this.keyword(')', g.arguments.close);
            } else {
                return this.close(node);
            }
        }
    }

    private primary(): Node {
        const g = this.g.primary;
        if (this.kind() === '{') {
            this.open(g.record);
            return this.close(this.adopt(this.recordLiteral()));
        }
        // The type is the alternative's action's, `{infer NumberLiteral}`…
        const node = newNode('Expression');
        switch (this.kind()) {
            case 'INT': node.$type = 'NumberLiteral'; node.value = this.value(g.int); break;
            case 'FLOAT': node.$type = 'NumberLiteral'; node.value = this.value(g.float); break;
            case 'QUANTITY': node.$type = 'QuantityLiteral'; node.value = this.value(g.quantity); break;
            case 'STRING': node.$type = 'StringLiteral'; node.value = this.value(g.string); break;
            case 'true': node.$type = 'BooleanLiteral'; this.leaf(g.true); node.value = true; break;
            case 'false': node.$type = 'BooleanLiteral'; this.leaf(g.false); break;
            case '[':
                node.$type = 'ListLiteral';
                this.leaf(g.list.open);
                this.list(node, 'elements', g.list, () => this.expression(), true);
                this.keyword(']', g.list.close);
                break;
            case '(':
                node.$type = 'ParenthesizedExpression';
                this.leaf(g.parenthesized.open);
                this.open(g.parenthesized.expression);
                this.set(node, 'expression', this.expression());
                this.keyword(')', g.parenthesized.close);
                break;
            default:
                node.$type = 'NameReference';
                node.target = this.reference(node, 'target', g.target);
        }
        return this.close(node);
    }

    private recordLiteral(): Node {
        const g = this.g.recordLiteral;
        const node = newNode('RecordLiteral');
        this.keyword('{', g.open);
        while (this.isName() || this.kind() === 'STRING') {
            this.open(g.field);
            this.push(node, 'fields', this.recordLiteralField());
            if (this.kind() === ',') this.leaf(g.comma);
        }
        this.keyword('}', g.close);
        return this.close(node);
    }

    private recordLiteralField(): Node {
        const g = this.g.recordLiteralField;
        const node = newNode('RecordLiteralField');
        node.name = this.kind() === 'STRING' ? this.value(g.nameString) : this.value(g.nameId);
        this.keyword(':', g.colon);
        this.open(g.value);
        this.set(node, 'value', this.expression());
        return this.close(node);
    }
}

/** An AST node as the parser builds it. */
type Node = { $type: string; $cstNode?: CstNode; [property: string]: unknown };

/** One constructor per AST node type, made on first use. */
const nodeConstructors = new Map<string, new () => Node>();

/**
 * A new AST node of type `type`: `{ $type: type }`, but made by a constructor of its own type.
 * V8 then gives nodes of a type room for the properties the parser adds to the first few of them
 * (in-object slack tracking), where a literal keeps every later property in a separate array that
 * is copied each time it grows; a big file's parse makes 75,000 nodes. The prototype stays
 * `Object.prototype`, so the nodes are plain objects, as Langium's are.
 */
function newNode(type: string): Node {
    let constructor = nodeConstructors.get(type);
    if (constructor === undefined) {
        const AstNode = function (this: Node): void {
            this.$type = type;
        };
        AstNode.prototype = Object.prototype;
        constructor = AstNode as unknown as new () => Node;
        nodeConstructors.set(type, constructor);
    }
    return new constructor();
}

/** Thrown where the parser is not sure: the caller parses with Langium. */
const giveUp = new Error('the fast parser gives up');

/** Langium's `constructInfix`: splits at the loosest operator, the last one of equal left-associative ones. */
function buildOperations(rule: InfixRule, parts: Node[], operators: string[], cstNode: CstNode): Node {
    if (parts.length < 2) return parts[0]!;
    let lowestIndex = 0;
    let lowestValue = -1;
    for (let i = 0; i < operators.length; i++) {
        const level = rule.precedence.get(operators[i]!) ?? { precedence: Infinity, rightAssoc: false };
        if (level.precedence > lowestValue) {
            lowestValue = level.precedence;
            lowestIndex = i;
        } else if (level.precedence === lowestValue && !level.rightAssoc) {
            lowestIndex = i;
        }
    }
    const left = buildOperations(rule, parts.slice(0, lowestIndex + 1), operators.slice(0, lowestIndex), cstNode);
    const right = buildOperations(rule, parts.slice(lowestIndex + 1), operators.slice(lowestIndex + 1), cstNode);
    const operation = newNode(rule.type);
    operation.$cstNode = cstNode;
    operation.left = left;
    operation.operator = operators[lowestIndex];
    operation.right = right;
    left.$container = right.$container = operation;
    left.$containerProperty = 'left';
    right.$containerProperty = 'right';
    return operation;
}
