import type { IToken } from 'chevrotain';
import { CompositeCstNodeImpl, type CstNode, type GrammarAST, LeafCstNodeImpl, RootCstNodeImpl } from 'langium';

type Child = CompositeCstNodeImpl | LeafCstNodeImpl;

/**
 * The fast parser's CST builder: the tree Langium's `CstNodeBuilder` builds from the same calls,
 * node for node (the same classes, properties, containers, children and comment leaves), with
 * less garbage. `CstNodeBuilder` makes a composite node when its rule starts, with an empty array
 * that grows as children are pushed (V8 gives it room for 17 on the first push), and copies the
 * array when the rule ends: three arrays per node, for a 15,000-line file 200,000 nodes. Here the
 * children of all open nodes wait on one shared stack, in order, and a composite node is made
 * when its rule ends, with an array of its children's exact length; its children get their
 * `container` then. (Assigned at once, the array replaces the empty one the constructor assigns
 * before V8's optimized code has made that one.)
 *
 * An empty rule node, which `CstNodeBuilder` would drop from the tree, makes the builder throw
 * (the fast parser then gives up): Weft's rules all consume a token.
 */
export class FastCstBuilder {
    private root = new RootCstNodeImpl('');
    private rootOpen = false;
    /** The grammar element of each open composite node but the root, outermost first. */
    private readonly features: GrammarAST.AbstractElement[] = [];
    /** Where the children of each of those nodes start in `children` (the root's start at 0). */
    private readonly starts: number[] = [];
    /** Entries from `size` on are stale: a counter, since shortening an array can make V8 shrink its store. */
    private readonly children: Child[] = [];
    private size = 0;

    /** Starts a new tree (`buildRootNode`); the root stays open until `construct`. */
    buildRootNode(input: string): RootCstNodeImpl {
        this.root = new RootCstNodeImpl(input);
        this.rootOpen = true;
        this.features.length = 0;
        this.starts.length = 0;
        this.children.length = 0;
        this.size = 0;
        return this.root;
    }

    /** Opens a composite node as the last child of the current one (`buildCompositeNode`). */
    buildCompositeNode(feature: GrammarAST.AbstractElement): void {
        this.features.push(feature);
        this.starts.push(this.size);
    }

    /** A leaf for a consumed token, the last child of the current node (`buildLeafNode`). */
    buildLeafNode(token: IToken, feature: GrammarAST.AbstractElement): LeafCstNodeImpl {
        const leaf = createLeaf(token, false);
        leaf.grammarSource = feature;
        this.children[this.size++] = leaf;
        return leaf;
    }

    /**
     * Leaves for the comments `tokens[start]` up to `tokens[end]`, where `addHiddenNodes` puts them:
     * it adds them to the current node if that has children; otherwise it walks up from it while
     * each node is its parent's first child and inserts them before the node it stops at, in that
     * node's parent (at the start of the root if it gets there). On the stack, the nodes it walks
     * up are the open nodes without children yet: the comments become the last children of the
     * innermost open node with children (or of the root), and those nodes start after them.
     */
    addHiddenNodes(tokens: readonly IToken[], start = 0, end = tokens.length): void {
        if (end <= start) return;
        if (!this.rootOpen) {
            this.addAfterRoot(tokens, start, end);
            return;
        }
        const before = this.size;
        for (let i = start; i < end; i++) this.children[this.size++] = createLeaf(tokens[i]!, true);
        const starts = this.starts;
        for (let level = starts.length - 1; level >= 0 && starts[level] === before; level--) starts[level] = this.size;
    }

    /**
     * Closes the current node, which becomes `item.$cstNode` (`construct`): the node is made with
     * its children, and takes their place on the stack.
     */
    construct(item: { $cstNode?: CstNode }): void {
        const feature = this.features.pop();
        if (feature === undefined) {
            this.constructRoot(item);
            return;
        }
        const start = this.starts.pop()!;
        if (start === this.size) throw new Error('an empty rule node');
        const content = this.children.slice(start, this.size);
        const node = new CompositeCstNodeImpl();
        node.content = content;
        node.grammarSource = feature;
        for (let i = 0; i < content.length; i++) content[i]!.container = node;
        item.$cstNode = node;
        this.children[start] = node;
        this.size = start + 1;
    }

    /**
     * Langium's `action` on the node just constructed, `node`: a new composite node for `action`
     * takes its place, with it as its first child, and is the current node.
     */
    wrapLast(node: CstNode, action: GrammarAST.Action): void {
        const current = this.starts.length > 0 ? this.starts[this.starts.length - 1]! : 0;
        // As `removeNode` would find it: the current node's last child.
        if (this.size === current || this.children[this.size - 1] !== node) {
            throw new Error('the node to wrap is not the last child of the current node');
        }
        this.features.push(action);
        this.starts.push(this.size - 1);
    }

    /** The root gets its children (a root without children keeps its empty array). */
    private constructRoot(item: { $cstNode?: CstNode }): void {
        if (!this.rootOpen) throw new Error('no open CST node');
        const root = this.root;
        item.$cstNode = root;
        this.rootOpen = false;
        if (this.size > 0) {
            const content = this.children.slice(0, this.size);
            root.content = content;
            for (let i = 0; i < content.length; i++) content[i]!.container = root;
        }
        this.children.length = 0;
        this.size = 0;
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
