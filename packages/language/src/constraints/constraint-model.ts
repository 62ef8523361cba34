import { type AstNode, AstUtils, WorkspaceCache } from 'langium';
import type {
    Callable, Expression, NamedElement, PipelineDeclaration, StepCall, StepDeclaration, WhereClause,
} from '../generated/ast.js';
import type { TargetDeclaration } from '../generated/ast.js';
import {
    isEntry, isListLiteral, isNameReference, isParameter, isPipelineDeclaration, isStepDeclaration, isTargetDeclaration, isWeftFile,
    isWhenStatement, isWhereClause,
} from '../generated/ast.js';
import { matchArguments } from '../helpers/call-arguments.js';
import type { Dimension } from '../typing/dimensions.js';
import type { WeftServices } from '../weft-module.js';
import { type EncodingScope, ExpressionEncoder } from './encoding.js';
import { type Term, type Variable, add, div, ge, intTerm, mod, mul, not, sub } from './terms.js';

/** A `where` clause with its encoding. */
export interface EncodedClause {
    readonly clause: WhereClause;
    readonly term: Term;
}

/** What the solver knows about a step or pipeline: its parameters as variables and its `where` clauses. */
export interface DeclarationConstraints {
    readonly declaration: Callable;
    /** Parameters and dimension variables as variables. */
    readonly scope: EncodingScope;
    /** The clauses that could be encoded, in document order. */
    readonly clauses: readonly EncodedClause[];
    /** What every value of a type already guarantees: memory sizes and durations are not negative. */
    readonly domain: readonly Term[];
    /** The parameter (or dimension variable) each variable stands for. */
    readonly variables: ReadonlyMap<string, NamedElement>;
}

/**
 * Encodes declarations and calls for the constraint checks, caching per declaration until the
 * workspace changes.
 */
export class ConstraintModel {
    readonly encoder: ExpressionEncoder;
    private readonly declarations: WorkspaceCache<Callable, DeclarationConstraints>;
    private readonly targets: WorkspaceCache<'all', readonly TargetDeclaration[]>;

    constructor(protected readonly services: WeftServices) {
        this.encoder = new ExpressionEncoder(services.typing.TypeComputer);
        this.declarations = new WorkspaceCache(services.shared);
        this.targets = new WorkspaceCache(services.shared);
    }

    /** The targets a pipeline must run on: its `targets` list, or every target of the workspace. */
    targetsOf(pipeline: PipelineDeclaration): readonly TargetDeclaration[] {
        const entry = pipeline.members.find(member => isEntry(member) && member.key === 'targets');
        if (isEntry(entry) && isListLiteral(entry.value)) {
            return entry.value.elements.flatMap(element => {
                const target = isNameReference(element) ? element.target?.ref : undefined;
                return isTargetDeclaration(target) ? [target] : [];
            });
        }
        return this.targets.get('all', () => this.services.shared.workspace.LangiumDocuments.all
            .flatMap(document => {
                const root = document.parseResult.value;
                return isWeftFile(root) ? root.declarations.filter(isTargetDeclaration) : [];
            }).toArray());
    }

    constraintsOf(declaration: Callable): DeclarationConstraints {
        return this.declarations.get(declaration, () => this.computeConstraints(declaration));
    }

    /** The declaration whose `where` clauses hold where `node` stands. */
    enclosingDeclaration(node: AstNode): StepDeclaration | PipelineDeclaration | undefined {
        return AstUtils.getContainerOfType(node, (candidate): candidate is StepDeclaration | PipelineDeclaration =>
            isStepDeclaration(candidate) || isPipelineDeclaration(candidate));
    }

    /** The `when` conditions a statement stands under (negated in `else` blocks), where they can be encoded. */
    guardsOf(node: AstNode, scope: EncodingScope): Term[] {
        const guards: Term[] = [];
        let child: AstNode = node;
        for (let parent = node.$container; parent !== undefined; child = parent, parent = parent.$container) {
            if (!isWhenStatement(parent) || child === parent.condition) continue;
            const condition = this.encoder.encodeCondition(parent.condition, scope);
            if (condition === undefined) continue;
            guards.push((parent.elseBody as AstNode[]).includes(child) ? not(condition) : condition);
        }
        return guards;
    }

    /** What holds where `node` stands in a declaration with `constraints`: its domain, its `where` clauses and the `when` conditions around it. */
    assumptionsAt(node: AstNode, constraints: DeclarationConstraints): Term[] {
        return [...constraints.domain, ...constraints.clauses.map(clause => clause.term), ...this.guardsOf(node, constraints.scope)];
    }

    /**
     * The scope in which the callee's clauses, resources and types are read at `call`: each
     * parameter is its argument (encoded over the caller's variables) or its default, each
     * dimension variable what the call infers for it. Anything else is not encodable.
     */
    calleeScope(call: StepCall, caller: EncodingScope): EncodingScope {
        const callee = call.callee?.ref;
        if (callee === undefined) return { valueOf: () => undefined };
        const match = matchArguments(callee.parameters, call.arguments);
        const bindings = this.services.typing.TypeComputer.callBindings(call).bindings;
        const empty: EncodingScope = { valueOf: () => undefined };
        const cache = new Map<NamedElement, Term | undefined>();
        const scope: EncodingScope = {
            valueOf: (element) => {
                if (cache.has(element)) return cache.get(element);
                cache.set(element, undefined);
                let value: Term | undefined;
                if (isParameter(element) && element.$container === callee) {
                    const argument = match.bound.get(element);
                    value = argument ? this.encoder.encode(argument.value, caller) : this.encoder.encode(element.default, empty);
                } else if (element.$container === callee) {
                    const dimension = bindings.get(element);
                    value = dimension === undefined ? undefined : this.dimensionTerm(dimension, caller);
                }
                cache.set(element, value);
                return value;
            },
        };
        return scope;
    }

    /** A tensor dimension as a term over `scope`'s variables; `undefined` for `_` or a name it does not know. */
    dimensionTerm(dimension: Dimension, scope: EncodingScope): Term | undefined {
        switch (dimension.kind) {
            case 'literal': return intTerm(dimension.value);
            case 'wildcard': return undefined;
            case 'variable': {
                const value = scope.valueOf(dimension.declaration);
                if (value !== undefined) return value;
                const declaration = dimension.declaration;
                return declaration.$type === 'ConstDeclaration' ? this.encoder.encode((declaration as { value?: Expression }).value, scope) : undefined;
            }
            case 'arithmetic': {
                const left = this.dimensionTerm(dimension.left, scope);
                const right = this.dimensionTerm(dimension.right, scope);
                if (left === undefined || right === undefined) return undefined;
                switch (dimension.operator) {
                    case '+': return add(left, right);
                    case '-': return sub(left, right);
                    case '*': return mul(left, right);
                    case '/': return div(left, right);
                    case '%': return mod(left, right);
                }
            }
        }
    }

    protected computeConstraints(declaration: Callable): DeclarationConstraints {
        const names = new Map<NamedElement, Term | undefined>();
        const variables = new Map<string, NamedElement>();
        const domain: Term[] = [];
        const elements: NamedElement[] = [...declaration.parameters, ...(isStepDeclaration(declaration) ? declaration.dimensions : [])];
        for (const element of elements) {
            const name = (element as { name?: string }).name;
            if (name === undefined || variables.has(name)) continue;
            const term = this.encoder.variableFor(element, name);
            names.set(element, term);
            if (term === undefined) continue;
            variables.set(name, element);
            if (term.op === 'var' && (term as Variable).unit !== undefined) domain.push(ge(term, intTerm(0)));
        }
        const scope: EncodingScope = { valueOf: element => names.get(element) };
        const clauses: EncodedClause[] = [];
        for (const member of declaration.members) {
            if (!isWhereClause(member)) continue;
            const term = this.encoder.encodeCondition(member.condition, scope);
            if (term !== undefined) clauses.push({ clause: member, term });
        }
        return { declaration, scope, clauses, domain, variables };
    }
}
