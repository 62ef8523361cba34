import type { Block, Expression, Member, StepCall, StepDeclaration, TargetDeclaration } from '../generated/ast.js';
import { isBlockEntry, isEntry, isPool } from '../generated/ast.js';
import type { ConstraintModel } from './constraint-model.js';
import type { EncodingScope } from './encoding.js';
import { type Term, intTerm } from './terms.js';

/**
 * Resources as the solver sees them: what one attempt of a called step needs (after the call's
 * `with` overrides) and what each target offers (a sandbox's capacity, each Kubernetes pool).
 * CPU counts millicores, memory and GPU memory bytes.
 */

export type ResourceName = 'cpu' | 'memory' | 'gpu' | 'gpuMemory';
export const resourceNames: readonly ResourceName[] = ['cpu', 'memory', 'gpu', 'gpuMemory'];

/** Amounts per resource; an absent resource is not needed (or, for a capacity, not limited). */
export type Resources = Partial<Record<ResourceName, Term>>;

export interface Machine {
    /** `the sandbox` or `pool a100`. */
    readonly description: string;
    readonly capacity: Resources;
}

/** What one attempt of the called step needs: the step's `resources`, entry by entry overridden by the call's `with { resources { … } }`. */
export function requiredResources(model: ConstraintModel, step: StepDeclaration, call: StepCall, stepScope: EncodingScope, callerScope: EncodingScope): Resources {
    const required: Resources = {};
    const read = (members: readonly Member[] | undefined, scope: EncodingScope): void => {
        for (const [name, value] of resourceEntries(blockNamed(members, 'resources'))) {
            const term = name === 'cpu' ? model.encoder.encodeCpu(value, scope) : model.encoder.encode(value, scope);
            if (term !== undefined) required[name] = term;
            else delete required[name];
        }
    };
    read(step.members, stepScope);
    read(call.overrides?.members, callerScope);
    return required;
}

/** The most memory the called step may be placed again with after running out: `retry { memory }`, the call's `with` over the step's. */
export function retryMemory(model: ConstraintModel, step: StepDeclaration, call: StepCall, stepScope: EncodingScope, callerScope: EncodingScope): Term | undefined {
    const read = (members: readonly Member[] | undefined, scope: EncodingScope): Term | undefined => {
        for (const member of blockNamed(members, 'retry')?.members ?? []) {
            if (isEntry(member) && member.key === 'memory') return model.encoder.encode(member.value, scope);
        }
        return undefined;
    };
    return read(call.overrides?.members, callerScope) ?? read(step.members, stepScope);
}

/** The machines of a target: its sandbox capacity, or its pools. A machine without a GPU entry has no GPUs, and none without a GPU memory entry. */
export function machinesOf(model: ConstraintModel, target: TargetDeclaration): Machine[] {
    const empty: EncodingScope = { valueOf: () => undefined };
    const capacityOf = (block: Block | undefined): Resources => {
        const capacity: Resources = { gpu: intTerm(0), gpuMemory: intTerm(0) };
        for (const [name, value] of resourceEntries(block)) {
            const term = name === 'cpu' ? model.encoder.encodeCpu(value, empty) : model.encoder.encode(value, empty);
            if (term !== undefined) capacity[name] = term;
            else delete capacity[name];
        }
        return capacity;
    };
    if (target.kind === 'sandbox') {
        const capacity = blockNamed(target.members as Member[], 'capacity');
        return capacity === undefined ? [] : [{ description: 'the sandbox', capacity: capacityOf(capacity) }];
    }
    return target.members.filter(isPool).map(pool => ({ description: `pool \`${pool.name}\``, capacity: capacityOf(pool.body) }));
}

function blockNamed(members: readonly Member[] | undefined, key: string): Block | undefined {
    for (const member of members ?? []) {
        if (isBlockEntry(member) && member.key === key) return member.body;
    }
    return undefined;
}

function resourceEntries(block: Block | undefined): [ResourceName, Expression | undefined][] {
    const entries: [ResourceName, Expression | undefined][] = [];
    for (const member of block?.members ?? []) {
        if (isEntry(member) && (resourceNames as readonly string[]).includes(member.key)) entries.push([member.key as ResourceName, member.value]);
    }
    return entries;
}
