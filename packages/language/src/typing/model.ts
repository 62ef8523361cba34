import type { NamedElement } from '../generated/ast.js';
import { type Dimension, type DimensionBindings, dimensionsEqual, substituteDimension } from './dimensions.js';

/**
 * Weft's types as values: immutable, comparable with `equals` (structure only) and printable
 * with `toString` as the user writes them. A type reached through an alias (`Label`,
 * `Embedding<64>`) remembers that name for printing; `equals` ignores it.
 */
export type Type =
    | UnknownType | PrimitiveType | ElementType | LiteralType | UnionType | RecordType | ListType
    | OptionalType | MapType | DatasetType | ModelType | TensorType | OpaqueType | TargetType
    | TypeParameterType;

/** What a type parameter is replaced with at a use: a type, a dimension or a whole shape. */
export interface Substitution {
    readonly types: ReadonlyMap<NamedElement, Type>;
    readonly dimensions: DimensionBindings;
    readonly shapes: ReadonlyMap<NamedElement, TensorShape>;
}

export const emptySubstitution: Substitution = { types: new Map(), dimensions: new Map(), shapes: new Map() };

abstract class BaseType {
    /** The name the user wrote for this type, when it came through an alias. */
    abstract readonly alias?: string;
    abstract equals(other: Type): boolean;
    /** The structure, ignoring the alias: `{ text: string }` even where the user wrote `Review`. */
    abstract describe(): string;
    abstract withAlias(alias: string | undefined): Type;
    abstract substitute(substitution: Substitution): Type;

    toString(): string {
        return this.alias ?? this.describe();
    }
}

/**
 * The type of something that could not be typed: assignable both ways, so errors do not cascade.
 * A use of an alias inside its own definition (`children: Tree[]` in `type Tree`) is unknown too,
 * as the definition is still being computed; it keeps the alias's name and declaration, so that
 * it prints as written and the JSON Schema generator can refer back to the definition.
 */
export class UnknownType extends BaseType {
    readonly kind = 'unknown';
    constructor(readonly alias?: string, readonly declaration?: NamedElement) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'unknown' && other.declaration === this.declaration;
    }
    describe(): string {
        return 'unknown';
    }
    withAlias(alias: string | undefined): Type {
        if (alias === this.alias) return this;
        return alias === undefined ? unknownType : new UnknownType(alias);
    }
    substitute(): Type {
        return this;
    }
}

export const unknownType = new UnknownType();

/** `cpu` is not written by users: it is the type of a millicore quantity (`500m` in a `cpu` entry). */
export type PrimitiveName = 'string' | 'int' | 'float' | 'bool' | 'bytes' | 'duration' | 'memory' | 'cpu';
export const primitiveNames: readonly PrimitiveName[] = ['string', 'int', 'float', 'bool', 'bytes', 'duration', 'memory'];

export class PrimitiveType extends BaseType {
    readonly kind = 'primitive';
    constructor(readonly name: PrimitiveName, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'primitive' && other.name === this.name;
    }
    describe(): string {
        return this.name;
    }
    withAlias(alias: string | undefined): Type {
        return new PrimitiveType(this.name, alias);
    }
    substitute(): Type {
        return this;
    }
}

export const stringType = new PrimitiveType('string');
export const intType = new PrimitiveType('int');
export const floatType = new PrimitiveType('float');
export const boolType = new PrimitiveType('bool');
export const durationType = new PrimitiveType('duration');
export const memoryType = new PrimitiveType('memory');
export const cpuType = new PrimitiveType('cpu');

/** A tensor element type: `f32`, `i64`, … (`bool` elements use the primitive `bool`). */
export type ElementName = 'f16' | 'bf16' | 'f32' | 'f64' | 'i8' | 'i32' | 'i64' | 'u8';
export const elementNames: readonly ElementName[] = ['f16', 'bf16', 'f32', 'f64', 'i8', 'i32', 'i64', 'u8'];

export class ElementType extends BaseType {
    readonly kind = 'element';
    constructor(readonly name: ElementName, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'element' && other.name === this.name;
    }
    describe(): string {
        return this.name;
    }
    withAlias(alias: string | undefined): Type {
        return new ElementType(this.name, alias);
    }
    substitute(): Type {
        return this;
    }
}

/** A literal type: `"pos"`, `3`, `0.5`, `true`. `text` is how it was written (`1_000`). */
export class LiteralType extends BaseType {
    readonly kind = 'literal';
    constructor(
        readonly value: string | number | boolean,
        readonly primitive: PrimitiveType,
        readonly text: string,
        readonly alias?: string,
    ) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'literal' && other.value === this.value && other.primitive.equals(this.primitive);
    }
    describe(): string {
        return this.text;
    }
    withAlias(alias: string | undefined): Type {
        return new LiteralType(this.value, this.primitive, this.text, alias);
    }
    substitute(): Type {
        return this;
    }
}

export function stringLiteralType(value: string): LiteralType {
    return new LiteralType(value, stringType, JSON.stringify(value));
}

export function booleanLiteralType(value: boolean): LiteralType {
    return new LiteralType(value, boolType, String(value));
}

export class UnionType extends BaseType {
    readonly kind = 'union';
    /** Use {@link unionOf}: it flattens nested unions and drops duplicates. */
    constructor(readonly members: readonly Type[], readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'union' && other.members.length === this.members.length
            && this.members.every(member => other.members.some(candidate => candidate.equals(member)));
    }
    describe(): string {
        return this.members.map(member => member.toString()).join(' | ');
    }
    withAlias(alias: string | undefined): Type {
        return new UnionType(this.members, alias);
    }
    substitute(substitution: Substitution): Type {
        const result = unionOf(this.members.map(member => member.substitute(substitution)));
        return this.alias === undefined ? result : result.withAlias(this.alias);
    }
}

/** The union of `members`, flattened and without duplicates; one member is itself. */
export function unionOf(members: readonly Type[]): Type {
    const flat: Type[] = [];
    for (const member of members) {
        for (const part of member.kind === 'union' ? member.members : [member]) {
            if (!flat.some(existing => existing.equals(part))) flat.push(part);
        }
    }
    if (flat.length === 0) return unknownType;
    // A recursive alias's reference to itself (see UnknownType) stays a member.
    if (flat.some(member => member.kind === 'unknown' && member.declaration === undefined)) return unknownType;
    return flat.length === 1 ? flat[0]! : new UnionType(flat);
}

export interface RecordTypeField {
    readonly name: string;
    readonly type: Type;
    readonly optional: boolean;
}

export class RecordType extends BaseType {
    readonly kind = 'record';
    private byName?: Map<string, RecordTypeField>;
    constructor(readonly fields: readonly RecordTypeField[], readonly alias?: string) {
        super();
    }
    field(name: string): RecordTypeField | undefined {
        this.byName ??= new Map(this.fields.map(field => [field.name, field]));
        return this.byName.get(name);
    }
    equals(other: Type): boolean {
        return other.kind === 'record' && other.fields.length === this.fields.length
            && this.fields.every(field => {
                const match = other.field(field.name);
                return match !== undefined && match.optional === field.optional && match.type.equals(field.type);
            });
    }
    describe(): string {
        if (this.fields.length === 0) return '{}';
        return `{ ${this.fields.map(field => `${field.name}${field.optional ? '?' : ''}: ${field.type.toString()}`).join(', ')} }`;
    }
    withAlias(alias: string | undefined): Type {
        return new RecordType(this.fields, alias);
    }
    substitute(substitution: Substitution): Type {
        return new RecordType(this.fields.map(field => ({ ...field, type: field.type.substitute(substitution) })), this.alias);
    }
}

/** Wraps an element in parentheses where a postfix (`[]`, `?`) would otherwise bind to part of it. */
function postfixOperand(type: Type): string {
    return type.alias === undefined && type.kind === 'union' ? `(${type.toString()})` : type.toString();
}

export class ListType extends BaseType {
    readonly kind = 'list';
    constructor(readonly element: Type, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'list' && other.element.equals(this.element);
    }
    describe(): string {
        return `${postfixOperand(this.element)}[]`;
    }
    withAlias(alias: string | undefined): Type {
        return new ListType(this.element, alias);
    }
    substitute(substitution: Substitution): Type {
        return new ListType(this.element.substitute(substitution), this.alias);
    }
}

export class OptionalType extends BaseType {
    readonly kind = 'optional';
    /** Use {@link optionalOf}: `T??` is `T?`. */
    constructor(readonly element: Type, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'optional' && other.element.equals(this.element);
    }
    describe(): string {
        return `${postfixOperand(this.element)}?`;
    }
    withAlias(alias: string | undefined): Type {
        return new OptionalType(this.element, alias);
    }
    substitute(substitution: Substitution): Type {
        const result = optionalOf(this.element.substitute(substitution));
        return this.alias === undefined ? result : result.withAlias(this.alias);
    }
}

export function optionalOf(element: Type): Type {
    if (element.kind === 'optional' || (element.kind === 'unknown' && element.declaration === undefined)) return element;
    return new OptionalType(element);
}

/** `Map<string, V>`: keys are always strings. `Metrics` is `Map<string, float>` named `Metrics`. */
export class MapType extends BaseType {
    readonly kind = 'map';
    constructor(readonly value: Type, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'map' && other.value.equals(this.value);
    }
    describe(): string {
        return `Map<string, ${this.value.toString()}>`;
    }
    withAlias(alias: string | undefined): Type {
        return new MapType(this.value, alias);
    }
    substitute(substitution: Substitution): Type {
        return new MapType(this.value.substitute(substitution), this.alias);
    }
}

export class DatasetType extends BaseType {
    readonly kind = 'dataset';
    constructor(readonly element: Type, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'dataset' && other.element.equals(this.element);
    }
    describe(): string {
        return `Dataset<${this.element.toString()}>`;
    }
    withAlias(alias: string | undefined): Type {
        return new DatasetType(this.element, alias);
    }
    substitute(substitution: Substitution): Type {
        return new DatasetType(this.element.substitute(substitution), this.alias);
    }
}

export class ModelType extends BaseType {
    readonly kind = 'model';
    constructor(readonly input: Type, readonly output: Type, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'model' && other.input.equals(this.input) && other.output.equals(this.output);
    }
    describe(): string {
        return `Model<${this.input.toString()}, ${this.output.toString()}>`;
    }
    withAlias(alias: string | undefined): Type {
        return new ModelType(this.input, this.output, alias);
    }
    substitute(substitution: Substitution): Type {
        return new ModelType(this.input.substitute(substitution), this.output.substitute(substitution), this.alias);
    }
}

/** A shape parameter: `S` in `type T<S> = Tensor<f32, S>`, replaced by a shape at each use. */
export class ShapeParameter {
    readonly kind = 'shape-parameter';
    constructor(readonly name: string, readonly declaration: NamedElement) {}
}

/** The dimensions of a tensor; `undefined` for any shape (`Tensor<f32, _>`). */
export type TensorShape = readonly Dimension[] | ShapeParameter | undefined;

export class TensorType extends BaseType {
    readonly kind = 'tensor';
    /** `dtype` is an {@link ElementType}, `bool`, a type parameter, or unknown. */
    constructor(readonly dtype: Type, readonly shape: TensorShape, readonly alias?: string) {
        super();
    }
    /** The dimensions, when the shape is known. */
    get dimensions(): readonly Dimension[] | undefined {
        return Array.isArray(this.shape) ? this.shape : undefined;
    }
    equals(other: Type): boolean {
        if (other.kind !== 'tensor' || !other.dtype.equals(this.dtype)) return false;
        const mine = this.shape;
        const theirs = other.shape;
        if (mine === undefined || theirs === undefined) return mine === theirs;
        if (mine instanceof ShapeParameter || theirs instanceof ShapeParameter) {
            return mine instanceof ShapeParameter && theirs instanceof ShapeParameter && mine.declaration === theirs.declaration;
        }
        return mine.length === theirs.length && mine.every((dimension, index) => dimensionsEqual(dimension, theirs[index]!));
    }
    describe(): string {
        return `Tensor<${this.dtype.toString()}, ${printShape(this.shape)}>`;
    }
    withAlias(alias: string | undefined): Type {
        return new TensorType(this.dtype, this.shape, alias);
    }
    substitute(substitution: Substitution): Type {
        let shape = this.shape;
        if (shape instanceof ShapeParameter) {
            shape = substitution.shapes.has(shape.declaration) ? substitution.shapes.get(shape.declaration) : shape;
        } else if (shape !== undefined) {
            shape = shape.map(dimension => substituteDimension(dimension, substitution.dimensions));
        }
        return new TensorType(this.dtype.substitute(substitution), shape, this.alias);
    }
}

export function printShape(shape: TensorShape): string {
    if (shape === undefined) return '_';
    if (shape instanceof ShapeParameter) return shape.name;
    return `[${shape.map(dimension => dimension.toString()).join(', ')}]`;
}

/** `File` and `Artifact` (any artifact: dataset, model, tensor or file). */
export class OpaqueType extends BaseType {
    readonly kind = 'opaque';
    constructor(readonly name: 'File' | 'Artifact', readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'opaque' && other.name === this.name;
    }
    describe(): string {
        return this.name;
    }
    withAlias(alias: string | undefined): Type {
        return new OpaqueType(this.name, alias);
    }
    substitute(): Type {
        return this;
    }
}

export const fileType = new OpaqueType('File');
export const artifactType = new OpaqueType('Artifact');

/** The value of a name that refers to a target (`targets: [dev, prod]`). */
export class TargetType extends BaseType {
    readonly kind = 'target';
    readonly alias = undefined;
    constructor(readonly name: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'target';
    }
    describe(): string {
        return 'target';
    }
    withAlias(): Type {
        return this;
    }
    substitute(): Type {
        return this;
    }
}

/** A type parameter inside the body of a generic `type`, replaced at each use. */
export class TypeParameterType extends BaseType {
    readonly kind = 'type-parameter';
    constructor(readonly name: string, readonly declaration: NamedElement, readonly alias?: string) {
        super();
    }
    equals(other: Type): boolean {
        return other.kind === 'type-parameter' && other.declaration === this.declaration;
    }
    describe(): string {
        return this.name;
    }
    withAlias(alias: string | undefined): Type {
        return new TypeParameterType(this.name, this.declaration, alias);
    }
    substitute(substitution: Substitution): Type {
        return substitution.types.get(this.declaration) ?? this;
    }
}

/** `Metrics`: named metric values. */
export const metricsType: Type = new MapType(floatType, 'Metrics');

/** What an `on failure` block receives as `failure`. */
export const failureType: Type = new RecordType([
    { name: 'step', type: stringType, optional: false },
    { name: 'message', type: stringType, optional: false },
    { name: 'attempts', type: intType, optional: false },
    { name: 'exitCode', type: intType, optional: true },
    // What failed: "step", "infrastructure" or "refused" (the runtime's classification, docs/runtime.md).
    { name: 'kind', type: stringType, optional: true },
], 'Failure');

/** The quantity kinds: primitive types whose literals carry a unit. */
export type QuantityKind = 'duration' | 'memory' | 'cpu';

export function isQuantityType(type: Type): type is PrimitiveType & { name: QuantityKind } {
    return type.kind === 'primitive' && (type.name === 'duration' || type.name === 'memory' || type.name === 'cpu');
}

/** A literal type's primitive; any other type itself. */
export function widen(type: Type): Type {
    return type.kind === 'literal' ? type.primitive : type;
}

/** True for `int`, `float` and their literals. */
export function isNumberType(type: Type): boolean {
    const wide = widen(type);
    return wide.kind === 'primitive' && (wide.name === 'int' || wide.name === 'float');
}
