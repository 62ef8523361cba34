export { argoDocuments, argoExport, argoWorkflow, bundleKey, type ArgoBundles, type ArgoExport, type ArgoExportOptions } from './argo-workflow.js';
export { argoBundles } from './argo-bundles.js';
export { ArgoExportError } from './argo-errors.js';
export type { ArgoWorkflow, ConfigMap } from './argo-manifests.js';
export { toYaml } from './to-yaml.js';
export { CONFIG_MAP_LIMIT } from './config-maps.js';
