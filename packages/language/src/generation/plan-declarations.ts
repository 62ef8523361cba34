import type { AstNode } from 'langium';
import type { PlanSource, PlanArtifact, PlanTarget, PlanTyped } from '@weft/contract';
import type { DatasetDeclaration, Member, ModelDeclaration, TargetDeclaration } from '../generated/ast.js';
import { isPool } from '../generated/ast.js';
import { jsonSchemaOf } from './json-schema.js';
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
    const typeComputer = context.typeComputer;
    const type = typeComputer.computeType(node);
    return { name: node.name, type: type.toString(), schema: jsonSchemaOf(type, declaration => typeComputer.computeType(declaration)) };
}

export function sourceOf(node: AstNode, context: PlanContext): PlanSource {
    return { file: context.sourcePathOf(node), line: (node.$cstNode?.range.start.line ?? 0) + 1 };
}
