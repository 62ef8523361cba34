import type { AstNode } from 'langium';
import type {
    BuiltinFunction, Callable, Expression, ForEach, FunctionCall, LetStatement, MemberAccess, NamedElement, OnFailureStatement, Parameter,
    QuantityLiteral, StepCall,
} from '../generated/ast.js';
import {
    isBuiltinFunction, isExpression, isStepCall, isTypeArgument, isTypeDeclaration,
} from '../generated/ast.js';
import { forEachNode } from '../helpers/ast-walk.js';
import { isIntegerLiteral, kindOfUnit, parseNumber, splitQuantity } from '../helpers/quantities.js';
import type { WeftServices } from '../weft-module.js';
import { type CallBindings, inferCallBindings, parameterSubstitution, resultSubstitution } from './call-bindings.js';
import {
    type Type, ListType, LiteralType, PrimitiveType, RecordType, TargetType, boolType, booleanLiteralType, failureType, floatType,
    intType, optionalOf, stringLiteralType, unionOf, unknownType,
} from './model.js';
import { binaryOperationType, extremumType, unaryOperationType } from './operator-types.js';
import { expectedQuantityKind } from './quantity-context.js';
import { typeOfTypeExpression } from './type-expressions.js';

/** Where a node keeps its type, and which generation of which type computer computed it. */
const typeKey = Symbol('weft.type');
const generationKey = Symbol('weft.typeGeneration');
type TypedNode = AstNode & { [typeKey]?: Type; [generationKey]?: number };
let nextGeneration = 1;

/**
 * Computes the type of every expression, type expression and typed declaration (parameters,
 * outputs, constants, datasets, models, `let` results, loop variables). One public entry,
 * {@link computeType}. Results are cached per node until the linker says they may have changed
 * (see {@link forget}): after an edit inside one declaration, the types of the declarations
 * that do not depend on it stay. A half-typed document yields the unknown type, never an exception.
 */
export class WeftTypeComputer {
    /**
     * Which types are this computer's and current. A node's type is kept on the node itself
     * ({@link typeKey}, {@link generationKey}): a map keyed by tens of thousands of nodes costs
     * a cache miss per lookup. Forgetting every type is starting a new generation; numbers
     * are never reused, so two computers that meet one node never read each other's types.
     */
    private generation = nextGeneration++;
    private calls = new Map<StepCall, CallBindings>();

    constructor(protected readonly services: WeftServices) {}

    /** Forgets every type: the links of a whole document were made again. */
    forgetAll(): void {
        this.generation = nextGeneration++;
        this.calls = new Map();
    }

    /**
     * Forgets the types of the nodes under `topLevelNodes`: declarations whose links (or whose
     * dependencies' links) changed, and declarations an edit replaced.
     */
    forget(topLevelNodes: Iterable<AstNode>): void {
        for (const topLevel of topLevelNodes) {
            forEachNode(topLevel, node => {
                const typed = node as TypedNode;
                // Not `delete`: it would turn the node into a slow dictionary object.
                if (typed[generationKey] !== undefined) typed[generationKey] = 0;
                if (node.$type === 'StepCall') this.calls.delete(node as StepCall);
            });
        }
    }

    computeType(node: AstNode | undefined): Type {
        if (node === undefined) return unknownType;
        const typed = node as TypedNode;
        if (typed[generationKey] === this.generation) return typed[typeKey]!;
        // Unknown while it is being computed: a cycle (`const a = b`, `const b = a`) yields unknown.
        typed[generationKey] = this.generation;
        typed[typeKey] = unknownType;
        try {
            return typed[typeKey] = this.doComputeType(node);
        } catch (error) {
            typed[generationKey] = 0;
            throw error;
        }
    }

    /** What a call fixes of its callee's dimension variables, and where they conflict. */
    callBindings(call: StepCall): CallBindings {
        let bindings = this.calls.get(call);
        if (bindings === undefined) this.calls.set(call, bindings = inferCallBindings(call, this));
        return bindings;
    }

    /** The type a parameter expects at one call: its declared type with the call's dimensions put in. */
    expectedParameterType(call: StepCall, parameter: Parameter): Type {
        return this.computeType(parameter).substitute(parameterSubstitution(this.callBindings(call)));
    }

    protected doComputeType(node: AstNode): Type {
        if (isExpression(node)) return this.typeOfExpression(node);
        if (isTypeArgument(node)) {
            // Shapes and `_` are read by the tensor type that contains them; as types they are unknown.
            return node.$type === 'ShapeExpression' || node.$type === 'WildcardDimension' ? unknownType : typeOfTypeExpression(node, this);
        }
        if (isStepCall(node)) return this.typeOfCall(node);
        return this.typeOfDeclaration(node);
    }

    /** The type of something a name can refer to, or of a declaration with a type. */
    protected typeOfDeclaration(node: AstNode): Type {
        const declaration = node as NamedElement | AstNode;
        switch (declaration.$type) {
            case 'Parameter':
            case 'Output':
            case 'DatasetDeclaration':
            case 'ModelDeclaration': {
                const typed = declaration as { type?: AstNode };
                return this.computeType(typed.type);
            }
            case 'ConstDeclaration': {
                const constant = declaration as { type?: AstNode; value?: AstNode };
                return this.computeType(constant.type ?? constant.value);
            }
            case 'TypeDeclaration': {
                if (!isTypeDeclaration(declaration) || declaration.type === undefined) return unknownType;
                const body = this.computeType(declaration.type);
                return declaration.typeParameters.length === 0 ? body.withAlias(declaration.name) : body;
            }
            case 'LetStatement':
                return this.typeOfLet(declaration as LetStatement);
            case 'ForEach':
                return this.typeOfForEach(declaration as ForEach);
            case 'LoopVariable': {
                const iterable = this.computeType((declaration.$container as ForEach | undefined)?.iterable);
                return iterable.kind === 'list' ? iterable.element : unknownType;
            }
            case 'OnFailureStatement': {
                const errorType = (declaration as OnFailureStatement).errorType;
                return errorType === undefined ? failureType : this.computeType(errorType);
            }
            case 'DimensionVariable':
            case 'TypeParameter':
                return intType;
            case 'TargetDeclaration':
                return new TargetType((declaration as { name?: string }).name ?? '');
            case 'Entry':
            case 'Argument':
            case 'RecordLiteralField':
                return this.computeType((declaration as { value?: AstNode }).value);
            default:
                return unknownType;
        }
    }

    protected typeOfLet(statement: LetStatement): Type {
        return this.computeType(statement.value);
    }

    /** `for v in xs => call(v)` is a list of the call's outputs; `=> call(v).out` a list of that output. */
    protected typeOfForEach(loop: ForEach): Type {
        const result = this.computeType(loop.call);
        if (loop.output === undefined) return new ListType(result);
        const field = result.kind === 'record' ? result.field(loop.output) : undefined;
        return new ListType(field ? field.type : unknownType);
    }

    /** A call's result: a record of the callee's outputs, with the dimensions this call fixes. */
    protected typeOfCall(call: StepCall): Type {
        const callee: Callable | undefined = call.callee?.ref;
        if (callee === undefined) return unknownType;
        const substitution = resultSubstitution(callee, this.callBindings(call));
        return new RecordType(callee.outputs.map(output => ({
            name: output.name ?? '',
            type: this.computeType(output).substitute(substitution),
            optional: false,
        })));
    }

    protected typeOfExpression(node: Expression): Type {
        switch (node.$type) {
            case 'NumberLiteral':
                if (node.value === undefined) return unknownType;
                return new LiteralType(parseNumber(node.value), isIntegerLiteral(node.value) ? intType : floatType, node.value);
            case 'StringLiteral':
                return node.value === undefined ? unknownType : stringLiteralType(node.value);
            case 'BooleanLiteral':
                return booleanLiteralType(node.value);
            case 'QuantityLiteral':
                return this.typeOfQuantity(node);
            case 'ListLiteral':
                return new ListType(node.elements.length === 0 ? unknownType : unionOf(node.elements.map(element => this.computeType(element))));
            case 'RecordLiteral':
                return new RecordType(node.fields.map(field => ({ name: field.name ?? '', type: this.computeType(field.value), optional: false })));
            case 'ParenthesizedExpression':
                return this.computeType(node.expression);
            case 'NameReference':
                return this.computeType(node.target?.ref);
            case 'MemberAccess':
                return this.typeOfMemberAccess(node);
            case 'FunctionCall':
                return this.typeOfFunctionCall(node);
            case 'UnaryExpression':
                return unaryOperationType(node.operator, this.computeType(node.operand)).type;
            case 'BinaryExpression':
                return binaryOperationType(node.operator, this.computeType(node.left), this.computeType(node.right),
                    (a, b) => this.services.typing.TypeChecker.isAssignable(a, b)).type;
            case 'RangeExpression':
                return boolType;
            case 'WildcardDimension':
                return unknownType;
            default:
                return unknownType;
        }
    }

    /** A quantity's kind comes from its unit, and from where it stands when the unit is ambiguous (`m`). */
    protected typeOfQuantity(node: QuantityLiteral): Type {
        const parts = node.value === undefined ? undefined : splitQuantity(node.value);
        if (parts === undefined) return unknownType;
        return new PrimitiveType(kindOfUnit(parts.unit, expectedQuantityKind(node, this)));
    }

    /** `x.field` on records and call results (an optional field is optional), `m.key` on maps. */
    protected typeOfMemberAccess(node: MemberAccess): Type {
        const receiver = this.computeType(node.receiver);
        if (node.member === undefined) return unknownType;
        if (receiver.kind === 'record') {
            const field = receiver.field(node.member);
            if (field === undefined) return unknownType;
            return field.optional ? optionalOf(field.type) : field.type;
        }
        if (receiver.kind === 'map') return receiver.value;
        return unknownType;
    }

    protected typeOfFunctionCall(node: FunctionCall): Type {
        const callee = node.callee?.$type === 'NameReference' ? node.callee.target?.ref : undefined;
        if (!isBuiltinFunction(callee)) return unknownType;
        return this.typeOfBuiltinCall(callee, node);
    }

    protected typeOfBuiltinCall(callee: BuiltinFunction, node: FunctionCall): Type {
        const [first, second] = node.arguments.map(argument => this.computeType(argument.value));
        switch (callee.name) {
            case 'min':
            case 'max':
                return first && second ? extremumType(first, second).type : unknownType;
            default:
                return this.computeType(callee.returnType);
        }
    }
}
