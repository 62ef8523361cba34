import type { AstNode } from 'langium';

/**
 * Calls `visit` on `node` and every node below it, parents first; when `visit` returns `false`
 * the node's children are skipped. A plain recursive walk over the node's properties: it runs
 * over whole documents and every expression of a pipeline, and Langium's `streamAst` costs
 * several times more per node.
 */
export function forEachNode(node: AstNode, visit: (node: AstNode) => boolean | void): void {
    if (visit(node) === false) return;
    const properties = node as unknown as Record<string, unknown>;
    for (const key in properties) {
        if (key.charCodeAt(0) === 36 /* `$`: container, CST node, document */) continue;
        const value = properties[key];
        if (Array.isArray(value)) {
            for (const item of value) if (isAstNodeLike(item)) forEachNode(item, visit);
        } else if (isAstNodeLike(value)) {
            forEachNode(value, visit);
        }
    }
}

/** An AST node, as opposed to a reference, a string or a number (references have no `$type`). */
function isAstNodeLike(value: unknown): value is AstNode {
    return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

/** `node` and every node below it, parents first (the order of Langium's `streamAst`). */
export function allNodes(node: AstNode): AstNode[] {
    const nodes: AstNode[] = [];
    forEachNode(node, each => {
        nodes.push(each);
    });
    return nodes;
}

/**
 * `root`'s children (the header, imports and declarations) in the order {@link forEachNode}
 * visits them.
 */
export function topLevelNodesOf(root: AstNode): AstNode[] {
    const nodes: AstNode[] = [];
    forEachNode(root, node => {
        if (node === root) return true;
        nodes.push(node);
        return false;
    });
    return nodes;
}

/** The lists of {@link nodesOfTopLevel}, by top-level node. */
const topLevelNodeLists = new WeakMap<AstNode, readonly AstNode[]>();

/**
 * {@link allNodes} of a top-level node, kept with it: the linker and the validator both walk
 * every node of a declaration. A list never goes stale: nothing changes a parsed AST in place,
 * and an edit replaces a top-level node whole (incremental/partial-reparse.ts).
 */
export function nodesOfTopLevel(topLevel: AstNode): readonly AstNode[] {
    let nodes = topLevelNodeLists.get(topLevel);
    if (nodes === undefined) topLevelNodeLists.set(topLevel, nodes = allNodes(topLevel));
    return nodes;
}

/** The top-level declaration (a child of the file's root) that contains `node`, or `undefined`. */
export function topLevelDeclarationOf(node: AstNode | undefined): AstNode | undefined {
    let current = node;
    while (current?.$container !== undefined && current.$container.$container !== undefined) current = current.$container;
    return current?.$container === undefined ? undefined : current;
}
