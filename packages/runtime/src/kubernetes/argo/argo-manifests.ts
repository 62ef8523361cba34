import type { V1Toleration } from '@kubernetes/client-node';
/** The parts of Argo's `Workflow` and Kubernetes' `ConfigMap` the export writes (plain JSON). */

export interface ObjectMeta {
    readonly name?: string;
    readonly generateName?: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
}

export interface ArgoParameter {
    readonly name: string;
    readonly value?: string;
    readonly enum?: readonly string[];
    readonly description?: string;
    readonly valueFrom?: { readonly path: string };
}

export interface DagTask {
    readonly name: string;
    readonly template: string;
    readonly depends?: string;
    readonly when?: string;
    readonly withParam?: string;
    readonly withSequence?: { readonly count: string };
    readonly arguments?: { readonly parameters: readonly ArgoParameter[] };
}

export interface Volume {
    readonly name: string;
    /** `items` put each key at a path of its own under the mount (a command step's project files). */
    readonly configMap?: { readonly name: string; readonly items?: readonly { readonly key: string; readonly path: string }[] };
    readonly persistentVolumeClaim?: { readonly claimName: string };
}

export interface Container {
    readonly name: string;
    readonly image: string;
    readonly command: readonly string[];
    readonly args?: readonly string[];
    readonly resources?: { readonly requests: Readonly<Record<string, string>>; readonly limits: Readonly<Record<string, string>> };
    readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

export interface RetryStrategy {
    readonly limit: number;
    readonly retryPolicy: 'Always';
    readonly expression: string;
    readonly backoff: { readonly duration: string; readonly factor: number | string };
}

export interface Template {
    readonly name: string;
    readonly dag?: { readonly tasks: readonly DagTask[] };
    /** At most this many of the template's children at once (a fan-out's `concurrency`). */
    readonly parallelism?: number;
    readonly container?: Container;
    readonly inputs?: { readonly parameters: readonly ArgoParameter[] };
    readonly outputs?: { readonly parameters: readonly ArgoParameter[] };
    readonly metadata?: { readonly labels: Readonly<Record<string, string>> };
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly tolerations?: readonly V1Toleration[];
    readonly activeDeadlineSeconds?: number;
    readonly retryStrategy?: RetryStrategy;
    readonly volumes?: readonly Volume[];
}

export interface ArgoWorkflow {
    readonly apiVersion: 'argoproj.io/v1alpha1';
    readonly kind: 'Workflow';
    readonly metadata: ObjectMeta;
    readonly spec: {
        readonly entrypoint: string;
        readonly arguments?: { readonly parameters: readonly ArgoParameter[] };
        readonly serviceAccountName?: string;
        readonly podSpecPatch?: string;
        readonly activeDeadlineSeconds?: number;
        readonly parallelism?: number;
        readonly podMetadata?: { readonly labels: Readonly<Record<string, string>> };
        readonly volumes: readonly Volume[];
        readonly templates: readonly Template[];
    };
}

export interface ConfigMap {
    readonly apiVersion: 'v1';
    readonly kind: 'ConfigMap';
    readonly metadata: ObjectMeta;
    readonly data: Readonly<Record<string, string>>;
}
