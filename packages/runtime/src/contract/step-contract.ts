// Moved to @weft/contract (the dependency-free package generated code imports); this path
// stays so that the runtime's modules and tests keep their imports.
export {
    defineStep, implement, type ImplementedStep, type InputsOf, type OutputsOf, type StepContract, type StepImplementation,
} from '@weft/contract';
