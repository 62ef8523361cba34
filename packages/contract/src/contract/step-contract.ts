import type { StepContext } from './step-context.js';

/** Carries a contract's input and output types (no value has this property). */
declare const contractTypes: unique symbol;

/**
 * A step's typed contract, generated from its Weft declaration. Implementations are typed
 * against it with {@link implement}, so `tsc` rejects one whose inputs or outputs do not match.
 */
export interface StepContract<Inputs, Outputs> {
    readonly kind: 'step';
    readonly name: string;
    /** The Weft module that declares the step, when it has a header. */
    readonly module?: string;
    /** The same hash as in the plan: sha256 of the names and types of inputs and outputs. */
    readonly contractHash: string;
    readonly implementation: { readonly module: string; readonly export: string };
    readonly inputs: readonly string[];
    readonly outputs: readonly string[];
    readonly [contractTypes]?: (inputs: Inputs) => Outputs;
}

/** `(inputs, ctx) => outputs`, or a promise of them: what a step's `run` export is. */
export type StepImplementation<Inputs, Outputs> = (inputs: Inputs, ctx: StepContext) => Outputs | Promise<Outputs>;

/** An implementation that knows its contract (the runtime compares the contract hash with the plan's). */
export type ImplementedStep<Inputs, Outputs> = StepImplementation<Inputs, Outputs> & { readonly contract: StepContract<Inputs, Outputs> };

export type InputsOf<Contract> = Contract extends StepContract<infer Inputs, unknown> ? Inputs : never;
export type OutputsOf<Contract> = Contract extends StepContract<never, infer Outputs> ? Outputs : never;

/** Used by generated code to declare a step's contract. */
export function defineStep<Inputs, Outputs>(contract: Omit<StepContract<Inputs, Outputs>, 'kind'>): StepContract<Inputs, Outputs> {
    return Object.freeze({ kind: 'step', ...contract });
}

/**
 * Types `implementation` against `contract`: its inputs are the contract's, and it must return
 * the contract's outputs. The contract alone decides the types (`NoInfer`), so a mistake is
 * reported inside the implementation, where it is.
 */
export function implement<Inputs, Outputs>(
    contract: StepContract<Inputs, Outputs>,
    implementation: StepImplementation<NoInfer<Inputs>, NoInfer<Outputs>>,
): ImplementedStep<Inputs, Outputs> {
    return Object.assign((inputs: Inputs, ctx: StepContext) => implementation(inputs, ctx), { contract });
}
