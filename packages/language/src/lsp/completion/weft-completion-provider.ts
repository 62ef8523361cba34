import {
    type AstNode, type AstNodeDescription, AstUtils, CstUtils, DocumentState, GrammarAST, type IndexManager, type LangiumDocument,
    type LangiumDocuments, type LeafCstNode, type ReferenceInfo, type Stream, TextDocument, URI, WorkspaceCache,
} from 'langium';
import {
    type CompletionAcceptor, type CompletionBacktrackingInformation, type CompletionContext, type CompletionProviderOptions,
    DefaultCompletionProvider, type NextFeature,
} from 'langium/lsp';
import {
    type CancellationToken, CompletionItemKind, type CompletionItem, type CompletionList, type CompletionParams,
} from 'vscode-languageserver';
import { isEntry, isImport, isStepCall, isFunctionCall, isWeftFile, type FunctionCall, type StepCall } from '../../generated/ast.js';
import { matchArguments, parametersOf } from '../../helpers/call-arguments.js';
import { isCodedParserError } from '../../parsing/refused-parse.js';
import { importPathFor } from '../../scoping/import-paths.js';
import { isOrderingReference, targetFilterOf, type WeftScopeProvider } from '../../scoping/weft-scope-provider.js';
import type { WeftTypeComputer } from '../../typing/type-computer.js';
import { importEdits } from '../import-edits.js';
import { tokenWindow } from './token-window.js';
import type { WeftLspServices } from '../weft-lsp-module.js';
import { completionFragment } from './completion-fragment.js';
import { memberKeyItems } from './member-key-items.js';
import { pathItems } from './path-items.js';
import { unitItems } from './unit-items.js';

/**
 * Importable names offered at most per request. A big workspace has thousands, too many for one
 * response; the editor asks again as the user types (Langium marks every list
 * incomplete), and fewer names match what was typed.
 */
export const maxImportableItems = 100;

/** What a name in an expression cannot denote (a step is called in a `let`; a type is not a value). */
const notValues = new Set(['StepDeclaration', 'PipelineDeclaration', 'TypeDeclaration', 'BuiltinType']);

/** Whether a name of this kind is worth offering where `containerType.property` refers to something. */
function isWanted(containerType: string, property: string, description: AstNodeDescription): boolean {
    return containerType !== 'NameReference' || property !== 'target' || !notValues.has(description.type);
}

/** Kinds of declaration that another file can export and this file can import. */
const importableKinds = new Set(['StepDeclaration', 'PipelineDeclaration', 'TypeDeclaration', 'ConstDeclaration',
    'DatasetDeclaration', 'ModelDeclaration', 'TargetDeclaration']);

/**
 * Completion by context. Langium's grammar-driven completion gives keywords and the names in
 * scope (steps and pipelines at a call, types in type positions); this adds names importable
 * from other workspace files (with the import added), member keys of the enclosing block, the
 * callee's remaining parameters as `name:`, outputs and fields after `x.`, units after a number,
 * and paths and exports inside `import` and `run` strings.
 */
export class WeftCompletionProvider extends DefaultCompletionProvider {
    private readonly index: IndexManager;
    private readonly types: WeftTypeComputer;
    private readonly scopes: WeftScopeProvider;
    private readonly weft: WeftLspServices;
    private readonly documents: LangiumDocuments;
    /** The importable declarations of the workspace, found once per workspace state rather than per request. */
    private readonly importables: WorkspaceCache<'importables', readonly AstNodeDescription[]>;

    override readonly completionOptions: CompletionProviderOptions = { triggerCharacters: ['.', '/', '#', '"'] };

    constructor(services: WeftLspServices) {
        super(services);
        this.weft = services;
        this.index = services.shared.workspace.IndexManager;
        this.types = services.typing.TypeComputer;
        this.scopes = services.references.ScopeProvider as WeftScopeProvider;
        this.documents = services.shared.workspace.LangiumDocuments;
        this.importables = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    /**
     * What may follow `offset`. Langium re-parses the document up to the cursor with its
     * completion parser; this parses only the enclosing declaration (or body item) up to the
     * cursor, which gives the same features (see `completionFragment`), and the whole prefix only
     * where no declaration encloses the cursor.
     */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const built = this.documents.getDocument(URI.parse(document.uri));
        const root = built?.textDocument === document ? built.parseResult.value : undefined;
        const fragment = root ? completionFragment(root, document.getText(), offset) : undefined;
        if (fragment === undefined) return super.findFeaturesAt(document, offset);
        return this.featuresAfter(fragment);
    }

    /** Langium's backtracking, lexing only the lines around the cursor (see `tokenWindow`). */
    protected override backtrackToAnyToken(text: string, offset: number): CompletionBacktrackingInformation {
        const { start, end } = tokenWindow(text, offset);
        if (start === 0 && end === text.length) return super.backtrackToAnyToken(text, offset);
        const found = super.backtrackToAnyToken(text.slice(start, end), offset - start);
        // No token in the window before the cursor: the previous one may be further up.
        if (found.previousTokenStart === undefined && start > 0) return super.backtrackToAnyToken(text, offset);
        const shift = (position: number | undefined) => position === undefined ? undefined : position + start;
        return {
            nextTokenStart: shift(found.nextTokenStart)!, nextTokenEnd: shift(found.nextTokenEnd)!,
            previousTokenStart: shift(found.previousTokenStart), previousTokenEnd: shift(found.previousTokenEnd),
        };
    }

    /** The features that may follow `text`, parsed as a file of its own: `findFeaturesAt` on a fragment. */
    protected featuresAfter(text: string): NextFeature[] {
        return super.findFeaturesAt(TextDocument.create('inmemory:/completion-fragment.weft', 'weft', 0, text), text.length);
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        // A text refused as too large or too deep (parsing/source-limits.ts) would overflow the
        // stack of Langium's completion parser too: nothing to offer until it is fixed.
        if (document.parseResult.parserErrors.some(isCodedParserError)) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const text = document.textDocument.getText();
        const root = document.parseResult.value.$cstNode;
        const before = root ? CstUtils.findLeafNodeBeforeOffset(root, offset) : undefined;
        const inside = before && before.offset < offset && before.end > offset ? before : undefined;

        // Inside a string: paths and exports, nothing else.
        if (inside?.tokenType.name === 'STRING') return { isIncomplete: false, items: await this.stringItems(document, inside, offset) };
        if (inside?.hidden) return undefined;

        const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);
        const afterDot = /([A-Za-z_]\w*)\s*\.\s*(\w*)$/.exec(line);
        if (afterDot && !/^\d/.test(afterDot[1]!)) {
            return { isIncomplete: false, items: this.memberAccessItems(before?.astNode, afterDot[1]!) };
        }
        if (/(^|[^\w.])\d[\d_]*(\.\d+)?[A-Za-z]*$/.test(line)) {
            return { isIncomplete: false, items: unitItems(before?.astNode, this.types) };
        }

        const extra: CompletionItem[] = [];
        if (/(^|[{,])\s*\w*$/.test(line)) extra.push(...memberKeyItems(before?.astNode, offset));
        extra.push(...this.argumentNameItems(before?.astNode, text, offset));
        const base = await super.getCompletion(document, params, cancelToken);
        const seen = new Set(extra.map(item => item.label));
        return { isIncomplete: base?.isIncomplete ?? false, items: [...extra, ...(base?.items ?? []).filter(item => !seen.has(item.label))] };
    }

    /** Names from other files that are not visible here, each with the import that brings it in. */
    protected override async completionForCrossReference(
        context: CompletionContext, next: NextFeature<GrammarAST.CrossReference>, acceptor: CompletionAcceptor,
    ): Promise<void> {
        await super.completionForCrossReference(context, next, acceptor);
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const container = context.node;
        const root = context.document.parseResult.value;
        if (!assignment || !container || !isWeftFile(root)) return;
        const containerType = next.type ?? container.$type;
        const property = assignment.feature;
        if (containerType === 'ImportItem' || isOrderingReference({ container: { ...container, $type: containerType }, property })) return;
        const filter = targetFilterOf(containerType, property);
        const scope = this.scopes.lexicalScope(container);
        const self = context.document.uri.toString();
        const before = context.textDocument.getText().slice(0, context.offset);
        // The name being typed. Langium also completes "the next token" after `imp14` (it ends
        // with a digit), where no name can go.
        const prefix = /\w*$/.exec(before)![0].toLowerCase();
        if (prefix !== '' && context.tokenOffset === context.offset) return;
        const paths = new Map<string, string>();
        let offered = 0;
        for (const description of this.importableDeclarations()) {
            if (description.documentUri.toString() === self || (filter && !filter(description)) || !isWanted(containerType, property, description)) continue;
            if (!matchesTyped(description.name, prefix) || scope.getElement(description.name) !== undefined) continue;
            if (++offered > maxImportableItems) break;
            const target = description.documentUri.toString();
            const path = paths.get(target) ?? paths.set(target, importPathFor(context.document.uri, description.documentUri)).get(target)!;
            acceptor(context, {
                label: description.name,
                kind: this.nodeKindProvider.getCompletionItemKind(description),
                detail: `import from "${path}"`,
                sortText: `9${description.name}`,
                additionalTextEdits: importEdits(root, description.name, path),
            });
        }
    }

    /** The declarations in workspace files that another file can import, by name; cached until the workspace changes. */
    private importableDeclarations(): readonly AstNodeDescription[] {
        return this.importables.get('importables', () => this.index.allElements()
            .filter(description => importableKinds.has(description.type) && description.documentUri.scheme === 'file')
            .toArray()
            .sort((a, b) => a.name.localeCompare(b.name)));
    }

    /** The names in scope, without those that cannot stand where the reference is (steps and types in an expression). */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        return super.getReferenceCandidates(refInfo, context)
            .filter(description => isWanted(refInfo.container.$type, refInfo.property, description));
    }

    protected override createReferenceCompletionItem(...args: Parameters<DefaultCompletionProvider['createReferenceCompletionItem']>): ReturnType<DefaultCompletionProvider['createReferenceCompletionItem']> {
        const item = super.createReferenceCompletionItem(...args);
        const [description] = args;
        const node = description.node;
        if (node) {
            const type = this.types.computeType(node);
            item.detail = type.kind === 'unknown' ? description.type : type.toString();
        }
        return item;
    }

    private async stringItems(document: LangiumDocument, token: LeafCstNode, offset: number): Promise<CompletionItem[]> {
        const node = token.astNode;
        const purpose = isImport(node) ? 'import' : isEntry(node.$container) && node.$container.key === 'run' ? 'run' : undefined;
        if (!purpose) return [];
        const typed = document.textDocument.getText().slice(token.offset + 1, offset);
        const start = document.textDocument.positionAt(token.offset + 1);
        const range = { start, end: document.textDocument.positionAt(offset) };
        return pathItems(this.weft.shared.workspace.FileSystemProvider, document.uri, typed, range, purpose);
    }

    /** After `x.`: the outputs of a `let` (or the fields of any record-typed name). */
    private memberAccessItems(node: AstNode | undefined, receiverName: string): CompletionItem[] {
        if (!node) return [];
        const target = this.scopes.lexicalScope(node).getElement(receiverName)?.node;
        if (!target) return [];
        let type = this.types.computeType(target);
        if (type.kind === 'list') type = type.element;
        if (type.kind !== 'record') return [];
        return type.fields.map(field => ({
            label: field.name, kind: CompletionItemKind.Field, detail: `${field.name}${field.optional ? '?' : ''}: ${field.type.toString()}`,
        }));
    }

    /** Inside a call's parentheses, at the start of an argument: the parameters not given yet, as `name: `. */
    private argumentNameItems(node: AstNode | undefined, text: string, offset: number): CompletionItem[] {
        const call = enclosingCall(node, offset);
        if (!call?.$cstNode) return [];
        const inCall = text.slice(call.$cstNode.offset, offset);
        if (!/[(,]\s*\w*$/.test(inCall)) return [];
        const parameters = parametersOf(call);
        const { bound } = matchArguments(parameters, (call.arguments ?? []).filter(argument => argument.$cstNode && argument.$cstNode.end < offset));
        return parameters.filter(parameter => !bound.has(parameter) && parameter.name).map((parameter, index) => ({
            label: `${parameter.name}:`,
            kind: CompletionItemKind.Field,
            detail: isStepCall(call) ? this.types.expectedParameterType(call, parameter).toString() : this.types.computeType(parameter).toString(),
            insertText: `${parameter.name}: `,
            sortText: `0${String(index).padStart(3, '0')}`,
            documentation: parameter.default ? `default: ${parameter.default.$cstNode?.text ?? ''}` : 'required',
        }));
    }
}

function enclosingCall(node: AstNode | undefined, offset: number): StepCall | FunctionCall | undefined {
    for (let current = node; current; current = current.$container) {
        if (!isStepCall(current) && !isFunctionCall(current)) continue;
        const cst = current.$cstNode;
        if (!cst) continue;
        const closed = cst.text.trimEnd().endsWith(')') && cst.end <= offset;
        if (!closed && cst.text.includes('(')) return current;
    }
    return undefined;
}

/** Whether `name` can match what was typed the way an editor filters: its letters in order (`tkn` matches `tokenize`). */
function matchesTyped(name: string, typed: string): boolean {
    let position = 0;
    const lower = name.toLowerCase();
    for (const character of typed) {
        position = lower.indexOf(character, position) + 1;
        if (position === 0) return false;
    }
    return true;
}
