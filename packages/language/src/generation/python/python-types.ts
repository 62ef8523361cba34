import type { NamedTypeExpression, RecordTypeExpression, TypeArgument, TypeDeclaration, TypeExpression, TypeParameter } from '../../generated/ast.js';
import {
    isBuiltinType, isDimensionVariable, isLiteralTypeExpression, isParameter, isShapeExpression, isTypeDeclaration, isTypeParameter,
    isWildcardDimension,
} from '../../generated/ast.js';
import { typeParameterConstraint } from '../ts-types.js';
import { pascalCase } from '../ts-names.js';
import { pyIdentifier, pyString } from './python-names.js';

/** A record that stands inside a type (`{ a: int }` as a parameter's type), made a dataclass of its own. */
export interface HoistedRecord {
    readonly name: string;
    readonly record: RecordTypeExpression;
    /** The type variables of the alias it stands in, which its fields may use. */
    readonly typeVariables: readonly string[];
}

/**
 * The type parameters of an alias that Python keeps: a parameter used as a tensor dimension or
 * shape is checked by the runtime, not by mypy, so it is left out.
 */
export function pythonTypeParameters(declaration: TypeDeclaration): TypeParameter[] {
    return declaration.typeParameters.filter(parameter => {
        const constraint = typeParameterConstraint(declaration, parameter);
        return !constraint.includes('number');
    });
}

/**
 * Weft type expressions printed as Python annotations for mypy. A record that is not an alias
 * of its own gets a dataclass named after where it stands (`TrainInputs` field `options` →
 * `TrainInputsOptions`), collected in `hoisted`. The names a module must import are collected too.
 */
export class PyTypePrinter {
    /** Names from `typing`. */
    readonly typingNames = new Set<string>();
    /** Names from `weft_contract`. */
    readonly contractNames = new Set<string>();
    /** Type aliases the printed types name, as written (imported ones must be imported). */
    readonly usedAliases = new Set<string>();
    /** Type variables the printed types use. */
    readonly typeVariables = new Set<string>();
    readonly hoisted: HoistedRecord[] = [];
    /** Whether a dataclass was written, so `dataclass` must be imported. */
    needsDataclass = false;
    private readonly taken: Set<string>;

    /** `taken`: the names of the module's own declarations, which a hoisted record must not reuse. */
    constructor(taken: Iterable<string>) {
        this.taken = new Set(taken);
    }

    /** `owner` names the place the type stands, for a record in it; `typeVariables` are those in scope. */
    print(node: TypeExpression | undefined, owner: string, typeVariables: readonly string[] = []): string {
        if (node === undefined) return this.typing('Any');
        switch (node.$type) {
            case 'ParenthesizedTypeExpression':
                return this.print(node.type, owner, typeVariables);
            case 'ListTypeExpression':
                return `list[${this.print(node.element, owner, typeVariables)}]`;
            case 'OptionalTypeExpression':
                return `${this.typing('Optional')}[${this.print(node.element, owner, typeVariables)}]`;
            case 'UnionTypeExpression': {
                const members = node.members;
                const literals = members.filter(isLiteralTypeExpression).map(member => literalValue(member.$cstNode?.text, member.value));
                if (literals.length === members.length && !literals.includes('float')) return `${this.typing('Literal')}[${literals.join(', ')}]`;
                return `${this.typing('Union')}[${members.map((member, index) => this.print(member, `${owner}${index + 1}`, typeVariables)).join(', ')}]`;
            }
            case 'RecordTypeExpression':
                return this.hoist(node, owner, typeVariables);
            case 'LiteralTypeExpression': {
                const value = literalValue(node.$cstNode?.text, node.value);
                return value === 'float' ? 'float' : `${this.typing('Literal')}[${value}]`;
            }
            case 'NamedTypeExpression':
                return this.printNamed(node, owner, typeVariables);
            default:
                return this.typing('Any');
        }
    }

    private hoist(record: RecordTypeExpression, owner: string, typeVariables: readonly string[]): string {
        let name = pascalCase(owner);
        for (let index = 2; this.taken.has(name); index++) name = `${pascalCase(owner)}${index}`;
        this.taken.add(name);
        this.hoisted.push({ name, record, typeVariables });
        return typeVariables.length === 0 ? name : `${name}[${typeVariables.join(', ')}]`;
    }

    private printNamed(node: NamedTypeExpression, owner: string, typeVariables: readonly string[]): string {
        const target = node.target?.ref;
        const written = node.target?.$refText ?? 'unknown';
        if (isBuiltinType(target)) return this.printBuiltin(target.name, node.typeArguments, owner, typeVariables);
        if (isTypeParameter(target)) {
            this.typeVariables.add(written);
            return written;
        }
        // A dimension variable or `int` parameter used where a type stands is a dimension: a number.
        if (isDimensionVariable(target) || isParameter(target)) return 'int';
        if (isTypeDeclaration(target)) {
            this.usedAliases.add(written);
            const kept = pythonTypeParameters(target).map(parameter => target.typeParameters.indexOf(parameter));
            const args = kept.map(index => this.printArgument(node.typeArguments[index], `${owner}${index + 1}`, typeVariables));
            return args.length === 0 ? pyIdentifier(written) : `${pyIdentifier(written)}[${args.join(', ')}]`;
        }
        return this.typing('Any');
    }

    private printBuiltin(name: string, args: readonly TypeArgument[], owner: string, typeVariables: readonly string[]): string {
        const argument = (index: number): string => this.printArgument(args[index], owner, typeVariables);
        switch (name) {
            case 'string': return 'str';
            case 'int':
            case 'memory': return 'int';
            case 'float':
            case 'duration': return 'float';
            case 'bool': return 'bool';
            case 'bytes': return 'bytes';
            case 'Map': return `dict[str, ${argument(1)}]`;
            case 'Dataset': return `${this.contract('Dataset')}[${argument(0)}]`;
            case 'Model': return `${this.contract('Model')}[${argument(0)}, ${argument(1)}]`;
            case 'Tensor': return `${this.contract('Tensor')}[${this.printDType(args[0], owner, typeVariables)}]`;
            case 'File': return this.contract('File');
            case 'Metrics': return this.contract('Metrics');
            case 'Failure': return this.contract('Failure');
            case 'Artifact': {
                const any = this.typing('Any');
                return `${this.typing('Union')}[${this.contract('Dataset')}[${any}], ${this.contract('Model')}[${any}, ${any}], ${this.contract('Tensor')}[${any}], ${this.contract('File')}]`;
            }
            default:
                // f32, i64, …: element types are string literals.
                return `${this.typing('Literal')}[${pyString(name)}]`;
        }
    }

    /** A type argument; a dimension or shape is checked at run time, so it is `int` here. */
    private printArgument(argument: TypeArgument | undefined, owner: string, typeVariables: readonly string[]): string {
        if (argument === undefined) return this.typing('Any');
        if (isWildcardDimension(argument) || isShapeExpression(argument)) return 'int';
        return this.print(argument, owner, typeVariables);
    }

    private printDType(argument: TypeArgument | undefined, owner: string, typeVariables: readonly string[]): string {
        if (argument === undefined || isWildcardDimension(argument) || isShapeExpression(argument)) return this.contract('DType');
        return this.print(argument, owner, typeVariables);
    }

    /** A name from `typing`, noted for the module's imports. */
    typingName(name: string): string {
        return this.typing(name);
    }

    private typing(name: string): string {
        this.typingNames.add(name);
        return name;
    }

    private contract(name: string): string {
        this.contractNames.add(name);
        return name;
    }
}

/** A literal type's value as Python writes it; `float` for a non-integer number, which `Literal` cannot hold. */
function literalValue(written: string | undefined, value: string | undefined): string {
    if (written === undefined || value === undefined) return 'None';
    if (written.startsWith('"')) return pyString(value);
    if (written === 'true') return 'True';
    if (written === 'false') return 'False';
    const number = Number(written.replaceAll('_', ''));
    return Number.isInteger(number) ? String(number) : 'float';
}
