import type { AstNode } from 'langium';
import type { PipelineDeclaration, Statement } from '../generated/ast.js';
import { isLetStatement, isOnFailureStatement, isWhenStatement, LetStatement, NameReference } from '../generated/ast.js';
import { forEachNode } from './ast-walk.js';

/**
 * The dependency graph of a pipeline's `let`s: which calls must finish before which. One walk
 * over the pipeline builds it, so the checks that use it stay linear in its size.
 */

export type DependencyKind =
    /** The call's arguments, `with` values or `for` iterable use the other result. */
    | 'data'
    /** `after x`. */
    | 'after'
    /** The call stands in `on failure of x { … }`. */
    | 'failure'
    /** The call stands in `when cond { … }` and `cond` uses the other result. */
    | 'condition';

export interface Dependency {
    /** The call that waits. */
    readonly from: LetStatement;
    /** The call it waits for. */
    readonly to: LetStatement;
    readonly kind: DependencyKind;
    /** Where the dependency is written, for diagnostics. */
    readonly at: { readonly node: AstNode; readonly property?: 'after' | 'calls'; readonly index?: number };
}

export interface PipelineDependencies {
    /** Every `let` of the pipeline, nested ones included, in document order. */
    readonly lets: readonly LetStatement[];
    /** Position of each `let` in `lets`. */
    readonly order: ReadonlyMap<LetStatement, number>;
    readonly dependenciesOf: (letStatement: LetStatement) => readonly Dependency[];
}

type Guard = Omit<Dependency, 'from'>;

export function pipelineDependencies(pipeline: PipelineDeclaration): PipelineDependencies {
    const lets = allStatements(pipeline).filter(isLetStatement);
    const order = new Map<LetStatement, number>(lets.map((letStatement, index) => [letStatement, index]));
    const dependencies = new Map<LetStatement, Dependency[]>();
    // Only `let`s of this pipeline are nodes: a half-linked document may point elsewhere.
    const add = (list: Dependency[], dependency: Dependency): void => {
        if (order.has(dependency.to)) list.push(dependency);
    };

    const visit = (statements: readonly Statement[] | undefined, guards: readonly Guard[]): void => {
        for (const statement of statements ?? []) {
            if (isLetStatement(statement)) {
                const list: Dependency[] = [];
                for (const guard of guards) add(list, { ...guard, from: statement });
                for (const [to, node] of letReferencesIn(statement.value)) add(list, { from: statement, to, kind: 'data', at: { node } });
                (statement.after ?? []).forEach((reference, index) => {
                    const to = reference.ref;
                    if (to) add(list, { from: statement, to, kind: 'after', at: { node: statement, property: 'after', index } });
                });
                dependencies.set(statement, list);
            } else if (isWhenStatement(statement)) {
                const inner = [...guards];
                for (const [to, node] of letReferencesIn(statement.condition)) inner.push({ to, kind: 'condition', at: { node } });
                visit(statement.body, inner);
                visit(statement.elseBody, inner);
            } else if (isOnFailureStatement(statement)) {
                const inner = [...guards];
                (statement.calls ?? []).forEach((reference, index) => {
                    const to = reference.ref;
                    if (to) inner.push({ to, kind: 'failure', at: { node: statement, property: 'calls', index } });
                });
                visit(statement.body, inner);
            }
        }
    };
    visit(pipeline.statements, []);
    return { lets, order, dependenciesOf: (letStatement) => dependencies.get(letStatement) ?? [] };
}

/** Every `let` that a name inside `node` refers to, with the referring name. */
function letReferencesIn(node: AstNode | undefined): [LetStatement, AstNode][] {
    const found: [LetStatement, AstNode][] = [];
    forEachNameReference(node, reference => {
        const target = reference.target?.ref;
        if (target?.$type === LetStatement.$type) found.push([target as LetStatement, reference]);
    });
    return found;
}

/** Every `let` whose result something uses: a name refers to it, or an `after` or `on failure of` names it. */
export function usedLets(pipeline: PipelineDeclaration): Set<LetStatement> {
    const used = new Set<LetStatement>();
    for (const [target] of letReferencesIn(pipeline)) used.add(target);
    for (const statement of allStatements(pipeline)) {
        const ordering = isLetStatement(statement) ? statement.after : isOnFailureStatement(statement) ? statement.calls : undefined;
        for (const reference of ordering ?? []) if (reference.ref) used.add(reference.ref);
    }
    return used;
}

/** Calls `visit` for each name reference inside `node` (itself included). */
function forEachNameReference(node: AstNode | undefined, visit: (reference: NameReference) => void): void {
    if (node === undefined) return;
    forEachNode(node, child => {
        if (child.$type !== NameReference.$type) return true;
        visit(child as NameReference);
        return false;
    });
}

/** Every statement of a pipeline, nested ones included, in document order; expressions are not visited. */
export function allStatements(pipeline: PipelineDeclaration): Statement[] {
    const found: Statement[] = [];
    const visit = (statements: readonly Statement[] | undefined): void => {
        for (const statement of statements ?? []) {
            found.push(statement);
            if (isWhenStatement(statement)) {
                visit(statement.body);
                visit(statement.elseBody);
            } else if (isOnFailureStatement(statement)) {
                visit(statement.body);
            }
        }
    };
    visit(pipeline.statements);
    return found;
}
