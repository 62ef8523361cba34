import type { CompiledPlan, PlanExpression, PlanNode } from '@weft/contract';
import { expressionText } from './plan-expression-text.js';

/**
 * A compiled pipeline's DAG, ready to draw (`weft graph`): one box per call with its resources,
 * edges labelled with the types they carry, and the `when`/`on failure` groups. It is made from a
 * plan, so only of a valid pipeline; the editor's graph view draws the source instead, half-typed
 * or not (`PipelineGraph`, lsp/graph/pipeline-graph.ts).
 */
export interface PipelineDrawing {
    readonly name: string;
    readonly nodes: readonly DrawingNode[];
    readonly edges: readonly DrawingEdge[];
    /** Nested `when`/`else`/`on failure` blocks, each holding node ids. */
    readonly groups: readonly DrawingGroup[];
}

export interface DrawingNode {
    readonly id: string;
    /** `t = tokenize`, `vectors = for c in parts.chunks => embed`. */
    readonly title: string;
    /** `cpu 1 · memory 512Mi · timeout 5m`, when the step says. */
    readonly resources?: string;
    readonly fanOut: boolean;
}

export interface DrawingEdge {
    readonly from: string;
    readonly to: string;
    /** `tokens: Dataset<Tokens>` for data edges. */
    readonly label?: string;
    readonly kind: 'data' | 'after' | 'failure';
}

export interface DrawingGroup {
    readonly id: string;
    readonly label: string;
    readonly nodes: readonly string[];
}

/** The drawing of a compiled plan. Deterministic: nodes in plan order, edges sorted. */
export function pipelineDrawing(plan: CompiledPlan): PipelineDrawing {
    const byId = new Map(plan.nodes.map(node => [node.id, node]));
    const edges: DrawingEdge[] = [];
    for (const node of plan.nodes) {
        const read = new Map<string, Set<string>>();
        collectReads([...Object.values(node.arguments), ...(node.forEach ? [node.forEach.items] : [])], read);
        for (const [from, outputs] of [...read].sort(([a], [b]) => compare(a, b))) {
            const source = byId.get(from);
            const label = [...outputs].sort().map(output => {
                const type = source?.outputs.find(candidate => candidate.name === output)?.type;
                return type === undefined ? output : `${output}: ${type}`;
            }).join(', ');
            edges.push({ from, to: node.id, kind: 'data', ...(label === '' ? {} : { label }) });
        }
        for (const needed of node.needs) {
            if (!read.has(needed) && !node.after.includes(needed)) edges.push({ from: needed, to: node.id, kind: 'data' });
        }
        for (const earlier of node.after) edges.push({ from: earlier, to: node.id, kind: 'after' });
        const failureLabel = node.handles?.error === undefined ? 'on failure' : `on failure: ${node.handles.error}`;
        for (const failed of node.onFailureOf ?? []) edges.push({ from: failed, to: node.id, kind: 'failure', label: failureLabel });
        for (const exited of node.onExitOf ?? []) edges.push({ from: exited, to: node.id, kind: 'after', label: 'on exit' });
    }
    return { name: plan.pipeline, nodes: plan.nodes.map(drawingNode), edges, groups: groupsOf(plan.nodes) };
}

function drawingNode(node: PlanNode): DrawingNode {
    const callee = node.call.kind === 'step' ? node.call.step : `pipeline ${node.call.pipeline}`;
    const title = node.forEach
        ? `${node.id} = for ${node.forEach.variable} in ${expressionText(node.forEach.items)}${node.forEach.concurrency ? ` concurrency ${expressionText(node.forEach.concurrency)}` : ''} => ${callee}`
        : `${node.id} = ${callee}`;
    const parts: string[] = [];
    const resources = node.settings.resources ?? {};
    for (const key of ['cpu', 'memory', 'gpu', 'gpuMemory', 'disk'] as const) {
        const value = resources[key];
        if (value !== undefined) parts.push(`${key} ${expressionText(value)}`);
    }
    if (node.settings.timeout) parts.push(`timeout ${expressionText(node.settings.timeout)}`);
    return { id: node.id, title, fanOut: node.forEach !== undefined, ...(parts.length === 0 ? {} : { resources: parts.join(' · ') }) };
}

/** One group per distinct chain of `when`/`else`/`on failure` guards. */
function groupsOf(nodes: readonly PlanNode[]): DrawingGroup[] {
    const groups = new Map<string, { label: string; nodes: string[] }>();
    for (const node of nodes) {
        const labels = node.conditions.map(condition => `${condition.is ? 'when' : 'else of when'} ${expressionText(condition.when)}`);
        if (node.onFailureOf) labels.push(`on failure of ${node.onFailureOf.join(', ')}${node.handles?.error === undefined ? '' : ` as ${node.handles.error}`}`);
        if (node.onExitOf) labels.push(`on exit of ${node.onExitOf.join(', ')}`);
        if (labels.length === 0) continue;
        const label = labels.join(' / ');
        const group = groups.get(label) ?? { label, nodes: [] };
        group.nodes.push(node.id);
        groups.set(label, group);
    }
    return [...groups.values()].map((group, index) => ({ id: `group${index + 1}`, ...group }));
}

/** Which outputs of which nodes the expressions read (`undefined` output: the whole result). */
function collectReads(expressions: readonly PlanExpression[], into: Map<string, Set<string>>): void {
    const visit = (value: unknown): void => {
        if (typeof value !== 'object' || value === null) return;
        const candidate = value as { kind?: unknown; node?: unknown; output?: unknown };
        if (candidate.kind === 'output' && typeof candidate.node === 'string') {
            const outputs = into.get(candidate.node) ?? new Set<string>();
            if (typeof candidate.output === 'string') outputs.add(candidate.output);
            into.set(candidate.node, outputs);
        }
        for (const child of Object.values(value)) visit(child);
    };
    expressions.forEach(visit);
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
