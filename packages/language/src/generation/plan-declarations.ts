import type { AstNode } from 'langium';
import type { PlanArtifact, PlanSource, PlanTarget } from '@weft/runtime';
import type { DatasetDeclaration, Member, ModelDeclaration, TargetDeclaration } from '../generated/ast.js';
import { isPool } from '../generated/ast.js';
import type { PlanContext } from './plan-builder.js';
import { staticBlock, staticMembers } from './static-values.js';

/** A dataset or model declaration as the plan (and the generated module) describes it. */
export function planArtifactOf(declaration: DatasetDeclaration | ModelDeclaration, context: PlanContext): PlanArtifact {
    return {
        name: declaration.name,
        kind: declaration.$type === 'DatasetDeclaration' ? 'dataset' : 'model',
        type: typeTextOf(declaration, context),
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

/** A declaration's Weft type as the user spells it (aliases kept). */
export function typeTextOf(node: AstNode, context: PlanContext): string {
    return context.typeComputer.computeType(node).toString();
}

export function sourceOf(node: AstNode, context: PlanContext): PlanSource {
    return { file: context.sourcePathOf(node), line: (node.$cstNode?.range.start.line ?? 0) + 1 };
}
