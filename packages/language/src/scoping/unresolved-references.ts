import {
    type AstNode, type AstNodeDescription, AstUtils, DocumentState, type IndexManager, type LangiumDocument, type LinkingError,
    type ReferenceInfo, type Scope, WorkspaceCache,
} from 'langium';
import type { ImportItem, Statement } from '../generated/ast.js';
import { isEntry, isImportItem, isLetStatement, isPipelineDeclaration } from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { schemaOfEntry } from '../helpers/member-lookup.js';
import { describeValueKind } from '../typing/value-kinds.js';
import { isBuiltinUri } from '../builtins/builtin-source.js';
import type { WeftServices } from '../weft-module.js';
import { importPathFor } from './import-paths.js';
import { blockOf } from './local-symbols.js';
import { FAILURE_NAME, isOrderingReference, targetFilterOf, type WeftScopeProvider } from './weft-scope-provider.js';

/** A linking error that may follow from one reported elsewhere. */
export interface WeftLinkingError extends LinkingError {
    /**
     * The reference fails only because an import failed (its file was not found, or does not
     * declare the name); that is reported once, on the import, and this error is not reported.
     */
    readonly followUp?: boolean;
}

export function isFollowUpLinkingError(error: LinkingError | undefined): boolean {
    return (error as WeftLinkingError | undefined)?.followUp === true;
}

const kinds: Readonly<Record<string, string>> = {
    TypeDeclaration: 'a type', BuiltinType: 'a built-in type', ConstDeclaration: 'a constant',
    DatasetDeclaration: 'a dataset', ModelDeclaration: 'a model', StepDeclaration: 'a step',
    PipelineDeclaration: 'a pipeline', TargetDeclaration: 'a target', BuiltinFunction: 'a built-in function',
    Parameter: 'a parameter', LetStatement: 'a `let` result', LoopVariable: 'a loop variable',
    TypeParameter: 'a type parameter', DimensionVariable: 'a dimension variable', OnFailureStatement: 'the failure of an `on failure` block',
};

interface Explanation {
    readonly message: string;
    readonly followUp?: boolean;
}

/**
 * Says why a name did not resolve, and what to do: "Cannot find `x`." with, where it helps,
 * "Did you mean `y`?", "`x` is declared in "./other.weft"; import it.", or why a `let` result
 * that exists is not visible here. Runs only for references that failed.
 */
export class UnresolvedReferenceExplainer {
    private readonly indexManager: IndexManager;
    private readonly provider: WeftScopeProvider;
    /** Every top-level declaration of the workspace by name, for "import it" hints; rebuilt per build. */
    private readonly declarationsByName: WorkspaceCache<'all', Map<string, AstNodeDescription[]>>;
    /** How many "did you mean" searches each document had in this build (each scans its scope). */
    private readonly suggestionCounts: WorkspaceCache<string, { count: number }>;

    constructor(services: WeftServices) {
        this.indexManager = services.shared.workspace.IndexManager;
        this.provider = services.references.ScopeProvider as WeftScopeProvider;
        this.declarationsByName = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
        this.suggestionCounts = new WorkspaceCache(services.shared, DocumentState.IndexedContent);
    }

    explain(info: ReferenceInfo, scope: Scope): WeftLinkingError {
        const name = info.reference.$refText;
        const document = AstUtils.findRootNode(info.container).$document;
        const explanation = document ? this.explanation(info, name, scope, document) : { message: cannotFind(name) };
        return { info, ...explanation };
    }

    private explanation(info: ReferenceInfo, name: string, scope: Scope, document: LangiumDocument): Explanation {
        const container = info.container;
        if (isImportItem(container)) return this.explainImportItem(container, name, scope, document);
        if (isOrderingReference(info)) return this.explainOrderingName(container as Statement, name, scope);
        if (this.provider.importsOf(document).unresolved.has(name)) {
            return { message: `Cannot find \`${name}\`: its import failed.`, followUp: true };
        }
        return this.otherKind(info, name)
            ?? this.memberValue(info, name, scope, document)
            ?? this.invisibleLet(container, name, document)
            ?? this.failureOutsideBlock(name)
            ?? this.declaredElsewhere(name, document)
            ?? { message: cannotFind(name) + this.suggestion(name, scope, document) };
    }

    private explainImportItem(item: ImportItem, name: string, scope: Scope, document: LangiumDocument): Explanation {
        const imported = item.$container;
        const target = this.provider.importsOf(document).targets.get(imported);
        if (!target) return { message: `Cannot find \`${name}\`: "${imported.path ?? ''}" was not found.`, followUp: true };
        const message = `Cannot find \`${name}\` in "${imported.path}".`;
        // A name the file itself imports: say where it is declared.
        const reexported = this.provider.importsOf(target).names.get(name);
        if (reexported) {
            return { message: `${message} It imports \`${name}\` but does not declare it; import it from "${importPathFor(document.uri, reexported.documentUri)}".` };
        }
        return { message: message + this.suggestion(name, scope, document) };
    }

    /** `after x` / `on failure of x` that names no `let` of its block or an enclosing one. */
    private explainOrderingName(statement: Statement, name: string, scope: Scope): Explanation {
        const clause = isLetStatement(statement) ? '`after`' : '`on failure of`';
        const pipeline = AstUtils.getContainerOfType(statement, isPipelineDeclaration);
        const document = AstUtils.findRootNode(statement).$document;
        const nested = pipeline && document && this.provider.symbolsOf(document).letAnywhereIn(pipeline, name);
        if (nested) {
            return { message: `Cannot find \`${name}\` here: the \`let\` on line ${lineOf(nested)} is inside a nested block; ${clause} names the \`let\`s of its own block and of enclosing blocks.` };
        }
        const other = this.provider.lexicalScope(statement).getElement(name);
        if (other) return { message: `\`${name}\` is ${kindOf(other)}; ${clause} names \`let\` results of this pipeline.` };
        return { message: cannotFind(name) + (document ? this.suggestion(name, scope, document) : '') };
    }

    /**
     * " Did you mean `y`?" for the closest name in scope. Each search scans the scope, so a
     * document gets at most {@link MAX_SUGGESTIONS} per build: a file with hundreds of unknown
     * names (a missing import, a half-pasted file) must still link in linear time.
     */
    private suggestion(name: string, scope: Scope, document: LangiumDocument): string {
        const searches = this.suggestionCounts.get(document.uri.toString(), () => ({ count: 0 }));
        if (searches.count >= MAX_SUGGESTIONS) return '';
        searches.count++;
        return didYouMean(name, namesIn(scope));
    }

    /** A name that exists here but is not what the reference needs: `type X = train`, `let m = imdb()`. */
    private otherKind(info: ReferenceInfo, name: string): Explanation | undefined {
        if (!targetFilterOf(info.container.$type, info.property)) return undefined;
        const found = this.provider.lexicalScope(info.container).getElement(name);
        if (!found) return undefined;
        const expected = info.container.$type === 'StepCall' ? 'a step or pipeline' : 'a type';
        return { message: `\`${name}\` is ${kindOf(found)}, not ${expected}.` };
    }

    /**
     * `cache: yes`, `runtime: gvisor`: a bare word as a member's value is rarely a name; say what
     * the member takes (builtins/member-schema.ts), and how to write a word that is one of its values.
     */
    private memberValue(info: ReferenceInfo, name: string, scope: Scope, document: LangiumDocument): Explanation | undefined {
        const entry = info.container.$container;
        if (!isEntry(entry) || entry.value !== info.container || entry.key === undefined) return undefined;
        const schema = schemaOfEntry(entry);
        if (schema?.kind !== 'entry') return undefined;
        const kind = schema.value;
        const takes = `${cannotFind(name).slice(0, -1)}: \`${entry.key}\` takes ${describeValueKind(kind)}`;
        const quotable = typeof kind === 'object' ? kind.oneOf.includes(name) : kind === 'string';
        if (quotable) return { message: `${takes}; write \`"${name}"\` in quotes.` };
        const bool = kind === 'bool' || kind === 'cache' ? booleanWords.get(name.toLowerCase()) : undefined;
        if (bool !== undefined) return { message: `${takes}; write \`${bool}\`.` };
        return { message: `${takes}.${this.suggestion(name, scope, document)}` };
    }

    /** A `let` result used before its statement, outside the statements, or outside its block. */
    private invisibleLet(node: AstNode, name: string, document: LangiumDocument): Explanation | undefined {
        const pipeline = AstUtils.getContainerOfType(node, isPipelineDeclaration);
        const binding = pipeline && this.provider.symbolsOf(document).letAnywhereIn(pipeline, name);
        if (!pipeline || !binding) return undefined;
        const bindingBlock = blockOf(binding)?.block;
        const enclosing = bindingBlock === pipeline.statements
            || this.provider.enclosingBlocks(node).some(({ block }) => block === bindingBlock);
        return {
            message: enclosing
                ? `Cannot find \`${name}\` here: it is bound by the \`let\` on line ${lineOf(binding)}, and only the statements after that \`let\` can use it.`
                : `Cannot find \`${name}\` here: the \`let\` on line ${lineOf(binding)} is inside a \`when\`, \`else\` or \`on failure\` block, and names bound there are visible only inside it.`,
        };
    }

    private failureOutsideBlock(name: string): Explanation | undefined {
        return name === FAILURE_NAME
            ? { message: `Cannot find \`${FAILURE_NAME}\`: it names the failure only inside an \`on failure\` block.` }
            : undefined;
    }

    /** A top-level declaration of another loaded file: suggest importing it. */
    private declaredElsewhere(name: string, document: LangiumDocument): Explanation | undefined {
        const here = document.uri.toString();
        const candidate = this.declarationsNamed(name)
            .find(description => description.documentUri.toString() !== here && !isBuiltinUri(description.documentUri));
        if (!candidate) return undefined;
        return { message: `${cannotFind(name)} \`${name}\` is declared in "${importPathFor(document.uri, candidate.documentUri)}"; import it.` };
    }

    private declarationsNamed(name: string): readonly AstNodeDescription[] {
        const byName = this.declarationsByName.get('all', () => {
            const map = new Map<string, AstNodeDescription[]>();
            for (const description of this.indexManager.allElements()) {
                const list = map.get(description.name);
                if (list) list.push(description);
                else map.set(description.name, [description]);
            }
            return map;
        });
        return byName.get(name) ?? [];
    }
}

const MAX_SUGGESTIONS = 100;

/** Words other languages and config formats use for a boolean (`cache: yes`, `readOnly: True`). */
const booleanWords: ReadonlyMap<string, 'true' | 'false'> = new Map([
    ['true', 'true'], ['yes', 'true'], ['on', 'true'], ['y', 'true'],
    ['false', 'false'], ['no', 'false'], ['off', 'false'], ['n', 'false'], ['none', 'false'],
]);

function cannotFind(name: string): string {
    return `Cannot find \`${name}\`.`;
}

function kindOf(description: AstNodeDescription): string {
    return kinds[description.type] ?? 'declared here';
}

function namesIn(scope: Scope): Iterable<string> {
    return scope.getAllElements().map(description => description.name);
}

function lineOf(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}
