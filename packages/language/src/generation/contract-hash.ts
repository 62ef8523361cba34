import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Type } from '../typing/model.js';
import { printShape } from '../typing/model.js';

/** What a step's contract consists of: the names and types of its inputs and outputs. */
export interface ContractShape {
    readonly step: string;
    readonly inputs: readonly { readonly name: string; readonly type: Type; readonly hasDefault: boolean }[];
    readonly outputs: readonly { readonly name: string; readonly type: Type }[];
}

/**
 * `sha256:<hex>` of a step's contract. Types are hashed by structure, not by the alias names
 * that spell them, so renaming a type alias keeps the hash while changing a field changes it.
 */
export function contractHash(contract: ContractShape): string {
    const canonical = JSON.stringify({
        step: contract.step,
        inputs: contract.inputs.map(input => [input.name, canonicalType(input.type), input.hasDefault]),
        outputs: contract.outputs.map(output => [output.name, canonicalType(output.type)]),
    });
    return `sha256:${bytesToHex(sha256(utf8ToBytes(canonical)))}`;
}

/** A type's structure as text, ignoring aliases; record fields in name order. */
export function canonicalType(type: Type): string {
    switch (type.kind) {
        case 'union': return `(${type.members.map(canonicalType).sort().join('|')})`;
        case 'record': return `{${[...type.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
            .map(field => `${field.name}${field.optional ? '?' : ''}:${canonicalType(field.type)}`).join(',')}}`;
        case 'list': return `${canonicalType(type.element)}[]`;
        case 'optional': return `${canonicalType(type.element)}?`;
        case 'map': return `Map<string,${canonicalType(type.value)}>`;
        case 'dataset': return `Dataset<${canonicalType(type.element)}>`;
        case 'model': return `Model<${canonicalType(type.input)},${canonicalType(type.output)}>`;
        case 'tensor': return `Tensor<${canonicalType(type.dtype)},${printShape(type.shape)}>`;
        default: return type.describe();
    }
}
