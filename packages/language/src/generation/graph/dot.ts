import type { PipelineDrawing } from './pipeline-drawing.js';

/**
 * The graph in Graphviz DOT: steps as boxes (fan-outs as stacked boxes), data edges labelled
 * with their types, `after` edges dashed, failure edges red, blocks as clusters.
 */
export function renderDot(graph: PipelineDrawing): string {
    const lines = [
        `digraph ${quote(graph.name)} {`,
        '    graph [rankdir=TB, fontname="Helvetica", fontsize=11];',
        '    node [shape=box, style="rounded,filled", fillcolor="#f5f7fa", fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ];
    const grouped = new Set(graph.groups.flatMap(group => group.nodes));
    const nodeLine = (id: string, indent: string): string => {
        const node = graph.nodes.find(candidate => candidate.id === id)!;
        const label = node.resources ? `${node.title}\n${node.resources}` : node.title;
        return `${indent}${quote(id)} [label=${quote(label)}${node.fanOut ? ', shape=box3d' : ''}];`;
    };
    for (const node of graph.nodes) if (!grouped.has(node.id)) lines.push(nodeLine(node.id, '    '));
    for (const group of graph.groups) {
        lines.push(`    subgraph ${quote(`cluster_${group.id}`)} {`, `        label=${quote(group.label)};`, '        style=dashed;');
        for (const id of group.nodes) lines.push(nodeLine(id, '        '));
        lines.push('    }');
    }
    for (const edge of graph.edges) {
        const attributes = [
            ...(edge.label === undefined ? [] : [`label=${quote(edge.label)}`]),
            ...(edge.kind === 'after' ? ['style=dashed'] : []),
            ...(edge.kind === 'failure' ? ['color="#c0392b"', 'fontcolor="#c0392b"'] : []),
        ];
        lines.push(`    ${quote(edge.from)} -> ${quote(edge.to)}${attributes.length === 0 ? '' : ` [${attributes.join(', ')}]`};`);
    }
    lines.push('}');
    return `${lines.join('\n')}\n`;
}

function quote(text: string): string {
    return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}
