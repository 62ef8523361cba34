import type { LineageEdge, LineageGraph, LineageNode } from '@weft/runtime';
import { visible } from '../../visible-text.js';

/** How many levels the text goes up or down before it says where to look further (JSON has all). */
const maxDepth = 30;

type Node<Type extends LineageNode['type']> = Extract<LineageNode, { type: Type }>;

/**
 * A lineage graph as indented text: for an artifact, the tree it came from (tasks, their
 * inputs, upstream artifacts, down to the run's declarations) and what used it; for a run,
 * what it consumed and each task's inputs and outputs. Pure: graph in, text out.
 */
export function formatLineageText(graph: LineageGraph): string {
    const view = new GraphView(graph);
    return graph.focus === undefined ? view.run(graph.runId ?? '') : view.artifact(graph.focus);
}

class GraphView {
    private readonly byId: ReadonlyMap<string, LineageNode>;
    private readonly edgesInto = new Map<string, LineageEdge[]>();
    private readonly edgesOutOf = new Map<string, LineageEdge[]>();
    /** Tasks whose upstream is already printed: a task many artifacts share is expanded once, so shared ancestry cannot multiply the output. */
    private readonly expanded = new Set<string>();

    constructor(private readonly graph: LineageGraph) {
        this.byId = new Map(graph.nodes.map(node => [node.id, node]));
        for (const edge of graph.edges) {
            append(this.edgesInto, edge.to, edge);
            append(this.edgesOutOf, edge.from, edge);
        }
    }

    artifact(focus: string): string {
        const node = this.byId.get(focus)!;
        const lines = [this.describe(node)];
        if (node.type === 'artifact') {
            const producers = this.into(focus);
            lines.push(producers.length === 0 ? 'came from: no recorded task (an input given from outside a run)' : 'came from:');
            for (const edge of producers) this.upstreamTask(edge, '  ', lines);
        }
        const users = this.outOf(focus);
        lines.push(users.length === 0 ? 'used by: nothing recorded' : 'used by:');
        for (const edge of users) this.downstreamTask(edge, '  ', lines, new Set());
        return `${lines.join('\n')}\n`;
    }

    run(runId: string): string {
        const lines = [`run ${runId}`];
        const parameters = Object.entries(this.graph.parameters ?? {});
        if (parameters.length > 0) lines.push(`parameters: ${parameters.map(([name, value]) => `${name} = ${compact(value)}`).join(', ')}`);
        const declared = this.graph.nodes.filter((node): node is Node<'declared'> => node.type === 'declared');
        if (declared.length > 0) lines.push('consumed:', ...declared.map(node => `  ${this.describe(node)}`));
        lines.push('tasks:');
        for (const task of this.graph.nodes.filter((node): node is Node<'task'> => node.type === 'task')) {
            lines.push(`  ${this.describe(task)}`, ...codeLines(task, '    '));
            this.inputsOf(task, '    ', lines, false);
            for (const edge of this.outOf(task.id)) lines.push(`    → ${edge.label}: ${this.describe(this.byId.get(edge.to)!)}`);
        }
        return `${lines.join('\n')}\n`;
    }

    /** The task behind `edge` (task → artifact), its inputs, and recursively where they came from. */
    private upstreamTask(edge: LineageEdge, indent: string, lines: string[]): void {
        const task = this.byId.get(edge.from) as Node<'task'>;
        lines.push(`${indent}${this.describe(task)}, output ${edge.label}`);
        if (this.expanded.has(task.id)) {
            lines.push(`${indent}  … (its inputs are shown above)`);
            return;
        }
        lines.push(...codeLines(task, `${indent}  `));
        this.expanded.add(task.id);
        this.inputsOf(task, `${indent}  `, lines, true);
    }

    private inputsOf(task: Node<'task'>, indent: string, lines: string[], recurse: boolean): void {
        for (const [name, value] of Object.entries(task.values)) lines.push(`${indent}${name} = ${compact(value)}`);
        for (const edge of this.into(task.id)) {
            const source = this.byId.get(edge.from)!;
            lines.push(`${indent}${edge.label} ← ${this.describe(source)}${returned(edge)}`);
            if (!recurse || source.type !== 'artifact') continue;
            if (indent.length > 2 * maxDepth) lines.push(`${indent}  … (deeper: weft lineage ${source.digest})`);
            else for (const producer of this.into(source.id)) this.upstreamTask(producer, `${indent}  `, lines);
        }
    }

    private downstreamTask(edge: LineageEdge, indent: string, lines: string[], seen: Set<string>): void {
        const task = this.byId.get(edge.to)!;
        lines.push(`${indent}${this.describe(task)}, as input ${edge.label}${returned(edge)}`);
        if (indent.length > 2 * maxDepth) {
            lines.push(`${indent}  … (further: weft lineage --format json)`);
            return;
        }
        if (seen.has(task.id)) return;
        seen.add(task.id);
        for (const output of this.outOf(task.id)) {
            lines.push(`${indent}  → ${output.label}: ${this.describe(this.byId.get(output.to)!)}`);
            for (const next of this.outOf(output.to)) this.downstreamTask(next, `${indent}    `, lines, seen);
        }
    }

    private describe(node: LineageNode): string {
        switch (node.type) {
            case 'artifact':
                return `${node.kind} ${node.digest}${node.size === undefined ? '' : ` (${node.size} bytes)`}`;
            case 'task':
                return `task ${node.taskId} (step ${node.step}, run ${node.runId.slice(0, 8)}, ${node.attempt === undefined ? 'from cache' : `attempt ${node.attempt}`})`;
            case 'declared': {
                const parts = [`${node.kind} ${node.name}`, node.uri, node.version === undefined ? undefined : `version ${node.version}`, node.digest ?? 'not readable when the run started'];
                if (node.signedBy !== undefined) parts.push(node.verifiedKey === undefined ? `signed by ${node.signedBy}, not verified in this run` : `verified by key ${node.verifiedKey.slice(0, 16)} (${node.signedBy})`);
                return parts.filter(part => part !== undefined).join(', ');
            }
        }
    }

    private into(id: string): readonly LineageEdge[] {
        return this.edgesInto.get(id) ?? [];
    }

    private outOf(id: string): readonly LineageEdge[] {
        return this.edgesOutOf.get(id) ?? [];
    }
}

function append(map: Map<string, LineageEdge[]>, key: string, edge: LineageEdge): void {
    const list = map.get(key);
    if (list) list.push(edge);
    else map.set(key, [edge]);
}

/** The code a task ran (bundle digest, contract hash, the project's git commit) and the digest of its hyperparameters, when recorded. */
function codeLines(task: Node<'task'>, indent: string): string[] {
    const code = [
        task.code === undefined ? undefined : `bundle ${task.code}`,
        task.contractHash === undefined ? undefined : `contract ${task.contractHash}`,
        task.git === undefined ? undefined : `git ${task.git.commit}${task.git.dirty === true ? ' (dirty)' : task.git.dirty === undefined ? ' (dirty unknown)' : ''}`,
    ].filter(part => part !== undefined);
    return [
        ...(code.length === 0 ? [] : [`${indent}code: ${code.join(', ')}`]),
        ...(task.hyperparameters === undefined ? [] : [`${indent}hyperparameters: ${task.hyperparameters}`]),
    ];
}

/** ` (returned unchanged as model)` for an input the task passed on as its output. */
function returned(edge: LineageEdge): string {
    return edge.returned === undefined ? '' : ` (returned unchanged as ${edge.returned})`;
}

/** A recorded value (a step's output, passed on as an input) as compact JSON, control characters escaped. */
function compact(value: unknown): string {
    const text = visible(JSON.stringify(value));
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
