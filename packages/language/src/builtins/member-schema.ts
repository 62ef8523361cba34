/**
 * Which members each kind of block accepts, and what value each expects. The validator uses
 * it for `invalid-member`; the type computer uses it to read a quantity's unit from where the
 * quantity stands (`timeout: 20m` is minutes, `cpu: 500m` millicores); completion and hover
 * use it to describe members.
 */

/** What an entry's value must be. `cpu` is a number of cores (or millicores with `m`). */
export type ValueKind =
    | 'string' | 'int' | 'float' | 'bool' | 'duration' | 'memory' | 'cpu'
    | 'string-list'
    /** `"none"`, or a list of host names. */
    | 'network'
    /** `true`/`false`, or `{ version: "…" }`. */
    | 'cache'
    /** A list of target names. */
    | 'target-list'
    /** A `run` reference: `"./path.ts#export"`. */
    | 'implementation'
    /** A step's `command`: a list of string literals (validation/commands.ts checks its elements). */
    | 'command'
    /** A semantic version string. */
    | 'semver'
    /** A constant of the target kind, e.g. `runtime: "gvisor" | "process"`. */
    | { readonly oneOf: readonly string[] };

export interface EntrySchema {
    readonly kind: 'entry';
    readonly value: ValueKind;
    readonly required?: boolean;
    readonly description: string;
}

export interface BlockSchema {
    readonly kind: 'block';
    /** Known member names, or `free` for blocks whose keys are the user's (`labels`). */
    readonly members: Readonly<Record<string, MemberSchema>> | { readonly free: ValueKind };
    readonly description: string;
}

export type MemberSchema = EntrySchema | BlockSchema;

export type MemberTable = Readonly<Record<string, MemberSchema>>;

const entry = (value: ValueKind, description: string, required = false): EntrySchema =>
    ({ kind: 'entry', value, description, required });
const block = (members: BlockSchema['members'], description: string): BlockSchema =>
    ({ kind: 'block', members, description });

const resources = block({
    cpu: entry('cpu', 'CPU cores (`2`, `0.5`) or millicores (`500m`)'),
    memory: entry('memory', 'memory, e.g. `16Gi`'),
    gpu: entry('int', 'number of GPUs'),
    gpuMemory: entry('memory', 'GPU memory, e.g. `24Gi`'),
    disk: entry('memory', 'scratch disk, e.g. `100Gi`'),
}, 'what one attempt needs');

const retry = block({
    attempts: entry('int', 'how many attempts in all'),
    backoff: entry('duration', 'the wait before the first retry'),
    factor: entry('float', 'the backoff multiplier for each later retry'),
    memory: entry('memory', 'the most memory an attempt that ran out of memory may be placed again with (doubling from `resources.memory`)'),
    stepErrors: entry('bool', "whether errors of the step's own code (an exception, a broken contract) are retried too; infrastructure failures always are"),
}, 're-runs on failure with exponential backoff');

const sandbox = block({
    network: entry('network', '`"none"` or a list of hosts the step may reach'),
    readOnly: entry('bool', 'whether the root file system is read-only'),
}, 'isolation for sandbox and Kubernetes runs');

/** Members of a `step` declaration (besides `where`). */
export const stepMembers: MemberTable = {
    run: entry('implementation', 'the TypeScript function that implements the step: `"./path.ts#export"`', true),
    command: entry('command', 'instead of `run`: the executable and arguments of a command that implements the step over the file protocol, e.g. `["sh", "./steps/double.sh"]`'),
    image: entry('string', 'container image for Kubernetes targets'),
    resources,
    timeout: entry('duration', 'the time limit of one attempt'),
    retry,
    cache: entry('cache', 'reuse results when contract, implementation, image and inputs are unchanged'),
    sandbox,
};

/** Members of a `with { … }` block on a call: the step members a call may override. */
export const callOverrideMembers: MemberTable = {
    resources,
    timeout: stepMembers.timeout!,
    retry,
    cache: stepMembers.cache!,
};

/** Members of a `pipeline` declaration (besides `where` and statements). */
export const pipelineMembers: MemberTable = {
    timeout: entry('duration', 'the time limit of the whole run'),
    concurrency: entry('int', 'how many steps may run at once'),
    targets: entry('target-list', 'the targets this pipeline must run on (default: every target)'),
};

export const datasetMembers: MemberTable = {
    uri: entry('string', 'where the data lives, e.g. `"file:data/reviews.jsonl"`', true),
    sha256: entry('string', 'the expected SHA-256 digest of the file'),
    version: entry('semver', 'the dataset version'),
    splits: entry('string-list', 'the named splits, e.g. `["train", "test"]`'),
    description: entry('string', 'what the data is'),
};

export const modelMembers: MemberTable = {
    uri: entry('string', 'where the weights live, e.g. `"file:models/base.bin"`', true),
    sha256: entry('string', 'the expected SHA-256 digest of the weights'),
    version: entry('semver', 'the model version'),
    signedBy: entry('string', 'the public key file that signs the weights'),
    description: entry('string', 'what the model is'),
};

const capacity = block({
    cpu: entry('cpu', 'CPU cores available'),
    memory: entry('memory', 'memory available'),
    gpu: entry('int', 'GPUs available'),
    gpuMemory: entry('memory', 'GPU memory available, e.g. `24Gi`'),
}, 'what the machine offers to steps');

export const sandboxTargetMembers: MemberTable = {
    runtime: entry({ oneOf: ['gvisor', 'process'] }, '`"gvisor"` (isolated) or `"process"` (no isolation)'),
    capacity,
    network: entry('network', '`"none"` or a list of hosts steps may reach'),
};

export const kubernetesTargetMembers: MemberTable = {
    context: entry('string', 'the kubeconfig context (default: the current one)'),
    namespace: entry('string', 'the namespace Jobs are created in', true),
    runtimeClass: entry('string', 'the RuntimeClass of step pods, e.g. `"gvisor"`'),
    serviceAccount: entry('string', 'the service account of step pods'),
    image: entry('string', 'the container image of steps that set no `image` (default `"node:22-bookworm-slim"`)'),
    volume: entry('string', 'the ReadWriteMany PersistentVolumeClaim that holds attempts\' inputs and outputs, mounted at `/weft/data`'),
    localVolume: entry('string', 'where the machine running `weft run` has the same volume mounted, so outputs come back'),
};

export const poolMembers: MemberTable = {
    cpu: entry('cpu', 'CPU cores of one node'),
    memory: entry('memory', 'memory of one node'),
    gpu: entry('int', 'GPUs of one node'),
    gpuMemory: entry('memory', 'GPU memory of one node, e.g. `80Gi`'),
    count: entry('int', 'number of nodes'),
    labels: block({ free: 'string' }, 'node labels that select the pool'),
    taints: entry('string-list', 'taints the pool\'s nodes carry, tolerated by its steps'),
};
