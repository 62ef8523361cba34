// Moved to @weft/contract (the dependency-free package generated code imports); this path
// stays so that the runtime's modules and tests keep their imports.
export * from '@weft/contract';
