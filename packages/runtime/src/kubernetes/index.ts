export * from './job-spec.js';
export { DEFAULT_STEP_IMAGE, type KubernetesPool, type KubernetesTarget, KubernetesTargetError, kubernetesTargetOf } from './kubernetes-target.js';
export { KubernetesExecutor, type KubernetesExecutorOptions } from './kubernetes-executor.js';
export { KubernetesPermissionError, KubernetesRequestError } from './kubernetes-errors.js';
export { clientsFor, type KubeClients, type KubeconfigSource, loadKubeconfig } from './kube-clients.js';
export { type JobEnd, jobEnd, JobWatcher } from './job-watcher.js';
export { callWithRetry, type RetryPolicy } from './api-retry.js';
export { planJobs, PlanJobsError, type PlanJobsOptions, type PlannedJob } from './plan-jobs.js';
