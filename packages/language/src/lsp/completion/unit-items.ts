import type { AstNode } from 'langium';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { isEntry, isExpression } from '../../generated/ast.js';
import { schemaOfEntry } from '../../helpers/member-lookup.js';
import { expectedQuantityKind, type QuantityContextSource } from '../../typing/quantity-context.js';
import type { QuantityKind } from '../../typing/model.js';

const unitsByKind: Readonly<Record<QuantityKind, readonly [string, string][]>> = {
    memory: [['Ki', 'kibibytes (1024)'], ['Mi', 'mebibytes (1024²)'], ['Gi', 'gibibytes (1024³)'], ['Ti', 'tebibytes (1024⁴)'],
        ['K', 'kilobytes (1000)'], ['M', 'megabytes (1000²)'], ['G', 'gigabytes (1000³)'], ['T', 'terabytes (1000⁴)']],
    duration: [['ms', 'milliseconds'], ['s', 'seconds'], ['m', 'minutes'], ['h', 'hours'], ['d', 'days']],
    cpu: [['m', 'millicores (1000m = 1 core)']],
};

/** Units after a number where a quantity is expected (`memory: 16|` → Gi, Mi, …). */
export function unitItems(node: AstNode | undefined, source: QuantityContextSource): CompletionItem[] {
    const kind = quantityKindAt(node, source);
    if (kind === undefined) return [];
    return unitsByKind[kind].map(([unit, meaning], index) => ({
        label: unit, kind: CompletionItemKind.Unit, detail: meaning, sortText: String(index).padStart(2, '0'),
    }));
}

function quantityKindAt(node: AstNode | undefined, source: QuantityContextSource): QuantityKind | undefined {
    for (let current = node; current; current = current.$container) {
        if (isEntry(current)) {
            const schema = schemaOfEntry(current);
            const value = schema?.kind === 'entry' ? schema.value : undefined;
            return value === 'memory' || value === 'duration' || value === 'cpu' ? value : undefined;
        }
        if (isExpression(current)) {
            const kind = expectedQuantityKind(current, source);
            if (kind !== undefined) return kind;
        }
    }
    return undefined;
}
