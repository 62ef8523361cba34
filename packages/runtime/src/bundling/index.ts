// What the CLI needs of bundling without loading the whole runtime (`weft check` stays fast).
export { findGeneratedModule, GENERATED_HEADER, type GeneratedModuleMatch, type GeneratedModules, readIfGenerated } from './generated-modules.js';
export { type MissingGeneratedImport, missingGeneratedImports } from './generated-imports.js';
export { projectFolder } from './project-folder.js';
export { bundleTestFile, type TestBundleError } from './bundle-test-file.js';
export { GENERATED_MODULES_VARIABLE, generatedModulesFile, type GeneratedModulesFile, generatedModulesFromEnvironment } from './generated-modules-file.js';
