import { WeftError } from '@weft/contract/errors';
import type { PlanCall } from '../contract/plan.js';
import { calleeName } from '../plan/step-name.js';
import type { ArtifactRecord, RunInputRecord, RunStore, StoredJson, TaskInputRecord } from '../store/run-store.js';
import type { GitState } from './git-state.js';
import { hyperparameterDigest } from './hyperparameters.js';

/** A node of a lineage graph: a produced artifact, a task's attempt, or a dataset or model a run declared. */
export type LineageNode =
    | { readonly id: string; readonly type: 'artifact'; readonly digest: string; readonly kind: ArtifactRecord['kind']; readonly size?: number; readonly path?: string }
    | {
        readonly id: string; readonly type: 'task'; readonly runId: string; readonly taskId: string; readonly step: string;
        /** The attempt that produced its outputs; absent when completed from cache. */
        readonly attempt?: number;
        /** The task's plain (non-handle) input values, encoded. */
        readonly values: Readonly<Record<string, StoredJson>>;
        /** The code that ran: `sha256:` digest of the step's bundle (absent when it could not be bundled). */
        readonly code?: string;
        /** The contract hash of the step the plan called. */
        readonly contractHash?: string;
        /** The git state of the run's project when it started (absent outside a git repository). */
        readonly git?: GitState;
        /** The digest of the task's scalar inputs (`hyperparameterDigest`). */
        readonly hyperparameters?: string;
    }
    | ({ readonly id: string; readonly type: 'declared'; readonly runId: string } & RunInputRecord);

/** `from` fed `to`: an artifact or declaration into a task (label: the input), a task into an artifact (label: the output). */
export interface LineageEdge {
    readonly from: string;
    readonly to: string;
    readonly label: string;
    /**
     * On an input edge: the task returned this input unchanged, as these outputs (`model`). Such a
     * task is a user of the artifact, not its producer, so the graph has no cycle through it.
     */
    readonly returned?: string;
}

export interface LineageGraph {
    /** The node asked about: an artifact or declaration (by digest), or absent for a whole run. */
    readonly focus?: string;
    readonly runId?: string;
    /** A whole run's bound parameters, encoded. */
    readonly parameters?: Readonly<Record<string, StoredJson>>;
    readonly nodes: readonly LineageNode[];
    readonly edges: readonly LineageEdge[];
}

/** No artifact, input or run matches what was asked, or a prefix matches several. */
export class LineageLookupError extends WeftError {
    static override readonly fault = 'user';
    static override readonly code = 'lineage-lookup';

    constructor(readonly reason: 'not-a-digest' | 'unknown' | 'ambiguous', message: string) {
        super(message);
        this.name = 'LineageLookupError';
    }
}

/** The full digest (`sha256:<hex>`) of the one artifact or input whose digest starts with `prefix` (with or without `sha256:`). */
export function resolveDigest(store: RunStore, prefix: string): string {
    const wanted = prefix.toLowerCase().startsWith('sha256:') ? prefix.toLowerCase() : `sha256:${prefix.toLowerCase()}`;
    if (!/^sha256:[0-9a-f]{4,64}$/.test(wanted)) throw new LineageLookupError('not-a-digest', `${prefix} is not a digest (give at least 4 hex digits of a sha256) nor a run id`);
    const digests = new Set<string>([
        ...store.artifactsWithDigest(wanted).map(artifact => artifact.digest!),
        ...store.taskInputsWithDigest(wanted).map(input => input.digest!),
        ...store.runInputsWithDigest(wanted).map(input => input.digest!),
    ]);
    if (digests.size === 0) throw new LineageLookupError('unknown', `no artifact or input with digest ${wanted} is recorded in this project (see \`weft runs\`)`);
    if (digests.size > 1) throw new LineageLookupError('ambiguous', `${prefix} matches ${digests.size} digests; give more digits`);
    return [...digests][0]!;
}

/**
 * Where the artifact (or declared input) with `digest` came from — the tasks, artifacts and
 * declarations upstream, within the run that produced it — and what used it downstream, in any run.
 */
export function artifactLineage(store: RunStore, digest: string): LineageGraph {
    const graph = new GraphBuilder(store);
    // A task that returned the artifact it was given did not make it.
    const producers = store.artifactsWithDigest(digest).filter(artifact => artifact.digest === digest && !graph.returnedUnchanged(artifact.runId, artifact));
    let focus: string;
    if (producers.length > 0) {
        focus = graph.artifact(producers[0]!);
        for (const producer of producers) graph.upstreamOfArtifact(producer.runId, producer);
    } else {
        const declared = store.runInputsWithDigest(digest).filter(input => input.digest === digest);
        const consumed = store.taskInputsWithDigest(digest).filter(input => input.digest === digest);
        focus = declared.length > 0 ? graph.declared(declared[0]!.runId, declared[0]!) : graph.artifact({ kind: consumed[0]!.kind as ArtifactRecord['kind'], digest, ...(consumed[0]!.path === undefined ? {} : { path: consumed[0]!.path }) });
    }
    graph.downstream(digest, focus);
    return { focus, nodes: graph.nodes(), edges: graph.edges() };
}

/** Everything a run consumed and produced: its declarations, tasks and artifacts, and the edges between them. */
export function runLineage(store: RunStore, runId: string): LineageGraph {
    const graph = new GraphBuilder(store);
    for (const input of store.runInputs(runId)) graph.declared(runId, input);
    const producedBy = new Map(store.artifacts(runId).filter(artifact => artifact.digest).map(artifact => [artifact.digest!, artifact]));
    for (const task of store.tasks(runId)) {
        if (!graph.taskRan(runId, task.id)) continue;
        const id = graph.task(runId, task.id);
        graph.inputsOf(runId, task.id, id, digestKnown => producedBy.get(digestKnown));
    }
    for (const artifact of store.artifacts(runId)) {
        if (artifact.digest && !graph.returnedUnchanged(runId, artifact)) graph.edge(graph.task(runId, artifact.taskId), graph.artifact(artifact), artifact.output);
    }
    const run = store.run(runId);
    return { runId, ...(run ? { parameters: run.parameters } : {}), nodes: graph.nodes(), edges: graph.edges() };
}

interface RunRows {
    readonly artifacts: readonly ArtifactRecord[];
    readonly artifactsByTask: ReadonlyMap<string, readonly ArtifactRecord[]>;
    /** The artifact each digest was made by (not merely returned unchanged by a task that was given it). */
    readonly producedByDigest: ReadonlyMap<string, ArtifactRecord>;
    readonly inputsByTask: ReadonlyMap<string, readonly TaskInputRecord[]>;
    readonly declared: readonly RunInputRecord[];
    readonly nodeOfTask: ReadonlyMap<string, string>;
    readonly codeOfTask: ReadonlyMap<string, string>;
    readonly calls: ReadonlyMap<string, PlanCall>;
    readonly git?: GitState;
}

/** Collects nodes and edges once each, reading the store as it walks. */
class GraphBuilder {
    private readonly nodeMap = new Map<string, LineageNode>();
    private readonly edgeMap = new Map<string, LineageEdge>();
    private readonly visitedTasks = new Set<string>();
    private readonly visitedDigests = new Set<string>();
    /** Each run's rows, read once: a walk visits many tasks of the same run. */
    private readonly runs = new Map<string, RunRows>();

    constructor(private readonly store: RunStore) {}

    private rowsOf(runId: string): RunRows {
        let rows = this.runs.get(runId);
        if (!rows) {
            const byTask = <Row extends { readonly taskId: string }>(list: readonly Row[]): Map<string, Row[]> => {
                const grouped = new Map<string, Row[]>();
                for (const row of list) {
                    const group = grouped.get(row.taskId);
                    if (group) group.push(row);
                    else grouped.set(row.taskId, [row]);
                }
                return grouped;
            };
            const run = this.store.run(runId);
            const artifacts = this.store.artifacts(runId);
            const inputsByTask = byTask(this.store.taskInputs(runId));
            const made = artifacts.filter(artifact => artifact.digest !== undefined && !isReturnedInput(artifact, inputsByTask));
            const tasks = this.store.tasks(runId);
            rows = {
                artifacts,
                artifactsByTask: byTask(artifacts),
                producedByDigest: new Map(made.map(artifact => [artifact.digest!, artifact])),
                inputsByTask,
                declared: this.store.runInputs(runId),
                nodeOfTask: new Map(tasks.map(task => [task.id, task.node])),
                codeOfTask: new Map(tasks.filter(task => task.code !== undefined).map(task => [task.id, task.code!])),
                calls: new Map((run?.plan.nodes ?? []).map(node => [node.id, node.call])),
                ...(run?.git ? { git: run.git } : {}),
            };
            this.runs.set(runId, rows);
        }
        return rows;
    }

    nodes(): LineageNode[] {
        return [...this.nodeMap.values()];
    }

    edges(): LineageEdge[] {
        return [...this.edgeMap.values()];
    }

    edge(from: string, to: string, label: string, returned?: string): void {
        this.edgeMap.set(`${from}\0${to}\0${label}`, { from, to, label, ...(returned === undefined ? {} : { returned }) });
    }

    /** Whether `artifact` is one of its task's own inputs, returned unchanged. */
    returnedUnchanged(runId: string, artifact: ArtifactRecord): boolean {
        return isReturnedInput(artifact, this.rowsOf(runId).inputsByTask);
    }

    /** The outputs of a task that are its input with `digest`, unchanged (`model`, `a, b`), if any. */
    private returnedAs(runId: string, taskId: string, digest: string): string | undefined {
        const outputs = (this.rowsOf(runId).artifactsByTask.get(taskId) ?? []).filter(artifact => artifact.digest === digest).map(artifact => artifact.output);
        return outputs.length === 0 ? undefined : outputs.join(', ');
    }

    artifact(record: Pick<ArtifactRecord, 'kind' | 'digest' | 'size' | 'path'>): string {
        const id = `artifact:${record.digest}`;
        if (!this.nodeMap.has(id)) {
            this.nodeMap.set(id, { id, type: 'artifact', digest: record.digest!, kind: record.kind, ...(record.size === undefined ? {} : { size: record.size }), ...(record.path === undefined ? {} : { path: record.path }) });
        }
        return id;
    }

    declared(runId: string, input: RunInputRecord): string {
        const id = `declared:${runId}:${input.name}`;
        if (!this.nodeMap.has(id)) this.nodeMap.set(id, { id, type: 'declared', runId, ...input });
        return id;
    }

    /** Whether the task has recorded inputs or outputs (it completed, from an attempt or the cache). */
    taskRan(runId: string, taskId: string): boolean {
        const rows = this.rowsOf(runId);
        return rows.inputsByTask.has(taskId) || rows.artifactsByTask.has(taskId);
    }

    task(runId: string, taskId: string): string {
        const id = `task:${runId}:${taskId}`;
        if (this.nodeMap.has(id)) return id;
        const rows = this.rowsOf(runId);
        const inputs = rows.inputsByTask.get(taskId) ?? [];
        const attempt = inputs[0]?.attempt ?? rows.artifactsByTask.get(taskId)?.[0]?.attempt;
        const values = Object.fromEntries(inputs.filter(input => input.kind === 'value').map(input => [input.input, input.value ?? null]));
        const code = rows.codeOfTask.get(taskId);
        const call = rows.calls.get(rows.nodeOfTask.get(taskId) ?? taskId);
        const hyperparameters = hyperparameterDigest(inputs);
        this.nodeMap.set(id, {
            id, type: 'task', runId, taskId, step: this.stepOf(runId, taskId), ...(attempt === undefined ? {} : { attempt }), values,
            ...(code === undefined ? {} : { code }),
            ...(call?.kind === 'step' ? { contractHash: call.contractHash } : {}),
            ...(rows.git ? { git: rows.git } : {}),
            ...(hyperparameters === undefined ? {} : { hyperparameters }),
        });
        return id;
    }

    /** Edges into a task from its handle inputs: a declaration of the run, an artifact (and, through `upstream`, its producer). */
    inputsOf(runId: string, taskId: string, taskNode: string, producer: (digest: string) => (ArtifactRecord | undefined)): void {
        const { declared, inputsByTask } = this.rowsOf(runId);
        for (const input of inputsByTask.get(taskId) ?? []) {
            if (input.kind === 'value' || input.digest === undefined) continue;
            const declaration = declared.find(candidate => candidate.digest === input.digest && (candidate.path === undefined || candidate.path === input.path))
                ?? declared.find(candidate => candidate.digest === input.digest);
            const returned = this.returnedAs(runId, taskId, input.digest);
            if (declaration) {
                this.edge(this.declared(runId, declaration), taskNode, input.input, returned);
                continue;
            }
            const made = producer(input.digest);
            this.edge(this.artifact(made ?? { kind: input.kind as ArtifactRecord['kind'], digest: input.digest, ...(input.path === undefined ? {} : { path: input.path }) }), taskNode, input.input, returned);
        }
    }

    /** The task that produced `artifact` in `runId`, its inputs, and theirs, up to the run's declarations (a loop, not recursion: chains can be long). */
    upstreamOfArtifact(runId: string, start: ArtifactRecord): void {
        const { producedByDigest } = this.rowsOf(runId);
        const queue = [start];
        for (let artifact = queue.pop(); artifact; artifact = queue.pop()) {
            const taskNode = this.task(runId, artifact.taskId);
            this.edge(taskNode, this.artifact(artifact), artifact.output);
            const key = `${runId}:${artifact.taskId}`;
            if (this.visitedTasks.has(key)) continue;
            this.visitedTasks.add(key);
            this.inputsOf(runId, artifact.taskId, taskNode, digest => {
                const upstream = producedByDigest.get(digest);
                if (upstream) queue.push(upstream);
                return upstream;
            });
        }
    }

    /** The tasks (of any run) that consumed `digest`, their outputs, and what consumed those. */
    downstream(start: string, from: string): void {
        const queue: [string, string][] = [[start, from]];
        for (let next = queue.pop(); next; next = queue.pop()) {
            const [digest, source] = next;
            if (this.visitedDigests.has(digest)) continue;
            this.visitedDigests.add(digest);
            for (const consumer of this.store.taskInputsWithDigest(digest).filter(input => input.digest === digest)) {
                const taskNode = this.task(consumer.runId, consumer.taskId);
                this.edge(source, taskNode, consumer.input, this.returnedAs(consumer.runId, consumer.taskId, digest));
                // An output that is this same artifact, returned unchanged, is marked on the input edge above.
                for (const output of (this.rowsOf(consumer.runId).artifactsByTask.get(consumer.taskId) ?? []).filter(artifact => artifact.digest && artifact.digest !== digest)) {
                    const outputNode = this.artifact(output);
                    this.edge(taskNode, outputNode, output.output);
                    queue.push([output.digest!, outputNode]);
                }
            }
        }
    }

    private stepOf(runId: string, taskId: string): string {
        const rows = this.rowsOf(runId);
        const node = rows.nodeOfTask.get(taskId) ?? taskId;
        const call = rows.calls.get(node);
        return call === undefined ? node : calleeName(call);
    }
}

/** An output of a task that is one of the task's inputs (same digest): returned unchanged, not made. */
function isReturnedInput(artifact: ArtifactRecord, inputsByTask: ReadonlyMap<string, readonly TaskInputRecord[]>): boolean {
    return artifact.digest !== undefined && (inputsByTask.get(artifact.taskId) ?? []).some(input => input.digest === artifact.digest);
}
