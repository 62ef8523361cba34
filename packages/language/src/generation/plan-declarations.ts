import type { AstNode } from 'langium';
import type { PlanOutput, PlanSource, PlanArtifact, PlanTarget, PlanTyped } from '@weft/contract';
import type { DatasetDeclaration, Member, ModelDeclaration, TargetDeclaration } from '../generated/ast.js';
import { isPool } from '../generated/ast.js';
import type { Type } from '../typing/model.js';
import type { PlanContext } from './plan-builder.js';
import { staticBlock, staticMembers } from './static-values.js';

/** A dataset or model declaration as the plan (and the generated module) describes it. */
export function planArtifactOf(declaration: DatasetDeclaration | ModelDeclaration, context: PlanContext): PlanArtifact {
    return {
        ...planTypedOf(declaration, context),
        kind: declaration.$type === 'DatasetDeclaration' ? 'dataset' : 'model',
        members: staticBlock(declaration.body),
        source: sourceOf(declaration, context),
    };
}

/** A target declaration: its members as JSON values (quantities in base units) and its pools. */
export function planTargetOf(target: TargetDeclaration, context: PlanContext): PlanTarget {
    const members = staticMembers(target.members.filter((member): member is Member => !isPool(member)));
    const pools = target.members.filter(isPool).map(pool => ({ name: pool.name, members: staticBlock(pool.body) }));
    return { name: target.name, kind: target.kind, members, pools, source: sourceOf(target, context) };
}

/** A declaration's name and type: as the user spells it (aliases kept) and as a JSON Schema. */
export function planTypedOf(node: AstNode & { readonly name: string }, context: PlanContext): PlanTyped {
    // The schema is filled in by the JSON Schema generator (issue 16); until then it accepts anything.
    return { name: node.name, type: typeTextOf(node, context), schema: {} };
}

/** A declaration's Weft type as the user spells it (aliases kept). */
export function typeTextOf(node: AstNode, context: PlanContext): string {
    return context.typeComputer.computeType(node).toString();
}

export function sourceOf(node: AstNode, context: PlanContext): PlanSource {
    return { file: context.sourcePathOf(node), line: (node.$cstNode?.range.start.line ?? 0) + 1 };
}

/**
 * A step's (or called pipeline's) output as a node lists it: its type as written, and under
 * `types` the definition of every alias that type names, directly or through other aliases, so
 * that the runtime can check values of alias-typed outputs (docs/plan.md).
 */
export function planOutputOf(node: AstNode & { readonly name: string }, context: PlanContext): PlanOutput {
    const type = context.typeComputer.computeType(node);
    const types = typeDefinitionsOf(type);
    return { ...planTypedOf(node, context), ...(Object.keys(types).length === 0 ? {} : { types }) };
}

/** Names the runtime knows without a definition. */
const builtinAliases = new Set(['Metrics']);

/**
 * The aliases a type names (as printed: `Label`, `Embedding<64>`), each mapped to its structure
 * printed one level down (`{ text: string, label: Label }`): type parameters are already
 * substituted, nested aliases stay names and get entries of their own. Sorted by name. A name
 * that would need two different definitions is left out (the runtime then does not check it).
 */
export function typeDefinitionsOf(type: Type): Record<string, string> {
    const definitions = new Map<string, string>();
    const conflicting = new Set<string>();
    const visit = (current: Type): void => {
        const alias = current.alias;
        if (alias !== undefined && !builtinAliases.has(alias)) {
            const definition = current.withAlias(undefined).toString();
            const known = definitions.get(alias);
            if (known === undefined && !conflicting.has(alias)) definitions.set(alias, definition);
            else if (known !== undefined && known !== definition) { definitions.delete(alias); conflicting.add(alias); return; }
            else return;
        }
        for (const child of childrenOf(current)) visit(child);
    };
    visit(type);
    return Object.fromEntries([...definitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function childrenOf(type: Type): readonly Type[] {
    switch (type.kind) {
        case 'union': return type.members;
        case 'record': return type.fields.map(field => field.type);
        case 'list':
        case 'optional':
        case 'dataset': return [type.element];
        case 'map': return [type.value];
        case 'model': return [type.input, type.output];
        case 'tensor': return [type.dtype];
        default: return [];
    }
}
