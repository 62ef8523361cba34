import type { ValidationAcceptor } from 'langium';
import type { DatasetDeclaration, ModelDeclaration, NamedTypeExpression, TypeArgument } from '../generated/ast.js';
import {
    isBuiltinType, isNamedTypeExpression, isShapeExpression, isTypeDeclaration, isTypeParameter, isWildcardDimension,
} from '../generated/ast.js';
import { isDimensionName } from '../typing/dimension-of.js';
import { elementNames } from '../typing/model.js';
import { CODE_TYPE_MISMATCH, type TypeRuleContext } from './type-diagnostics.js';

/**
 * Rules for declared types: a `dataset` is a `Dataset<…>` and a `model` a `Model<…, …>`, and
 * every type expression names a type with the right number and kind of type arguments.
 */

/** `dataset imdb: Review` instead of `Dataset<Review>`. */
export function datasetsMustHaveADatasetType(this: TypeRuleContext, declaration: DatasetDeclaration, accept: ValidationAcceptor): void {
    const type = this.services.typing.TypeComputer.computeType(declaration);
    if (declaration.type === undefined || type.kind === 'dataset' || type.kind === 'unknown') return;
    accept('error', `Dataset \`${declaration.name}\` must have a type \`Dataset<…>\` but has ${type.toString()}.`,
        { node: declaration.type, code: CODE_TYPE_MISMATCH });
}

/** `model bert: Tokens` instead of `Model<Tokens, Embedding<_>>`. */
export function modelsMustHaveAModelType(this: TypeRuleContext, declaration: ModelDeclaration, accept: ValidationAcceptor): void {
    const type = this.services.typing.TypeComputer.computeType(declaration);
    if (declaration.type === undefined || type.kind === 'model' || type.kind === 'unknown') return;
    accept('error', `Model \`${declaration.name}\` must have a type \`Model<…, …>\` but has ${type.toString()}.`,
        { node: declaration.type, code: CODE_TYPE_MISMATCH });
}

/** How many type arguments each built-in type takes. */
const builtinArity: Readonly<Record<string, number>> = { Dataset: 1, Model: 2, Tensor: 2, Map: 2 };

const kindNames: Readonly<Record<string, string>> = {
    ConstDeclaration: 'a constant', DatasetDeclaration: 'a dataset', ModelDeclaration: 'a model', StepDeclaration: 'a step',
    PipelineDeclaration: 'a pipeline', TargetDeclaration: 'a target', BuiltinFunction: 'a built-in function',
    Parameter: 'a parameter', LetStatement: 'a `let` result', LoopVariable: 'a loop variable',
    DimensionVariable: 'a dimension variable', OnFailureStatement: '`failure`',
};

/** `x: imdb`, `Dataset`, `int<3>`, `Map<int, float>`, `Tensor<string, [3]>`, `Dataset<[3]>`. */
export function typeExpressionsMustNameTypes(this: TypeRuleContext, node: NamedTypeExpression, accept: ValidationAcceptor): void {
    const target = node.target?.ref;
    if (target === undefined) return;
    const written = node.target.$refText;
    if (isBuiltinType(target) || isTypeDeclaration(target)) {
        const expected = isBuiltinType(target) ? builtinArity[target.name] ?? 0 : target.typeParameters.length;
        if (node.typeArguments.length !== expected) {
            const takes = expected === 0 ? 'takes no type arguments' : `takes ${expected} type argument${expected === 1 ? '' : 's'}`;
            accept('error', `\`${written}\` ${takes} but got ${node.typeArguments.length}.`, { node, code: CODE_TYPE_MISMATCH });
            return;
        }
        // A generic alias's parameter may stand for a type, a dimension or a shape; built-ins know which.
        if (isBuiltinType(target)) builtinArgumentsMustFit(node, target.name, accept);
        return;
    }
    if (isTypeParameter(target)) return;
    // A parameter or dimension variable is a dimension as an argument of a generic alias (`Embedding<batch>`).
    const container = node.$container;
    const isAliasArgument = isNamedTypeExpression(container) && isTypeDeclaration(container.target?.ref) && container.typeArguments.includes(node);
    if (isDimensionName(target) && isAliasArgument) return;
    accept('error', `\`${written}\` is ${kindNames[target.$type] ?? 'no type'}, not a type.`, { node, code: CODE_TYPE_MISMATCH });
}

function builtinArgumentsMustFit(node: NamedTypeExpression, name: string, accept: ValidationAcceptor): void {
    const [first, second] = node.typeArguments;
    if (name === 'Tensor') {
        if (first !== undefined && !isElementTypeArgument(first)) {
            accept('error', `The element type of a tensor must be one of ${[...elementNames, 'bool'].join(', ')}.`, { node: first, code: CODE_TYPE_MISMATCH });
        }
        if (second !== undefined && !isShapeExpression(second) && !isWildcardDimension(second) && !isTypeParameterReference(second)) {
            accept('error', 'The shape of a tensor is a list of dimensions (`[N, 768]`) or `_`.', { node: second, code: CODE_TYPE_MISMATCH });
        }
        return;
    }
    if (name === 'Map' && first !== undefined) {
        const key = isNamedTypeExpression(first) ? first.target?.ref : undefined;
        if (!(isBuiltinType(key) && key.name === 'string') && !isTypeParameterReference(first)) {
            accept('error', 'The keys of a `Map` are strings: write `Map<string, …>`.', { node: first, code: CODE_TYPE_MISMATCH });
        }
    }
    for (const argument of node.typeArguments) {
        if (isShapeExpression(argument) || isWildcardDimension(argument)) {
            accept('error', `\`${node.target.$refText}\` takes types as arguments, not shapes or \`_\`.`, { node: argument, code: CODE_TYPE_MISMATCH });
        }
    }
}

function isElementTypeArgument(argument: TypeArgument): boolean {
    if (!isNamedTypeExpression(argument)) return false;
    const target = argument.target?.ref;
    if (target === undefined || isTypeParameter(target)) return true;
    return isBuiltinType(target) && ((elementNames as readonly string[]).includes(target.name) || target.name === 'bool');
}

function isTypeParameterReference(argument: TypeArgument): boolean {
    return isNamedTypeExpression(argument) && isTypeParameter(argument.target?.ref);
}
