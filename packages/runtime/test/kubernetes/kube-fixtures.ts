// A real kube-apiserver (with etcd) for the kubernetes tests, built from Debian's source package by
// scripts/kube-apiserver.mjs before the tests start (npm test does it), and a TCP proxy in front of
// it whose connections a test can cut.
import { createServer, type Server, type Socket, connect } from 'node:net';
import { BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
// @ts-expect-error: a plain ES module script without type declarations
import { startKubeApiServer } from '../../../../scripts/kube-apiserver.mjs';

export interface TestCluster {
    readonly server: string;
    /** The API server's self-signed serving certificate and key (PEM), reused by the fake kubelet. */
    readonly certificate: { readonly cert: string; readonly key: string };
    readonly kubeconfigYaml: string;
    readonly config: KubeConfig;
    readonly batch: BatchV1Api;
    readonly core: CoreV1Api;
    stop(): Promise<void>;
}

/** How long beforeAll may take to start etcd and the (already built) API server on a busy machine. */
export const CLUSTER_SETUP_TIMEOUT = 3 * 60_000;

export async function startCluster(options: { extraArgs?: readonly string[] } = {}): Promise<TestCluster> {
    const started = await startKubeApiServer({ extraArgs: options.extraArgs ?? [] }) as { server: string; kubeconfigPath: string; dir: string; stop(): Promise<void> };
    const { readFileSync } = await import('node:fs');
    const certificate = { cert: readFileSync(`${started.dir}/certs/apiserver.crt`, 'utf8'), key: readFileSync(`${started.dir}/certs/apiserver.key`, 'utf8') };
    const kubeconfigYaml = readFileSync(started.kubeconfigPath, 'utf8');
    const config = new KubeConfig();
    config.loadFromString(kubeconfigYaml);
    return { server: started.server, certificate, kubeconfigYaml, config, batch: config.makeApiClient(BatchV1Api), core: config.makeApiClient(CoreV1Api), stop: () => started.stop() };
}

export async function createNamespace(cluster: TestCluster, name: string): Promise<void> {
    await cluster.core.createNamespace({ body: { metadata: { name } } });
}

/** A TCP proxy to the API server: `cut()` drops every connection, `refuse` turns new ones away. */
export class CuttableProxy {
    refuse = false;
    private readonly sockets = new Set<Socket>();
    private server: Server | undefined;
    port = 0;

    constructor(private readonly upstream: string) {}

    async start(): Promise<void> {
        const { hostname, port } = new URL(this.upstream);
        this.server = createServer(client => {
            if (this.refuse) { client.destroy(); return; }
            const server = connect(Number(port), hostname);
            for (const socket of [client, server]) {
                this.sockets.add(socket);
                socket.on('close', () => this.sockets.delete(socket));
                socket.on('error', () => undefined);
            }
            client.pipe(server).pipe(client);
        });
        await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
        this.port = (this.server.address() as { port: number }).port;
    }

    /** The kubeconfig YAML with the server pointing at the proxy. */
    kubeconfig(yaml: string): string {
        return yaml.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${this.port}`);
    }

    cut(): void {
        for (const socket of this.sockets) socket.destroy();
    }

    async stop(): Promise<void> {
        this.cut();
        await new Promise(resolve => this.server?.close(resolve));
    }
}
