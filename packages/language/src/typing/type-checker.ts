import { DiagnosticCode } from '../validation/diagnostic-codes.js';
import type { WeftServices } from '../weft-module.js';
import { type Dimension, type DimensionEquality, dimensionsEqual, isSymbolic } from './dimensions.js';
import { type RecordType, type TensorType, type Type, ShapeParameter } from './model.js';

/** Why a type is not assignable to another: the code to report and, when it helps, a detail. */
export interface Mismatch {
    readonly code: typeof DiagnosticCode.TypeMismatch | typeof DiagnosticCode.ShapeMismatch;
    /** What differs, e.g. "field `label` is missing" or "dimension 2: 768 vs 512". */
    readonly detail?: string;
}

export type Relation =
    | { readonly assignable: true; readonly equalities: readonly DimensionEquality[] }
    | { readonly assignable: false; readonly mismatch: Mismatch };

const typeMismatch: Mismatch = { code: DiagnosticCode.TypeMismatch };

/**
 * Relates types to types (docs/language.md §4). Symbolic tensor dimensions are not decided here:
 * they count as compatible, and {@link relate} returns the equalities the Z3 checker must prove.
 */
export class WeftTypeChecker {
    constructor(protected readonly services?: WeftServices) {}

    isAssignable(source: Type, target: Type): boolean {
        return this.relate(source, target).assignable;
    }

    /** Whether `source` is assignable to `target`, why not, or which dimension equalities it needs. */
    relate(source: Type, target: Type): Relation {
        const equalities: DimensionEquality[] = [];
        const mismatch = this.check(source, target, equalities);
        return mismatch === undefined ? { assignable: true, equalities } : { assignable: false, mismatch };
    }

    /** Why `source` is not assignable to `target`; `undefined` if it is. */
    explain(source: Type, target: Type): Mismatch | undefined {
        return this.check(source, target, []);
    }

    /** The symbolic dimension equalities that assigning `source` to `target` needs. */
    dimensionEqualities(source: Type, target: Type): readonly DimensionEquality[] {
        const relation = this.relate(source, target);
        return relation.assignable ? relation.equalities : [];
    }

    /** `undefined` when assignable; collects solver obligations into `equalities`. */
    protected check(source: Type, target: Type, equalities: DimensionEquality[]): Mismatch | undefined {
        if (isLenient(source) || isLenient(target)) return undefined;
        if (source.equals(target)) return undefined;

        // Unions: every source member must fit; a source fits a union if it fits some member.
        if (source.kind === 'union') {
            for (const member of source.members) {
                const mismatch = this.check(member, target, equalities);
                if (mismatch) return { code: mismatch.code, detail: mismatch.detail ?? `${member.toString()} is not allowed` };
            }
            return undefined;
        }
        if (target.kind === 'union') return this.checkAgainstUnion(source, target.members, equalities);

        // Optionals: `T` fits `U?` if it fits `U`; `T?` fits only an optional.
        if (target.kind === 'optional') {
            return this.check(source.kind === 'optional' ? source.element : source, target.element, equalities);
        }
        if (source.kind === 'optional') return { code: DiagnosticCode.TypeMismatch, detail: 'the value may be absent' };

        switch (target.kind) {
            case 'primitive':
                if (source.kind === 'literal') return this.check(source.primitive, target, equalities);
                return source.kind === 'primitive' && source.name === 'int' && target.name === 'float' ? undefined : typeMismatch;
            case 'element':
            case 'literal':
            case 'target':
                return typeMismatch;
            case 'record':
                return source.kind === 'record' ? this.checkRecord(source, target, equalities) : typeMismatch;
            case 'list':
                return source.kind === 'list' ? this.check(source.element, target.element, equalities) : typeMismatch;
            case 'map':
                return source.kind === 'map' ? this.check(source.value, target.value, equalities) : typeMismatch;
            case 'dataset':
                return source.kind === 'dataset' ? this.check(source.element, target.element, equalities) : typeMismatch;
            case 'model':
                if (source.kind !== 'model') return typeMismatch;
                // A model that accepts more inputs and promises fewer outputs may stand in.
                return prefix('model input', this.check(target.input, source.input, equalities))
                    ?? prefix('model output', this.check(source.output, target.output, equalities));
            case 'tensor':
                return source.kind === 'tensor' ? this.checkTensor(source, target, equalities) : typeMismatch;
            case 'opaque':
                if (target.name === 'Artifact') {
                    const isArtifact = source.kind === 'dataset' || source.kind === 'model' || source.kind === 'tensor' || source.kind === 'opaque';
                    return isArtifact ? undefined : typeMismatch;
                }
                return typeMismatch;
            default:
                return typeMismatch;
        }
    }

    private checkAgainstUnion(source: Type, members: readonly Type[], equalities: DimensionEquality[]): Mismatch | undefined {
        for (const member of members) {
            const scratch: DimensionEquality[] = [];
            if (this.check(source, member, scratch) === undefined) {
                equalities.push(...scratch);
                return undefined;
            }
        }
        return typeMismatch;
    }

    private checkRecord(source: RecordType, target: RecordType, equalities: DimensionEquality[]): Mismatch | undefined {
        for (const wanted of target.fields) {
            const given = source.field(wanted.name);
            if (given === undefined) {
                if (wanted.optional) continue;
                return { code: DiagnosticCode.TypeMismatch, detail: `field \`${wanted.name}\` is missing` };
            }
            if (given.optional && !wanted.optional) {
                return { code: DiagnosticCode.TypeMismatch, detail: `field \`${wanted.name}\` is optional but required here` };
            }
            const mismatch = this.check(given.type, wanted.type, equalities);
            if (mismatch) {
                return { code: mismatch.code, detail: `field \`${wanted.name}\`: ${mismatch.detail ?? `expected ${wanted.type.toString()} but got ${given.type.toString()}`}` };
            }
        }
        return undefined;
    }

    private checkTensor(source: TensorType, target: TensorType, equalities: DimensionEquality[]): Mismatch | undefined {
        if (!isLenient(source.dtype) && !isLenient(target.dtype) && !source.dtype.equals(target.dtype)) {
            return { code: DiagnosticCode.ShapeMismatch, detail: `element type ${target.dtype.toString()} vs ${source.dtype.toString()}` };
        }
        const wanted = target.shape;
        const given = source.shape;
        // `_` as a whole shape, or a shape parameter not yet replaced, fits any shape.
        if (wanted === undefined || given === undefined || wanted instanceof ShapeParameter || given instanceof ShapeParameter) return undefined;
        if (wanted.length !== given.length) {
            return { code: DiagnosticCode.ShapeMismatch, detail: `rank ${wanted.length} vs ${given.length}` };
        }
        for (let index = 0; index < wanted.length; index++) {
            const mismatch = relateDimensions(given[index]!, wanted[index]!, index, equalities);
            if (mismatch) return mismatch;
        }
        return undefined;
    }
}

function relateDimensions(given: Dimension, wanted: Dimension, index: number, equalities: DimensionEquality[]): Mismatch | undefined {
    if (given.kind === 'wildcard' || wanted.kind === 'wildcard' || dimensionsEqual(given, wanted)) return undefined;
    if (isSymbolic(given) || isSymbolic(wanted)) {
        equalities.push({ left: wanted, right: given, index });
        return undefined;
    }
    return { code: DiagnosticCode.ShapeMismatch, detail: `dimension ${index + 1}: ${wanted.toString()} vs ${given.toString()}` };
}

/** Types that relate to everything: the unknown type and type parameters not yet replaced. */
function isLenient(type: Type): boolean {
    return type.kind === 'unknown' || type.kind === 'type-parameter';
}

function prefix(where: string, mismatch: Mismatch | undefined): Mismatch | undefined {
    if (mismatch === undefined) return undefined;
    return { code: mismatch.code, detail: mismatch.detail === undefined ? where : `${where}: ${mismatch.detail}` };
}
