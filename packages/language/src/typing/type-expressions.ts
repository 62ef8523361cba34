import type { BuiltinType, NamedTypeExpression, TypeArgument, TypeDeclaration, TypeExpression } from '../generated/ast.js';
import {
    isBuiltinType, isNamedTypeExpression, isShapeExpression, isTypeDeclaration, isTypeParameter, isWildcardDimension,
} from '../generated/ast.js';
import { isIntegerLiteral, parseNumber } from '../helpers/quantities.js';
import { AstUtils, assertUnreachable } from 'langium';
import { dimensionOfExpression, dimensionOfTypeArgument } from './dimension-of.js';
import { type Dimension, isSymbolic, variablesOf, wildcardDimension } from './dimensions.js';
import {
    type Substitution, type TensorShape, type Type,
    DatasetType, ElementType, ListType, LiteralType, MapType, ModelType, PrimitiveType, RecordType, ShapeParameter,
    TensorType, TypeParameterType, UnknownType, artifactType, booleanLiteralType, elementNames, failureType, fileType, floatType,
    intType, metricsType, optionalOf, primitiveNames, printShape, stringLiteralType, unionOf, unknownType,
} from './model.js';

/** What the type computer offers to the reading of type expressions (it caches the results). */
export interface TypeSource {
    computeType(node: TypeExpression | TypeArgument): Type;
}

/** The type a type expression denotes. Never throws on a half-typed expression: unknown instead. */
export function typeOfTypeExpression(node: TypeExpression, source: TypeSource): Type {
    switch (node.$type) {
        case 'ParenthesizedTypeExpression':
            return node.type ? source.computeType(node.type) : unknownType;
        case 'ListTypeExpression':
            return node.element ? new ListType(source.computeType(node.element)) : unknownType;
        case 'OptionalTypeExpression':
            return node.element ? optionalOf(source.computeType(node.element)) : unknownType;
        case 'UnionTypeExpression':
            return unionOf(node.members.map(member => source.computeType(member)));
        case 'RecordTypeExpression':
            return new RecordType(node.fields.map(field => ({
                name: field.name ?? '',
                type: field.type ? source.computeType(field.type) : unknownType,
                optional: field.optional,
            })));
        case 'LiteralTypeExpression':
            return literalTypeOf(node.$cstNode?.text, node.value);
        case 'NamedTypeExpression':
            return typeOfNamedTypeExpression(node, source);
        default:
            return assertUnreachable(node);
    }
}

function literalTypeOf(written: string | undefined, value: string | undefined): Type {
    if (written === undefined || value === undefined) return unknownType;
    if (written.startsWith('"')) return stringLiteralType(value);
    if (written === 'true' || written === 'false') return booleanLiteralType(written === 'true');
    return new LiteralType(parseNumber(written), isIntegerLiteral(written) ? intType : floatType, written);
}

function typeOfNamedTypeExpression(node: NamedTypeExpression, source: TypeSource): Type {
    const target = node.target?.ref;
    if (isBuiltinType(target)) return typeOfBuiltin(target, node, source);
    if (isTypeDeclaration(target)) return typeOfAliasUse(target, node, source);
    if (isTypeParameter(target)) return new TypeParameterType(target.name, target);
    // A parameter, dataset, step … is no type; the validator says so.
    return unknownType;
}

function typeOfBuiltin(builtin: BuiltinType, node: NamedTypeExpression, source: TypeSource): Type {
    const name = builtin.name;
    const argument = (index: number): Type => {
        const given = node.typeArguments[index];
        return given === undefined || isShapeExpression(given) || isWildcardDimension(given) ? unknownType : source.computeType(given);
    };
    const simple = simpleBuiltins.get(name);
    if (simple !== undefined) return simple;
    switch (name) {
        case 'Dataset': return new DatasetType(argument(0));
        case 'Model': return new ModelType(argument(0), argument(1));
        case 'Map': return new MapType(argument(1));
        case 'Tensor': return new TensorType(argument(0), shapeOf(node.typeArguments[1]));
        case 'File': return fileType;
        case 'Artifact': return artifactType;
        case 'Metrics': return metricsType;
        case 'Failure': return failureType;
        default: return unknownType;
    }
}

/** Built-in types without type arguments, made once: a large file names `int` thousands of times. */
const simpleBuiltins: ReadonlyMap<string, Type> = new Map<string, Type>([
    ...primitiveNames.map(name => [name, new PrimitiveType(name)] as const),
    ...elementNames.map(name => [name, new ElementType(name)] as const),
]);

/** The shape argument of `Tensor<DType, Shape>`: `[d1, …]`, `_` (any shape) or a shape parameter. */
function shapeOf(argument: TypeArgument | undefined): TensorShape {
    if (argument === undefined || isWildcardDimension(argument)) return undefined;
    if (isShapeExpression(argument)) return argument.dimensions.map(dimension => dimensionOfExpression(dimension));
    if (isNamedTypeExpression(argument) && isTypeParameter(argument.target?.ref)) {
        return new ShapeParameter(argument.target.ref.name, argument.target.ref);
    }
    return undefined;
}

/**
 * A use of a `type` declaration: its body with each type parameter replaced by the argument,
 * read as a type, a dimension or a shape as the body needs it. Printed as the user wrote it.
 */
function typeOfAliasUse(declaration: TypeDeclaration, node: NamedTypeExpression, source: TypeSource): Type {
    if (declaration.type === undefined) return unknownType;
    const body = source.computeType(declaration.type);
    const types = new Map<TypeDeclaration['typeParameters'][number], Type>();
    const dimensions = new Map<TypeDeclaration['typeParameters'][number], Dimension>();
    const shapes = new Map<TypeDeclaration['typeParameters'][number], TensorShape>();
    const written: string[] = [];
    let mentionsParameters = false;
    declaration.typeParameters.forEach((parameter, index) => {
        const argument = node.typeArguments[index];
        const asType = argument === undefined || isShapeExpression(argument) || isWildcardDimension(argument)
            ? unknownType : source.computeType(argument);
        const asDimension = isShapeExpression(argument) ? undefined : dimensionOfTypeArgument(argument);
        const asShape = shapeOf(argument);
        types.set(parameter, asType);
        dimensions.set(parameter, asDimension ?? wildcardDimension);
        shapes.set(parameter, asShape);
        written.push(printArgument(asType, asDimension, asShape, argument));
        mentionsParameters ||= asType.kind === 'type-parameter' || asShape instanceof ShapeParameter
            || (asDimension !== undefined && isSymbolic(asDimension) && variablesOf(asDimension).some(variable => isTypeParameter(variable.declaration)));
    });
    const substitution: Substitution = { types, dimensions, shapes };
    const result = body.substitute(substitution);
    // An alias applied to another alias's parameters (`Embedding<N>` inside `type Batch<N>`) is
    // printed by its structure: the name it was written with would go stale when N is replaced.
    if (mentionsParameters) return result.withAlias(undefined);
    const alias = written.length === 0 ? declaration.name : `${declaration.name}<${written.join(', ')}>`;
    // Unknown while the definition is being computed: a use inside a recursive alias's own
    // definition, directly or through other aliases. It keeps the alias (see UnknownType).
    if (result.kind === 'unknown' && isRecursiveUse(declaration, node)) return new UnknownType(alias, declaration);
    return result.withAlias(alias);
}

/** True if `use` is inside the definition of `declaration`, or of an alias that `declaration` names, directly or not. */
function isRecursiveUse(declaration: TypeDeclaration, use: NamedTypeExpression): boolean {
    const container = AstUtils.getContainerOfType(use, isTypeDeclaration);
    if (container === undefined) return false;
    const seen = new Set<TypeDeclaration>();
    const pending = [declaration];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
        if (current === container) return true;
        if (seen.has(current) || current.type === undefined) continue;
        seen.add(current);
        for (const node of AstUtils.streamAst(current.type)) {
            if (isNamedTypeExpression(node) && isTypeDeclaration(node.target?.ref)) pending.push(node.target.ref);
        }
    }
    return false;
}

function printArgument(asType: Type, asDimension: Dimension | undefined, asShape: TensorShape, argument: TypeArgument | undefined): string {
    if (argument === undefined) return '_';
    if (isShapeExpression(argument)) return printShape(asShape);
    if (asDimension !== undefined && (asType.kind === 'unknown' || asType.kind === 'literal')) return asDimension.toString();
    return asType.toString();
}
