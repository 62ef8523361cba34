import type { ValidationChecks } from 'langium';
import type { WeftAstType } from '../generated/ast.js';
import {
    argumentsMustFitTheirParameters, constantsMustFitTheirType, defaultsMustFitTheirParameters, forEachMustIterateAList,
    returnedValuesMustFitTheOutputs, whenConditionsMustBeBool, whereConditionsMustBeBool,
} from './types-assignments.js';
import { datasetsMustHaveADatasetType, modelsMustHaveAModelType, typeExpressionsMustNameTypes } from './types-declarations.js';
import {
    builtinFunctionArgumentsMustFit, forEachOutputMustExist, memberAccessMustNameAField, namesMustDenoteValues,
    operandMustFitItsUnaryOperator, operandsMustFitTheirOperator, rangeBoundsMustFitTheValue, tensorDimensionsMustBeInts,
} from './types-expressions.js';
import { entryValuesMustFitTheirMember } from './types-members.js';

/**
 * The type rules (`type-mismatch`, `shape-mismatch`, `invalid-quantity`, and `invalid-member`
 * for wrong value types), each a small named function in a `types-*.ts` file of its concern.
 * They run with the validator as `this` (see weft-validator.ts) and read types from
 * `services.typing`.
 */
export const typeChecks: ValidationChecks<WeftAstType> = {
    StepCall: [argumentsMustFitTheirParameters],
    Parameter: [defaultsMustFitTheirParameters],
    ConstDeclaration: [constantsMustFitTheirType],
    ReturnStatement: [returnedValuesMustFitTheOutputs],
    WhereClause: [whereConditionsMustBeBool],
    WhenStatement: [whenConditionsMustBeBool],
    ForEach: [forEachMustIterateAList, forEachOutputMustExist],
    BinaryExpression: [operandsMustFitTheirOperator],
    UnaryExpression: [operandMustFitItsUnaryOperator],
    RangeExpression: [rangeBoundsMustFitTheValue],
    FunctionCall: [builtinFunctionArgumentsMustFit],
    MemberAccess: [memberAccessMustNameAField],
    NameReference: [namesMustDenoteValues],
    ShapeExpression: [tensorDimensionsMustBeInts],
    DatasetDeclaration: [datasetsMustHaveADatasetType],
    ModelDeclaration: [modelsMustHaveAModelType],
    NamedTypeExpression: [typeExpressionsMustNameTypes],
    Entry: [entryValuesMustFitTheirMember],
};
