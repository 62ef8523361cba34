// Generation: Weft documents in, TypeScript modules, compiled plans and graphs out. Pure; writing
// files is the caller's business.
export { generateTypeScript, type GeneratedFile, type GeneratedPlanFile, type GenerationInput, isPlanFile } from './generate-typescript.js';
export { buildPlan, type PlanContext } from './plan-builder.js';
export { contractHash, canonicalType } from './contract-hash.js';
export * from './graph/index.js';
export { generatePython } from './python/index.js';
