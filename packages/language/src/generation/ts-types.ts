import { AstUtils } from 'langium';
import type { Expression, NamedTypeExpression, TypeArgument, TypeDeclaration, TypeExpression, TypeParameter } from '../generated/ast.js';
import {
    isBuiltinType, isDimensionVariable, isNamedTypeExpression, isNameReference, isNumberLiteral, isParameter, isShapeExpression,
    isTypeDeclaration, isTypeParameter, isWildcardDimension,
} from '../generated/ast.js';
import { isIntegerLiteral, parseNumber } from '../helpers/quantities.js';
import { tsPropertyKey, tsString } from './ts-names.js';

/**
 * Weft type expressions printed as TypeScript (docs/language.md §10). Names keep the
 * spelling of the source (an imported alias stays an alias), so the generated module reads
 * like the `.weft` file. Built-in generics become the runtime's handle types; `runtimeNames`
 * collects which ones a module uses.
 */
export class TsTypePrinter {
    /** Names the printed types need from `@weft/contract`. */
    readonly runtimeNames = new Set<string>();
    /** Type aliases the printed types name, as written (imported ones must be imported). */
    readonly usedAliases = new Set<string>();

    print(node: TypeExpression | undefined): string {
        if (node === undefined) return 'unknown';
        switch (node.$type) {
            case 'ParenthesizedTypeExpression':
                return `(${this.print(node.type)})`;
            case 'ListTypeExpression':
                return `readonly ${this.postfixOperand(node.element)}[]`;
            case 'OptionalTypeExpression':
                return `${this.postfixOperand(node.element)} | undefined`;
            case 'UnionTypeExpression':
                return node.members.map(member => this.print(member)).join(' | ');
            case 'RecordTypeExpression':
                if (node.fields.length === 0) return 'Readonly<Record<string, never>>';
                return `{ ${node.fields.map(field => `readonly ${tsPropertyKey(field.name ?? '')}${field.optional ? '?' : ''}: ${this.print(field.type)}`).join('; ')} }`;
            case 'LiteralTypeExpression':
                return literalType(node.$cstNode?.text, node.value);
            case 'NamedTypeExpression':
                return this.printNamed(node);
            default:
                return 'unknown';
        }
    }

    /** `T[]` and `T?` bind tighter than `|`: a union operand needs parentheses. */
    private postfixOperand(node: TypeExpression | undefined): string {
        const printed = this.print(node);
        return node?.$type === 'UnionTypeExpression' || node?.$type === 'OptionalTypeExpression' ? `(${printed})` : printed;
    }

    private printNamed(node: NamedTypeExpression): string {
        const target = node.target?.ref;
        const written = node.target?.$refText ?? 'unknown';
        if (isBuiltinType(target)) return this.printBuiltin(target.name, node.typeArguments);
        if (isTypeParameter(target)) return written;
        // A dimension variable or `int` parameter used where a type stands is a dimension: a number.
        if (isDimensionVariable(target) || isParameter(target)) return 'number';
        if (isTypeDeclaration(target)) {
            this.usedAliases.add(written);
            if (node.typeArguments.length === 0) return written;
            return `${written}<${node.typeArguments.map(argument => this.printArgument(argument)).join(', ')}>`;
        }
        return 'unknown';
    }

    private printBuiltin(name: string, args: readonly TypeArgument[]): string {
        const argument = (index: number): string => this.printArgument(args[index]);
        switch (name) {
            case 'string': return 'string';
            case 'int':
            case 'float':
            case 'duration':
            case 'memory': return 'number';
            case 'bool': return 'boolean';
            case 'bytes': return 'Uint8Array';
            case 'Map': return `Readonly<Record<string, ${argument(1)}>>`;
            case 'Dataset': return this.runtime('Dataset', `<${argument(0)}>`);
            case 'Model': return this.runtime('Model', `<${argument(0)}, ${argument(1)}>`);
            case 'Tensor': return this.runtime('Tensor', `<${this.printDType(args[0])}, ${this.printShape(args[1])}>`);
            case 'File': return this.runtime('File', '');
            case 'Metrics': return this.runtime('Metrics', '');
            case 'Artifact':
                this.runtimeNames.add('DType');
                return `${this.runtime('Dataset', '<unknown>')} | ${this.runtime('Model', '<never, unknown>')} | ${this.runtime('Tensor', '<DType>')} | ${this.runtime('File', '')}`;
            case 'Failure':
                return '{ readonly step: string; readonly message: string; readonly attempts: number; readonly exitCode?: number; readonly kind?: string }';
            default:
                // f32, i64, …: element types are strings in TypeScript.
                return tsString(name);
        }
    }

    private runtime(name: string, suffix: string): string {
        this.runtimeNames.add(name);
        return `${name}${suffix}`;
    }

    /** A type argument: a type, or a dimension (`64`, `N`, `_`, `rows`) where a dimension stands. */
    printArgument(argument: TypeArgument | undefined): string {
        if (argument === undefined) return 'unknown';
        if (isWildcardDimension(argument)) return 'number';
        if (isShapeExpression(argument)) return this.printShape(argument);
        return this.print(argument);
    }

    private printDType(argument: TypeArgument | undefined): string {
        if (argument === undefined || isWildcardDimension(argument) || isShapeExpression(argument)) {
            this.runtimeNames.add('DType');
            return 'DType';
        }
        return this.print(argument);
    }

    private printShape(argument: TypeArgument | undefined): string {
        if (argument === undefined || isWildcardDimension(argument)) return 'readonly number[]';
        if (isShapeExpression(argument)) return `readonly [${argument.dimensions.map(dimension => printDimension(dimension)).join(', ')}]`;
        // A shape parameter (`S` in `type T<S> = Tensor<f32, S>`).
        return this.print(argument);
    }
}

/** A dimension: its literal, a type parameter's name, and `number` for anything computed or bound at run time. */
function printDimension(dimension: Expression): string {
    if (isNumberLiteral(dimension) && isIntegerLiteral(dimension.value ?? '')) return String(parseNumber(dimension.value));
    if (isNameReference(dimension) && isTypeParameter(dimension.target?.ref)) return dimension.target.ref.name;
    return 'number';
}

function literalType(written: string | undefined, value: string | undefined): string {
    if (written === undefined || value === undefined) return 'unknown';
    if (written.startsWith('"')) return tsString(value);
    if (written === 'true' || written === 'false') return written;
    return String(Number(written.replaceAll('_', '')));
}

/** How a type parameter is used, which decides its TypeScript constraint. */
export function typeParameterConstraint(declaration: TypeDeclaration, parameter: TypeParameter, seen = new Set<TypeDeclaration>()): string {
    // Aliases that pass a parameter around in a loop are an error elsewhere; here they must only end.
    if (seen.has(declaration)) return '';
    seen.add(declaration);
    let constraint = '';
    for (const node of AstUtils.streamAst(declaration)) {
        if (isNameReference(node) && node.target?.ref === parameter && AstUtils.getContainerOfType(node, isShapeExpression)) {
            return ' extends number';
        }
        if (isNamedTypeExpression(node) && node.target?.ref === parameter) {
            const container = node.$container;
            if (isNamedTypeExpression(container) && isBuiltinType(container.target?.ref) && container.target.ref.name === 'Tensor') {
                constraint = container.typeArguments.indexOf(node) === 0 ? ' extends DType' : ' extends readonly number[]';
            }
            if (isNamedTypeExpression(container) && isTypeDeclaration(container.target?.ref)) {
                // Passed on to another alias: a dimension there is a dimension here.
                const index = container.typeArguments.indexOf(node);
                const inner = container.target.ref.typeParameters[index];
                if (inner !== undefined && inner !== parameter) {
                    const passed = typeParameterConstraint(container.target.ref, inner, seen);
                    if (passed !== '') constraint = passed;
                }
            }
        }
    }
    return constraint;
}
