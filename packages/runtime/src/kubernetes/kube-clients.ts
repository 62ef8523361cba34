import { BatchV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import type { KubeconfigSource } from './executor-options.js';

/** The API clients of one kubeconfig context. */
export interface KubeClients {
    readonly context: string;
    readonly config: KubeConfig;
    readonly batch: BatchV1Api;
    readonly core: CoreV1Api;
    readonly watch: Watch;
}

/** A kubeconfig: a loaded one, a file, its YAML, or the default (`KUBECONFIG`, else `~/.kube/config`). */
export function loadKubeconfig(source: KubeConfig | KubeconfigSource): KubeConfig {
    if (source instanceof KubeConfig) return source;
    const config = new KubeConfig();
    if (source === undefined) config.loadFromDefault();
    else if ('file' in source) config.loadFromFile(source.file);
    else config.loadFromString(source.yaml);
    return config;
}

/** Clients for `context` (the kubeconfig's current context when absent); an unknown context is an error naming the known ones. */
export function clientsFor(base: KubeConfig, context: string | undefined): KubeClients {
    const name = context ?? base.getCurrentContext();
    if (!name || !base.getContextObject(name)) {
        const known = base.getContexts().map(each => each.name);
        throw new Error(context === undefined
            ? 'the kubeconfig has no current context; name one in the target (`context: "…"`)'
            : `the kubeconfig has no context ${context}; its contexts are: ${known.join(', ') || 'none'}`);
    }
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: base.clusters, users: base.users, contexts: base.contexts, currentContext: name });
    return { context: name, config, batch: config.makeApiClient(BatchV1Api), core: config.makeApiClient(CoreV1Api), watch: new Watch(config) };
}
