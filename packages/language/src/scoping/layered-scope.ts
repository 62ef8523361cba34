import { type AstNodeDescription, type Scope, type Stream, stream } from 'langium';
import type { LetTable } from './let-table.js';
import type { NameLookup } from './name-table.js';

/** One level of visible names, innermost first in a {@link LayeredScope}. Lookups are map accesses. */
export interface ScopeLayer {
    get(name: string): AstNodeDescription | undefined;
    /** Every name of the layer, for completion and "did you mean" suggestions. */
    all(): Iterable<AstNodeDescription>;
}

/** Which targets a reference accepts; the others are skipped as if absent. */
export type TargetFilter = (description: AstNodeDescription) => boolean;

const acceptAll: TargetFilter = () => true;

/**
 * A scope made of layers: a name resolves in the innermost layer that has an acceptable
 * target of that name. Unlike Langium's `StreamScope`, no lookup scans a list.
 */
export class LayeredScope implements Scope {
    constructor(
        private readonly layers: readonly ScopeLayer[],
        private readonly accepts: TargetFilter = acceptAll,
    ) {}

    getElement(name: string): AstNodeDescription | undefined {
        for (const layer of this.layers) {
            const description = layer.get(name);
            if (description && this.accepts(description)) return description;
        }
        return undefined;
    }

    getElements(name: string): Stream<AstNodeDescription> {
        return stream(this.layers)
            .map(layer => layer.get(name))
            .nonNullable()
            .filter(description => this.accepts(description));
    }

    getAllElements(): Stream<AstNodeDescription> {
        // Inner names hide outer ones of the same name.
        const visible = new Map<string, AstNodeDescription>();
        for (const layer of this.layers) {
            for (const description of layer.all()) {
                if (!visible.has(description.name) && this.accepts(description)) visible.set(description.name, description);
            }
        }
        return stream(visible.values());
    }
}

export function mapLayer(names: NameLookup): ScopeLayer {
    return { get: name => names.get(name), all: () => names.values() };
}

/** The `let`s of a block that stand before position `index`: what a statement there can use. */
export function letsBeforeLayer(table: LetTable, index: number): ScopeLayer {
    return { get: name => table.before(name, index), all: () => table.allBefore(index) };
}

/** Every `let` of a block, earlier or later: what `after` and `on failure of` can name. */
export function allLetsLayer(table: LetTable): ScopeLayer {
    return { get: name => table.anywhere(name), all: () => table.all() };
}
