import type { AstNodeDescription } from 'langium';
import type { DescribedNode } from './name-table.js';

interface LetEntry {
    /** The position of the `let` in its block. */
    readonly index: number;
    readonly let: DescribedNode;
}

/**
 * The `let`s of one statement block (a pipeline body, a `when`/`else` block, an `on failure`
 * block) by name, each with its position, so that "visible only after its statement" is a map
 * lookup instead of a scan of the block.
 */
export class LetTable {
    private readonly byName = new Map<string, LetEntry[]>();
    private readonly entries: LetEntry[] = [];

    /** Adds a `let`; callers add them in block order. */
    add(index: number, declared: DescribedNode): void {
        const entry = { index, let: declared };
        this.entries.push(entry);
        const named = this.byName.get(declared.name);
        if (named) named.push(entry);
        else this.byName.set(declared.name, [entry]);
    }

    /** The last `let` named `name` that stands before position `index` of the block. */
    before(name: string, index: number): AstNodeDescription | undefined {
        const named = this.byName.get(name);
        if (!named) return undefined;
        for (let k = named.length - 1; k >= 0; k--) {
            if (named[k]!.index < index) return named[k]!.let.get();
        }
        return undefined;
    }

    /** The first `let` named `name` anywhere in the block, earlier or later. */
    anywhere(name: string): AstNodeDescription | undefined {
        return this.byName.get(name)?.[0]?.let.get();
    }

    /** Every `let` before position `index` (for completion). */
    allBefore(index: number): AstNodeDescription[] {
        return this.entries.filter(entry => entry.index < index).map(entry => entry.let.get());
    }

    /** Every `let` of the block. */
    all(): AstNodeDescription[] {
        return this.entries.map(entry => entry.let.get());
    }
}
