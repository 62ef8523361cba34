import type { Argument, Callable, Expression, NamedElement, Parameter, StepCall } from '../generated/ast.js';
import { isStepDeclaration } from '../generated/ast.js';
import { matchArguments } from '../helpers/call-arguments.js';
import { dimensionOfExpression } from './dimension-of.js';
import { type Dimension, dimensionsEqual, isSymbolic, substituteDimension, wildcardDimension } from './dimensions.js';
import { type Substitution, type Type, emptySubstitution } from './model.js';

/**
 * What one call fixes of its callee's dimension variables (`step embed<N>(x: Tensor<f32, [N, 768]>)`)
 * and `int` parameters used as dimensions: each is inferred from the arguments, literal
 * dimensions unify, symbolic ones stay symbolic. Two arguments that give one variable different
 * literal values are a conflict (`shape-mismatch`).
 */
export interface CallBindings {
    /** The callee's dimension variables and parameters, as far as the arguments fix them. */
    readonly bindings: ReadonlyMap<NamedElement, Dimension>;
    /** Where the first binding of each variable came from. */
    readonly origins: ReadonlyMap<NamedElement, Argument>;
    readonly conflicts: readonly DimensionConflict[];
}

export interface DimensionConflict {
    readonly variable: NamedElement;
    readonly name: string;
    /** The value the variable already had, and the argument that gave it. */
    readonly bound: Dimension;
    readonly boundBy: Argument | undefined;
    /** The other value, and the argument that gave it. */
    readonly given: Dimension;
    readonly argument: Argument;
}

export interface CallBindingSource {
    computeType(node: Expression | Parameter): Type;
}

export function inferCallBindings(call: StepCall, source: CallBindingSource): CallBindings {
    const callee = call.callee?.ref;
    if (callee === undefined) return { bindings: new Map(), origins: new Map(), conflicts: [] };
    const match = matchArguments(callee.parameters, call.arguments);
    const bindings = new Map<NamedElement, Dimension>();
    const origins = new Map<NamedElement, Argument>();
    const conflicts: DimensionConflict[] = [];

    // An `int` parameter's value is its argument (read as a dimension over the caller's names),
    // or its default when that is a plain integer.
    for (const parameter of callee.parameters) {
        const argument = match.bound.get(parameter);
        const dimension = argument ? dimensionOfExpression(argument.value) : literalDefault(parameter);
        if (dimension !== undefined && dimension.kind !== 'wildcard' && isIntParameter(parameter, source)) {
            bindings.set(parameter, dimension);
            if (argument) origins.set(parameter, argument);
        }
    }

    const variables = new Set<NamedElement>(isStepDeclaration(callee) ? callee.dimensions : []);
    for (const [parameter, argument] of match.bound) {
        const unifier = new Unifier(variables, bindings, origins, conflicts, argument);
        unifier.unify(source.computeType(parameter), source.computeType(argument.value));
    }
    return { bindings, origins, conflicts };
}

/**
 * The substitution for the types the call produces: what the call fixed, and `_` for every
 * dimension variable or parameter it did not (those names mean nothing at the caller).
 */
export function resultSubstitution(callee: Callable, call: CallBindings): Substitution {
    const dimensions = new Map<NamedElement, Dimension>(call.bindings);
    const free: NamedElement[] = [...callee.parameters, ...(isStepDeclaration(callee) ? callee.dimensions : [])];
    for (const name of free) {
        if (!dimensions.has(name)) dimensions.set(name, wildcardDimension);
    }
    return { ...emptySubstitution, dimensions };
}

/** The substitution under which a parameter's declared type is what the call expects. */
export function parameterSubstitution(call: CallBindings): Substitution {
    return { ...emptySubstitution, dimensions: call.bindings };
}

function literalDefault(parameter: Parameter): Dimension | undefined {
    if (parameter.default === undefined) return undefined;
    const dimension = dimensionOfExpression(parameter.default);
    return dimension.kind === 'literal' ? dimension : undefined;
}

function isIntParameter(parameter: Parameter, source: CallBindingSource): boolean {
    const type = source.computeType(parameter);
    return type.kind === 'primitive' && type.name === 'int';
}

class Unifier {
    constructor(
        private readonly variables: ReadonlySet<NamedElement>,
        private readonly bindings: Map<NamedElement, Dimension>,
        private readonly origins: Map<NamedElement, Argument>,
        private readonly conflicts: DimensionConflict[],
        private readonly argument: Argument,
    ) {}

    /** Walks the parameter type and the argument type side by side, binding variables at tensor dimensions. */
    unify(parameter: Type, argument: Type): void {
        if (parameter.kind === 'optional' && argument.kind === 'optional') return this.unify(parameter.element, argument.element);
        if (parameter.kind === 'optional') return this.unify(parameter.element, argument);
        switch (parameter.kind) {
            case 'tensor':
                if (argument.kind === 'tensor') this.unifyShapes(parameter.dimensions, argument.dimensions);
                return;
            case 'list':
            case 'dataset':
                if (argument.kind === parameter.kind) this.unify(parameter.element, argument.element);
                return;
            case 'map':
                if (argument.kind === 'map') this.unify(parameter.value, argument.value);
                return;
            case 'model':
                if (argument.kind === 'model') {
                    this.unify(parameter.input, argument.input);
                    this.unify(parameter.output, argument.output);
                }
                return;
            case 'record':
                if (argument.kind === 'record') {
                    for (const field of parameter.fields) {
                        const given = argument.field(field.name);
                        if (given) this.unify(field.type, given.type);
                    }
                }
                return;
            default:
                return;
        }
    }

    private unifyShapes(wanted: readonly Dimension[] | undefined, given: readonly Dimension[] | undefined): void {
        if (wanted === undefined || given === undefined || wanted.length !== given.length) return;
        wanted.forEach((dimension, index) => this.unifyDimension(dimension, given[index]!));
    }

    private unifyDimension(wanted: Dimension, given: Dimension): void {
        if (wanted.kind !== 'variable' || !this.variables.has(wanted.declaration) || given.kind === 'wildcard') return;
        const bound = this.bindings.get(wanted.declaration);
        if (bound === undefined) {
            this.bindings.set(wanted.declaration, given);
            this.origins.set(wanted.declaration, this.argument);
            return;
        }
        const resolved = substituteDimension(bound, this.bindings);
        // Literal against literal is decided here; anything symbolic is the solver's.
        if (!isSymbolic(resolved) && !isSymbolic(given) && !dimensionsEqual(resolved, given)) {
            this.conflicts.push({
                variable: wanted.declaration, name: wanted.name, bound: resolved,
                boundBy: this.origins.get(wanted.declaration), given, argument: this.argument,
            });
        }
    }
}
