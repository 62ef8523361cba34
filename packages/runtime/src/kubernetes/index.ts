// `@weft/runtime/kubernetes`: kept out of the main entry (nothing there imports it, even
// dynamically), so that importing the runtime does not load @kubernetes/client-node (~0.7 s), its
// types stay out of consumers' type checks, and esbuild bundling a step (which starts from the
// main entry) never reads its 16 MB.
export * from './job-spec.js';
export { DEFAULT_STEP_IMAGE, type KubernetesPool, type KubernetesTarget, kubernetesTargetOf, TargetError } from '../plan/targets.js';
export { KubernetesExecutor } from './kubernetes-executor.js';
export type { KubeconfigSource, KubernetesExecutorOptions, RetryPolicy } from './executor-options.js';
export { KubernetesPermissionError, KubernetesRequestError } from './kubernetes-errors.js';
export { clientsFor, type KubeClients, loadKubeconfig } from './kube-clients.js';
export { type JobEnd, jobEnd, JobWatcher } from './job-watcher.js';
export { callWithRetry } from './api-retry.js';
export { planJobs, PlanJobsError, type PlanJobsOptions, type PlannedJob } from './plan-jobs.js';
