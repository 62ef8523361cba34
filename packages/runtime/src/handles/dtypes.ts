// Moved to @weft/contract (the dependency-free package generated code imports); this path
// stays so that the runtime's modules and tests keep their imports.
export { type DType, dtypeLayouts, type TensorArrays, type TensorData } from '@weft/contract';
