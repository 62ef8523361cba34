// The handle types that generated code and step implementations use for Weft's artifacts.
export { ArtifactFormatError } from './artifact-errors.js';
export { Dataset } from './dataset.js';
export { type DType, dtypeLayouts, type TensorArrays, type TensorData } from './dtypes.js';
export { File } from './file.js';
export type { Metrics } from './metrics.js';
export { Model } from './model.js';
export { decodeNpy, encodeNpy, type NpyContent } from './npy.js';
export { type Shape, ShapeError, Tensor } from './tensor.js';
