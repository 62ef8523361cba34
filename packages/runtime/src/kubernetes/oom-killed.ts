import type { V1Pod } from '@kubernetes/client-node';

/**
 * Whether a Job's pods say its container was killed at its memory limit: the kubelet records
 * `OOMKilled` as the reason of the container's terminated state (or last state, after a restart).
 * The Job's own condition says only that it failed (`BackoffLimitExceeded`).
 */
export function wasOomKilled(pods: readonly V1Pod[], container: string): boolean {
    return pods.some(pod => (pod.status?.containerStatuses ?? []).some(status => status.name === container
        && (status.state?.terminated?.reason === 'OOMKilled' || status.lastState?.terminated?.reason === 'OOMKilled')));
}
