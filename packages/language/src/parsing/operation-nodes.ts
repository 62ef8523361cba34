import { type AstNode, type CompositeCstNode, CompositeCstNodeImpl, type CstNode } from 'langium';
import { type BinaryExpression, isBinaryExpression } from '../generated/ast.js';
import { forEachNode } from '../helpers/ast-walk.js';

// The grammar parses binary operators with infix rules (one rule call per operand instead of one
// per precedence level), and Langium gives every operation of such a chain the CST node of the
// whole chain. In `a + b * c < d`, `b * c` would then span the whole expression, and so would its
// diagnostics. The parsers (weft-parser.ts, fast-parser.ts) give each nested operation a CST node
// of its own, as a rule per level would have made.

/** Repairs every operation of a parse result, outermost operations first. */
export function nestAllOperationNodes(root: AstNode): void {
    // For the inner operations of a chain this finds nothing left to do.
    forEachNode(root, node => {
        if (isBinaryExpression(node)) nestOperationNodes(node);
    });
}

/**
 * Gives the operations below `root` that share a CST node with it a node of their own: the children of
 * the shared node that lie within the operation (its operands, its operator and any comment
 * between them) move into a new composite node, which takes their place.
 */
export function nestOperationNodes(root: BinaryExpression): void {
    if (!isBinaryExpression(root.left) && !isBinaryExpression(root.right)) return;
    // The node the chain's operations share holds the operands and operators as its children.
    // The root may sit in a node of its own above it (`Expression: LogicalExpression` wraps it).
    const shared = [root.left, root.right].find(operand => isBinaryExpression(operand) && isShared(operand))?.$cstNode;
    if (!isComposite(shared)) return;
    const visit = (operation: BinaryExpression, node: CompositeCstNode): void => {
        for (const operand of [operation.left, operation.right]) {
            if (!isBinaryExpression(operand) || operand.$cstNode !== shared) continue;
            const span = spanOf(operand, shared);
            if (span === undefined) continue;
            const own = wrapChildren(node, span.start, span.end);
            if (own === undefined) continue;
            own.astNode = operand;
            (operand as { $cstNode?: CstNode }).$cstNode = own;
            visit(operand, own);
        }
    };
    visit(root, shared);
}

/**
 * What {@link nestOperationNodes} makes of a chain the fast parser has just built, all of whose
 * operations still have the chain's node `shared` as their CST node, without measuring offsets:
 * the children of `shared` are the chain's operands (its composite children, in order) and,
 * between two operands, the operator and any comments, which belong to the operation that
 * operator makes. Each operation below `root` gets a node of its own, holding its children from
 * its first operand to its last; `root` keeps `shared`.
 */
export function nestNewChain(root: BinaryExpression, shared: CompositeCstNodeImpl): void {
    const children = shared.content;
    let next = 0;
    // The children taken so far; each operation being nested has its own at the end, from `start` on.
    const taken: CstNode[] = [];
    const take = (): void => {
        const child = children[next++];
        if (child === undefined) throw new Error('an operation chain without its operands');
        taken.push(child);
    };
    const operation = (node: BinaryExpression): void => {
        operand(node.left);
        while (next < children.length && !isComposite(children[next])) take();
        operand(node.right);
    };
    const operand = (node: AstNode): void => {
        if (!isBinaryExpression(node) || node.$cstNode !== shared) {
            if (!isComposite(children[next])) throw new Error('an operand without a node of its own');
            take();
            return;
        }
        const start = taken.length;
        operation(node);
        const content = taken.slice(start);
        taken.length = start;
        const own = new CompositeCstNodeImpl();
        own.content = content;
        own.grammarSource = shared.grammarSource;
        own.astNode = node;
        (node as { $cstNode?: CstNode }).$cstNode = own;
        adoptChildren(own);
        taken.push(own);
    };
    // Comments before the first operand or after the last would stay in `shared` (there are none).
    while (next < children.length && !isComposite(children[next])) take();
    operation(root);
    while (next < children.length) take();
    shared.content = taken.slice();
    adoptChildren(shared);
}

function adoptChildren(node: CompositeCstNodeImpl): void {
    for (const child of node.content) (child as { container?: CompositeCstNode }).container = node;
}

/** Whether an operation's CST node belongs to an enclosing operation of its chain. */
function isShared(operation: BinaryExpression): boolean {
    const node = operation.$cstNode;
    return node !== undefined && node.astNode !== operation;
}

/** From the start of the first operand that has its own CST node to the end of the last. */
function spanOf(operation: BinaryExpression, shared: CstNode): { start: number; end: number } | undefined {
    let first: AstNode | undefined = operation;
    while (isBinaryExpression(first) && first.$cstNode === shared) first = first.left;
    let last: AstNode | undefined = operation;
    while (isBinaryExpression(last) && last.$cstNode === shared) last = last.right;
    const start = first?.$cstNode;
    const end = last?.$cstNode;
    return start && end ? { start: start.offset, end: end.end } : undefined;
}

/** Moves the children of `parent` between the offsets into a new composite node in their place. */
function wrapChildren(parent: CompositeCstNode, start: number, end: number): CompositeCstNodeImpl | undefined {
    const content = parent.content as CstNode[];
    const from = content.findIndex(child => child.offset >= start);
    let to = from;
    while (to < content.length && content[to]!.end <= end) to++;
    if (from < 0 || to === from) return undefined;
    const own = new CompositeCstNodeImpl();
    own.grammarSource = parent.grammarSource;
    own.content = content.slice(from, to);
    for (const child of own.content) (child as { container?: CompositeCstNode }).container = own;
    (own as { container?: CompositeCstNode }).container = parent;
    content.splice(from, to - from, own);
    return own;
}

function isComposite(node: CstNode | undefined): node is CompositeCstNode {
    return node !== undefined && 'content' in node;
}
