import type { IToken } from 'chevrotain';
import { CompositeCstNodeImpl, type CstNode, type GrammarAST, LeafCstNodeImpl, RootCstNodeImpl } from 'langium';

type Child = CompositeCstNodeImpl | LeafCstNodeImpl;

/**
 * The fast parser's CST builder: the tree Langium's `CstNodeBuilder` builds from the same calls,
 * node for node (the same classes, properties, containers, children and comment leaves), with
 * less garbage. `CstNodeBuilder` gives each composite node an array that grows as children are
 * pushed (V8 gives it room for 17 on the first push) and copies it when the node is constructed:
 * two arrays per node, for a 15,000-line file 200,000 nodes. Here the children of all open
 * composite nodes wait on one shared stack, and a node gets its array once, of its exact length,
 * when it is constructed.
 *
 * The stack holds each open node's children after that node's own place among its parent's
 * children. An open node is always the last child of the node below it, so the children of open
 * node `i` are `children[starts[i]]` up to the start of the next open node, or `size`.
 */
export class FastCstBuilder {
    private root = new RootCstNodeImpl('');
    /** The open composite nodes, the root first (`CstNodeBuilder`'s `nodeStack`). */
    private readonly open: CompositeCstNodeImpl[] = [];
    /** Where the children of each open node start in `children`. */
    private readonly starts: number[] = [];
    /** Entries from `size` on are stale: a counter, since shortening an array can make V8 shrink its store. */
    private readonly children: Child[] = [];
    private size = 0;

    /** Starts a new tree (`buildRootNode`); the root stays open until `construct`. */
    buildRootNode(input: string): RootCstNodeImpl {
        this.root = new RootCstNodeImpl(input);
        this.open.length = 0;
        this.starts.length = 0;
        this.children.length = 0;
        this.size = 0;
        this.open.push(this.root);
        this.starts.push(0);
        return this.root;
    }

    /** Opens a composite node as the last child of the current one (`buildCompositeNode`). */
    buildCompositeNode(feature: GrammarAST.AbstractElement): CompositeCstNodeImpl {
        const node = new CompositeCstNodeImpl();
        node.grammarSource = feature;
        this.append(node);
        this.open.push(node);
        this.starts.push(this.size);
        return node;
    }

    /** A leaf for a consumed token, the last child of the current node (`buildLeafNode`). */
    buildLeafNode(token: IToken, feature: GrammarAST.AbstractElement): LeafCstNodeImpl {
        const leaf = createLeaf(token, false);
        leaf.grammarSource = feature;
        this.append(leaf);
        return leaf;
    }

    /**
     * Leaves for the comments `tokens[start]` up to `tokens[end]`, where `addHiddenNodes` puts them:
     * after the current node's children if it has any; otherwise before the closest open node that
     * is not its parent's first child (the empty nodes just opened for the token after the comments
     * start after them), or, if there is none, at the start of the root.
     */
    addHiddenNodes(tokens: readonly IToken[], start = 0, end = tokens.length): void {
        const count = end - start;
        if (count <= 0) return;
        const top = this.open.length - 1;
        if (top < 0) {
            this.addAfterRoot(tokens, start, end);
            return;
        }
        const { starts, children } = this;
        let at = this.size;
        let parent = this.open[top]!;
        if (this.size === starts[top]) {
            // Langium walks up from the current node while each is its parent's first child.
            let level = top;
            while (level > 0 && starts[level]! - 1 === starts[level - 1]) level--;
            at = level === 0 ? 0 : starts[level]! - 1;
            parent = this.open[level === 0 ? 0 : level - 1]!;
            for (let i = this.size - 1; i >= at; i--) children[i + count] = children[i]!;
            for (let i = top; i > 0 && starts[i]! > at; i--) starts[i]! += count;
        }
        for (let i = 0; i < count; i++) {
            const leaf = createLeaf(tokens[start + i]!, true);
            leaf.container = parent;
            children[at + i] = leaf;
        }
        this.size += count;
    }

    /**
     * Closes the current node, which becomes `item.$cstNode` (`construct`): it gets its children,
     * or, if it has none, leaves its parent's children (the root stays, without children).
     */
    construct(item: { $cstNode?: CstNode }): void {
        const node = this.open.pop()!;
        const start = this.starts.pop()!;
        item.$cstNode = node;
        if (this.size > start) {
            node.content = this.children.slice(start, this.size);
            this.size = start;
        } else if (node !== this.root) {
            this.size--;
        }
        if (this.open.length === 0) this.children.length = 0;
    }

    /**
     * Langium's `action` on the node just constructed, `node`: the node moves into a new composite
     * node for `action`, which takes its place and is the current node.
     */
    wrapLast(node: CstNode, action: GrammarAST.Action): CompositeCstNodeImpl {
        // As `removeNode` would find it: the current node's last child.
        if (this.children[this.size - 1] !== node) {
            throw new Error('the node to wrap is not the last child of the current node');
        }
        this.size--;
        const wrapper = this.buildCompositeNode(action);
        this.append(node as Child);
        return wrapper;
    }

    private append(child: Child): void {
        child.container = this.open[this.open.length - 1];
        this.children[this.size++] = child;
    }

    /** Comments after the root is constructed: `addHiddenNodes` adds them to its children. */
    private addAfterRoot(tokens: readonly IToken[], start: number, end: number): void {
        const content = this.root.content;
        for (let i = start; i < end; i++) {
            const leaf = createLeaf(tokens[i]!, true);
            leaf.container = this.root;
            content.push(leaf);
        }
    }
}

/** `CstNodeBuilder.createLeafNode`: Chevrotain's 1-based lines and columns made 0-based, as the LSP counts. */
function createLeaf(token: IToken, hidden: boolean): LeafCstNodeImpl {
    return new LeafCstNodeImpl(
        token.startOffset, token.image.length, token.startLine! - 1, token.startColumn! - 1, token.endLine! - 1, token.endColumn!,
        token.tokenType, hidden,
    );
}
