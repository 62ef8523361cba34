import type { ELK as ElkApi, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import elkModule from 'elkjs/lib/elk.bundled.js';
import type { PipelineGraph } from '@weft/language/lsp';

/** Where the layout put each call box and each edge. */
export interface GraphLayout {
    readonly width: number;
    readonly height: number;
    readonly nodes: readonly { readonly id: string; readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
    readonly edges: readonly { readonly from: string; readonly to: string; readonly kind: string; readonly points: readonly { x: number; y: number }[] }[];
}

/** elkjs is CommonJS: its constructor is the module itself, or its `default` once bundled as ESM. */
const ElkConstructor = ((elkModule as unknown as { default?: unknown }).default ?? elkModule) as new () => ElkApi;

export const NODE_HEIGHT = 44;
const CHARACTER_WIDTH = 7.5;

/** Lays the DAG out top to bottom with ELK's layered algorithm (no cycles assumed; a cycle still lays out). */
export async function layoutGraph(graph: PipelineGraph): Promise<GraphLayout> {
    const elk = new ElkConstructor();
    const input: ElkNode = {
        id: 'root',
        layoutOptions: {
            'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.edgeRouting': 'ORTHOGONAL',
            'elk.spacing.nodeNode': '30', 'elk.layered.spacing.nodeNodeBetweenLayers': '40',
        },
        children: graph.nodes.map(node => ({
            id: node.id,
            width: Math.max(90, CHARACTER_WIDTH * Math.max(node.id.length + node.callee.length + 3, (node.context ?? '').length) + 24),
            height: NODE_HEIGHT,
        })),
        edges: graph.edges.map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
    };
    const laidOut: ElkNode = await elk.layout(input);
    return {
        width: laidOut.width ?? 0,
        height: laidOut.height ?? 0,
        nodes: (laidOut.children ?? []).map((node: ElkNode) => ({ id: node.id, x: node.x ?? 0, y: node.y ?? 0, width: node.width ?? 0, height: node.height ?? 0 })),
        edges: ((laidOut.edges ?? []) as ElkExtendedEdge[]).map((edge, index) => {
            const section = edge.sections?.[0];
            const points = section ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint] : [];
            const source = graph.edges[index]!;
            return { from: source.from, to: source.to, kind: source.kind, points };
        }),
    };
}
