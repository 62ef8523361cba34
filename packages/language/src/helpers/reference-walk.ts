import { type AstNode, type AstReflection, isMultiReference, isReference, type ReferenceInfo } from 'langium';

/**
 * Finds the references a node holds by reading only the properties its type declares as
 * references (from the generated reflection), instead of every property of every node as
 * Langium's `streamReferences` does: linking and indexing a big file visit tens of thousands of
 * nodes and a few thousand references.
 */
export class ReferenceWalker {
    /** Per node type, the properties that hold references. */
    private readonly propertiesByType = new Map<string, readonly string[]>();

    constructor(private readonly reflection: AstReflection) {}

    /** Calls `visit` with each reference `node` holds, in the order of its type's properties. */
    forEachReferenceOf(node: AstNode, visit: (info: ReferenceInfo) => void): void {
        const properties = this.referencePropertiesOf(node.$type);
        // Indexed: it runs for every node while linking, often before V8 optimizes it.
        for (let p = 0; p < properties.length; p++) {
            const property = properties[p]!;
            const value = (node as unknown as Record<string, unknown>)[property];
            if (Array.isArray(value)) {
                for (let index = 0; index < value.length; index++) {
                    const reference: unknown = value[index];
                    if (isReference(reference) || isMultiReference(reference)) visit({ reference, container: node, property, index });
                }
            } else if (isReference(value) || isMultiReference(value)) {
                visit({ reference: value, container: node, property });
            }
        }
    }

    private referencePropertiesOf(type: string): readonly string[] {
        let properties = this.propertiesByType.get(type);
        if (properties === undefined) {
            properties = Object.values(this.reflection.getTypeMetaData(type).properties)
                .filter(property => property.referenceType !== undefined)
                .map(property => property.name);
            this.propertiesByType.set(type, properties);
        }
        return properties;
    }
}
