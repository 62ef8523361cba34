import type { AstNode } from 'langium';
import type { LetStatement, PipelineDeclaration } from '../../generated/ast.js';
import { isPipelineDeclaration } from '../../generated/ast.js';
import { type DependencyKind, pipelineDependencies } from '../../helpers/pipeline-dependencies.js';

/**
 * A pipeline's DAG as the editor's graph view draws it (the `weft/pipelineGraph` answer): one
 * node per call with the line to reveal, edges for data, order and failure. It is read from the
 * source, so a half-typed pipeline has one too; `weft graph` draws a compiled plan instead
 * (`PipelineDrawing`, generation/graph/pipeline-drawing.ts).
 */
export interface PipelineGraph {
    readonly pipeline: string;
    readonly nodes: readonly PipelineGraphNode[];
    readonly edges: readonly PipelineGraphEdge[];
}

export interface PipelineGraphNode {
    /** The `let` name: unique within the pipeline's blocks that can see each other. */
    readonly id: string;
    /** What is called: a step or pipeline name. */
    readonly callee: string;
    readonly kind: 'step' | 'pipeline' | 'unknown';
    /** `for` fan-out, `when`/`else` or `on failure` block the call stands in, if any. */
    readonly context?: string;
    /** Zero-based line of the `let`, to reveal it from the view. */
    readonly line: number;
}

export interface PipelineGraphEdge {
    readonly from: string;
    readonly to: string;
    readonly kind: DependencyKind;
}

/** The graph of `pipeline`: an edge runs from the call that must finish first to the call that waits. */
export function pipelineGraph(pipeline: PipelineDeclaration): PipelineGraph {
    const dependencies = pipelineDependencies(pipeline);
    const ids = new Map<LetStatement, string>();
    const nodes = dependencies.lets.map((statement, index) => {
        const id = ids.has(statement) ? `${statement.name}#${index}` : statement.name ?? `#${index}`;
        ids.set(statement, id);
        const call = statement.value?.$type === 'ForEach' ? statement.value.call : statement.value;
        const callee = call?.callee?.ref;
        return {
            id,
            callee: call?.callee?.$refText ?? '?',
            kind: callee?.$type === 'StepDeclaration' ? 'step' : callee?.$type === 'PipelineDeclaration' ? 'pipeline' : 'unknown',
            context: contextOf(statement),
            line: statement.$cstNode?.range.start.line ?? 0,
        } satisfies PipelineGraphNode;
    });
    const edges: PipelineGraphEdge[] = [];
    const seen = new Set<string>();
    for (const statement of dependencies.lets) {
        for (const dependency of dependencies.dependenciesOf(statement)) {
            const from = ids.get(dependency.to);
            const to = ids.get(statement);
            const key = `${from}->${to}:${dependency.kind}`;
            if (from === undefined || to === undefined || seen.has(key)) continue;
            seen.add(key);
            edges.push({ from, to, kind: dependency.kind });
        }
    }
    return { pipeline: pipeline.name ?? '?', nodes, edges };
}

/** The pipeline that holds `node`, if any. */
export function enclosingPipeline(node: AstNode | undefined): PipelineDeclaration | undefined {
    for (let current = node; current; current = current.$container) if (isPipelineDeclaration(current)) return current;
    return undefined;
}

function contextOf(statement: LetStatement): string | undefined {
    const parts: string[] = [];
    if (statement.value?.$type === 'ForEach') parts.push('for each');
    const owner = statement.$container;
    if (owner?.$type === 'WhenStatement') parts.push(statement.$containerProperty === 'elseBody' ? 'else' : 'when');
    if (owner?.$type === 'OnFailureStatement') parts.push('on failure');
    return parts.length > 0 ? parts.join(', ') : undefined;
}
