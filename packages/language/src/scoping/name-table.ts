import type { AstNode, AstNodeDescription } from 'langium';

/** Makes the description of a named node (Langium's `AstNodeDescriptionProvider`, bound to a document). */
export type Describe = (node: AstNode, name: string) => AstNodeDescription;

/**
 * A named node whose description is made on first use: most declared names (parameters of
 * thousands of steps) are never looked up from another place, and a description costs a path
 * and a range computation.
 */
export class DescribedNode {
    private description?: AstNodeDescription;

    constructor(readonly node: AstNode, readonly name: string, private readonly describe: Describe) {}

    get(): AstNodeDescription {
        return (this.description ??= this.describe(this.node, this.name));
    }
}

/** What a scope layer needs of a table of names. */
export interface NameLookup {
    get(name: string): AstNodeDescription | undefined;
    values(): Iterable<AstNodeDescription>;
}

/**
 * Names declared in one place, by name; the first declaration of a name wins (a later one is a
 * duplicate). It is also a scope layer itself, so looking a name up makes no wrapper.
 */
export class NameTable implements NameLookup {
    private readonly byName = new Map<string, DescribedNode>();

    add(entry: DescribedNode): void {
        if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry);
    }

    get(name: string): AstNodeDescription | undefined {
        return this.byName.get(name)?.get();
    }

    /** The node declared under `name`, without making its description. */
    node(name: string): AstNode | undefined {
        return this.byName.get(name)?.node;
    }

    names(): Iterable<string> {
        return this.byName.keys();
    }

    *values(): Iterable<AstNodeDescription> {
        for (const entry of this.byName.values()) yield entry.get();
    }

    /** Every description, as a scope layer lists them. */
    all(): Iterable<AstNodeDescription> {
        return this.values();
    }
}

export const EMPTY_NAME_TABLE: NameTable = new NameTable();
