import type { AstNode } from 'langium';
import type { Block, BlockEntry, Entry } from '../generated/ast.js';
import {
    isBlock, isBlockEntry, isDatasetDeclaration, isModelDeclaration, isPipelineDeclaration, isPool,
    isStepCall, isStepDeclaration, isTargetDeclaration,
} from '../generated/ast.js';
import {
    type BlockSchema, type MemberSchema, type ValueKind, callOverrideMembers, datasetMembers,
    kubernetesTargetMembers, modelMembers, pipelineMembers, poolMembers, sandboxTargetMembers, stepMembers,
} from '../builtins/member-schema.js';

/**
 * Where an entry stands decides what it may be: `timeout` in a step is a duration, `cpu` in a
 * `resources` block is a number of cores. These functions find the schema of an entry or of a
 * block by walking up its containers; they return `undefined` where no schema applies (an
 * unknown block, or a half-typed document).
 */

/** What the members of a block may be: a table of known keys, or `free` keys of one value kind. */
export type BlockMembers = BlockSchema['members'];

/** The schema of an entry (`key: value`) or nested block (`key { … }`), if its key is known there. */
export function schemaOfEntry(entry: Entry | BlockEntry): MemberSchema | undefined {
    const members = membersOfContainer(entry.$container);
    if (members === undefined || entry.key === undefined) return undefined;
    if (isFreeMembers(members)) {
        // A free block (`labels { … }`) holds plain entries of one kind, never nested blocks.
        return isBlockEntry(entry) ? undefined : { kind: 'entry', value: members.free, description: 'a user-defined entry' };
    }
    return Object.hasOwn(members, entry.key) ? members[entry.key] : undefined;
}

/** What the members of `block` may be, or `undefined` when the block's own key is unknown. */
export function schemaOfBlock(block: Block): BlockMembers | undefined {
    return membersOfContainer(block);
}

/** True for a block whose keys are the user's (`labels { "gpu": "a100" }`). */
export function isFreeMembers(members: BlockMembers): members is { readonly free: ValueKind } {
    // A member table maps keys to schemas (which have a `kind`); a free block names a value kind.
    const free = (members as { free?: unknown }).free;
    return free !== undefined && !(typeof free === 'object' && free !== null && 'kind' in free);
}

/** The member table of anything that holds members: a declaration with members, or a block. */
export function membersOfContainer(container: AstNode | undefined): BlockMembers | undefined {
    if (container === undefined) return undefined;
    if (isStepDeclaration(container)) return stepMembers;
    if (isPipelineDeclaration(container)) return pipelineMembers;
    if (isTargetDeclaration(container)) {
        return container.kind === 'kubernetes' ? kubernetesTargetMembers : container.kind === 'sandbox' ? sandboxTargetMembers : undefined;
    }
    if (!isBlock(container)) return undefined;
    const owner = container.$container;
    if (isDatasetDeclaration(owner)) return datasetMembers;
    if (isModelDeclaration(owner)) return modelMembers;
    if (isPool(owner)) return poolMembers;
    if (isStepCall(owner)) return callOverrideMembers;
    if (isBlockEntry(owner)) {
        const schema = schemaOfEntry(owner);
        return schema?.kind === 'block' ? schema.members : undefined;
    }
    return undefined;
}
