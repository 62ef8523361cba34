import type { AstNode, ValidationAcceptor, ValidationChecks } from 'langium';
import {
    kubernetesTargetMembers, pipelineMembers, sandboxTargetMembers, stepMembers,
} from '../builtins/member-schema.js';
import type { Block, Member, PipelineDeclaration, StepDeclaration, TargetDeclaration, WeftAstType } from '../generated/ast.js';
import {
    isBlockEntry, isDatasetDeclaration, isEntry, isModelDeclaration, isPool, isStepCall, isWhereClause,
} from '../generated/ast.js';
import { didYouMean } from '../helpers/closest-name.js';
import { type BlockMembers, isFreeMembers, schemaOfBlock } from '../helpers/member-lookup.js';
import { DiagnosticCode } from './diagnostic-codes.js';

/**
 * Rules for the members of declarations and blocks (builtins/member-schema.ts says which
 * members each accepts): known keys, the right shape (`key: value` or `key { … }`), no key
 * twice, `where` only in steps and pipelines, required members present, `pool` only in a
 * Kubernetes target. Wrong value types are the type checker's.
 */

export const CODE_INVALID_MEMBER = DiagnosticCode.InvalidMember;

/** Anything that holds members, as the rules see it. */
export interface MemberContainer {
    readonly members: readonly Member[];
    /** What may stand in it; `undefined` when its own key is unknown (reported on that key). */
    readonly schema: BlockMembers | undefined;
    readonly allowsWhere: boolean;
    /** How messages name it: "step `train`", "the `resources` block". */
    readonly label: string;
    /** Where a missing required member is reported. */
    readonly owner: { readonly node: AstNode; readonly property?: string };
}

/** `memroy: 4Gi` in `resources { … }`: a key the block does not know. */
export function membersMustBeKnown(container: MemberContainer, accept: ValidationAcceptor): void {
    const schema = container.schema;
    if (schema === undefined || isFreeMembers(schema)) return;
    for (const member of container.members) {
        if (isWhereClause(member) || member.key === undefined || Object.hasOwn(schema, member.key)) continue;
        // A `command` outside a step has its own code, `misplaced-command` (validation/commands.ts).
        if (member.key === 'command' && isEntry(member)) continue;
        const known = Object.keys(schema);
        const listing = known.length === 0 ? 'it takes no members' : `it takes ${known.map(key => `\`${key}\``).join(', ')}`;
        accept('error', `\`${member.key}\` is not a member of ${container.label}; ${listing}.${didYouMean(member.key, known)}`,
            { node: member, property: 'key', code: CODE_INVALID_MEMBER });
    }
}

/** `resources: 4` (a block written as an entry) or `timeout { … }` (an entry written as a block). */
export function membersMustHaveTheirShape(container: MemberContainer, accept: ValidationAcceptor): void {
    const schema = container.schema;
    if (schema === undefined) return;
    for (const member of container.members) {
        if (isWhereClause(member) || member.key === undefined) continue;
        if (isFreeMembers(schema)) {
            if (isBlockEntry(member)) {
                accept('error', `${capitalize(container.label)} holds plain entries (\`"key": "value"\`), not blocks.`,
                    { node: member, property: 'key', code: CODE_INVALID_MEMBER });
            }
            continue;
        }
        const expected = Object.hasOwn(schema, member.key) ? schema[member.key] : undefined;
        if (expected === undefined) continue;
        if (expected.kind === 'block' && isEntry(member)) {
            accept('error', `\`${member.key}\` is a block: write \`${member.key} { … }\` (${expected.description}).`,
                { node: member, property: 'key', code: CODE_INVALID_MEMBER });
        } else if (expected.kind === 'entry' && isBlockEntry(member)) {
            accept('error', `\`${member.key}\` takes a value, not a block: write \`${member.key}: …\` (${expected.description}).`,
                { node: member, property: 'key', code: CODE_INVALID_MEMBER });
        }
    }
}

/** `timeout: 1h` and later `timeout: 2h` in the same step. */
export function membersMustNotRepeat(container: MemberContainer, accept: ValidationAcceptor): void {
    const seen = new Set<string>();
    for (const member of container.members) {
        if (isWhereClause(member) || member.key === undefined) continue;
        if (seen.has(member.key)) {
            accept('error', `\`${member.key}\` is given twice in ${container.label}; keep one.`,
                { node: member, property: 'key', code: CODE_INVALID_MEMBER });
        }
        seen.add(member.key);
    }
}

/** `where` constrains a step's or pipeline's parameters; elsewhere there is nothing to constrain. */
export function whereMustConstrainAStepOrPipeline(container: MemberContainer, accept: ValidationAcceptor): void {
    if (container.allowsWhere) return;
    for (const member of container.members) {
        if (!isWhereClause(member)) continue;
        accept('error', `\`where\` cannot stand in ${container.label}: constraints belong to steps and pipelines, whose parameters they constrain.`,
            { node: member, keyword: 'where', code: CODE_INVALID_MEMBER });
    }
}

/** A dataset or model without `uri`, a Kubernetes target without `namespace`. */
export function requiredMembersMustBePresent(container: MemberContainer, accept: ValidationAcceptor): void {
    const schema = container.schema;
    if (schema === undefined || isFreeMembers(schema)) return;
    for (const [key, member] of Object.entries(schema)) {
        // A step's `run` (or `command`) has its own code, `missing-run` (validation/implementations.ts).
        if (member.kind !== 'entry' || !member.required || key === 'run') continue;
        if (container.members.some(candidate => !isWhereClause(candidate) && candidate.key === key)) continue;
        accept('error', `${capitalize(container.label)} needs a \`${key}\` member: ${member.description}.`,
            { ...container.owner, code: CODE_INVALID_MEMBER } as Parameters<ValidationAcceptor>[2]);
    }
}

/** `pool gpu { … }` inside `target dev: sandbox { … }`. */
export function poolsMustStandInKubernetesTargets(target: TargetDeclaration, accept: ValidationAcceptor): void {
    if (target.kind !== 'sandbox') return;
    for (const member of target.members ?? []) {
        if (!isPool(member)) continue;
        accept('error', `A sandbox target has no pools: \`pool\` belongs to kubernetes targets; describe the machine of sandbox target \`${target.name}\` with \`capacity { cpu, memory, gpu }\`.`,
            { node: member, keyword: 'pool', code: CODE_INVALID_MEMBER });
    }
}

const memberRules = [
    membersMustBeKnown,
    membersMustHaveTheirShape,
    membersMustNotRepeat,
    whereMustConstrainAStepOrPipeline,
    requiredMembersMustBePresent,
];

const checkContainer = (container: MemberContainer, accept: ValidationAcceptor): void =>
    memberRules.forEach(rule => rule(container, accept));

export const memberChecks: ValidationChecks<WeftAstType> = {
    StepDeclaration: (step, accept) => checkContainer(stepContainer(step), accept),
    PipelineDeclaration: (pipeline, accept) => checkContainer(pipelineContainer(pipeline), accept),
    TargetDeclaration: [(target, accept) => checkContainer(targetContainer(target), accept), poolsMustStandInKubernetesTargets],
    Block: (block, accept) => checkContainer(blockContainer(block), accept),
};

function stepContainer(step: StepDeclaration): MemberContainer {
    return { members: step.members ?? [], schema: stepMembers, allowsWhere: true, label: `step \`${step.name}\``, owner: { node: step, property: 'name' } };
}

function pipelineContainer(pipeline: PipelineDeclaration): MemberContainer {
    return { members: pipeline.members ?? [], schema: pipelineMembers, allowsWhere: true, label: `pipeline \`${pipeline.name}\``, owner: { node: pipeline, property: 'name' } };
}

function targetContainer(target: TargetDeclaration): MemberContainer {
    const schema = target.kind === 'kubernetes' ? kubernetesTargetMembers : target.kind === 'sandbox' ? sandboxTargetMembers : undefined;
    return {
        members: (target.members ?? []).filter((member): member is Member => !isPool(member)),
        schema,
        allowsWhere: false,
        label: `${target.kind ?? ''} target \`${target.name}\``,
        owner: { node: target, property: 'name' },
    };
}

function blockContainer(block: Block): MemberContainer {
    const owner = block.$container;
    const base = { members: block.members ?? [], schema: schemaOfBlock(block), allowsWhere: false };
    if (isDatasetDeclaration(owner)) return { ...base, label: `dataset \`${owner.name}\``, owner: { node: owner, property: 'name' } };
    if (isModelDeclaration(owner)) return { ...base, label: `model \`${owner.name}\``, owner: { node: owner, property: 'name' } };
    if (isPool(owner)) return { ...base, label: `pool \`${owner.name}\``, owner: { node: owner, property: 'name' } };
    if (isStepCall(owner)) {
        return { ...base, label: 'the `with` block of a call', owner: { node: owner, property: 'callee' } };
    }
    const key = isBlockEntry(owner) ? owner.key : undefined;
    return { ...base, label: `the \`${key ?? '?'}\` block`, owner: { node: owner ?? block, property: isBlockEntry(owner) ? 'key' : undefined } };
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
