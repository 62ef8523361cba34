import type { PipelineGraph } from '@weft/language/lsp';
import type { GraphLayout } from './graph-layout.js';
import { graphViewScript } from './graph-view-script.js';

const MARGIN = 16;

/** Colours by edge kind: data flows solid; ordering, failure and condition edges dashed. */
const edgeStyles: Readonly<Record<string, { colour: string; dash: string; label: string }>> = {
    data: { colour: 'var(--edge-data)', dash: '', label: 'data' },
    after: { colour: 'var(--edge-after)', dash: '6 4', label: 'after' },
    failure: { colour: 'var(--edge-failure)', dash: '3 3', label: 'on failure' },
    condition: { colour: 'var(--edge-condition)', dash: '8 3 2 3', label: 'when' },
};

function escape(text: string): string {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The graph as an SVG drawing: one box per call (`let` name and callee), arrows for dependencies.
 * It fills the panel; the page's script scales and moves the `scene` group inside it, from the
 * drawing's natural size in `data-width` and `data-height`.
 */
export function graphSvg(graph: PipelineGraph, layout: GraphLayout): string {
    const width = Math.ceil(layout.width + 2 * MARGIN);
    const height = Math.ceil(layout.height + 2 * MARGIN);
    const byId = new Map(graph.nodes.map(node => [node.id, node]));
    const markers = Object.entries(edgeStyles).map(([kind, style]) =>
        `<marker id="arrow-${kind}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${style.colour}"/></marker>`).join('');
    const edges = layout.edges.map(edge => {
        const style = edgeStyles[edge.kind] ?? edgeStyles['data']!;
        const points = edge.points.map(point => `${(point.x + MARGIN).toFixed(1)},${(point.y + MARGIN).toFixed(1)}`).join(' ');
        return `<polyline class="edge edge-${edge.kind}" data-from="${escape(edge.from)}" data-to="${escape(edge.to)}" points="${points}" fill="none" stroke="${style.colour}" stroke-width="1.6"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#arrow-${edge.kind})"><title>${style.label}</title></polyline>`;
    }).join('\n');
    const nodes = layout.nodes.map(box => {
        const node = byId.get(box.id);
        const x = box.x + MARGIN;
        const y = box.y + MARGIN;
        const kind = node?.kind ?? 'unknown';
        const subtitle = node?.context ? `<text class="context" x="${x + box.width / 2}" y="${y + 35}" text-anchor="middle">${escape(node.context)}</text>` : '';
        return `<g class="node node-${kind}" data-id="${escape(box.id)}" data-line="${node?.line ?? 0}">`
            + `<rect x="${x}" y="${y}" width="${box.width}" height="${box.height}" rx="6"/>`
            + `<text class="label" x="${x + box.width / 2}" y="${y + (subtitle ? 19 : 26)}" text-anchor="middle"><tspan class="let">${escape(box.id)}</tspan> = <tspan class="callee">${escape(node?.callee ?? '?')}</tspan>()</text>`
            + subtitle + '</g>';
    }).join('\n');
    return `<svg xmlns="http://www.w3.org/2000/svg" class="graph" data-pipeline="${escape(graph.pipeline)}" data-width="${width}" data-height="${height}" role="img" aria-label="pipeline ${escape(graph.pipeline)}">`
        + `<defs>${markers}</defs><g class="scene">\n${edges}\n${nodes}</g></svg>`;
}

/** The zoom buttons over the drawing; the same actions have keys (`+`, `-`, `0`). */
const zoomControls = '<div class="controls">'
    + '<button class="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>'
    + '<button class="zoom-out" title="Zoom out (-)" aria-label="Zoom out">\u2212</button>'
    + '<button class="zoom-fit" title="Fit to panel (0)" aria-label="Fit to panel">Fit</button></div>';

/**
 * The webview page: the drawing in a frame that fills the panel, zoom buttons, a legend, and
 * the script that fits, zooms, pans and reports clicks (graph-view-script.ts). `nonce` guards
 * the script under the page's content security policy.
 */
export function graphHtml(graph: PipelineGraph | null, layout: GraphLayout | null, nonce: string): string {
    const body = graph && layout
        ? `<h1>pipeline <code>${escape(graph.pipeline)}</code></h1>${graph.nodes.length === 0 ? '<p class="empty">This pipeline calls nothing yet.</p>' : `<div class="frame">${graphSvg(graph, layout)}${zoomControls}</div>`}
<ul class="legend">${Object.entries(edgeStyles).map(([kind, style]) => `<li><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" stroke="${style.colour}" stroke-width="2"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/></svg> ${style.label}</li>`).join('')}</ul>`
        : '<p class="empty">Put the cursor in a pipeline to see its graph.</p>';
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Weft pipeline graph</title>
<style>
:root { --fg: var(--vscode-editor-foreground, #1f2328); --bg: var(--vscode-editor-background, #ffffff);
  --box: var(--vscode-editorWidget-background, #f3f4f6); --border: var(--vscode-focusBorder, #4873c9);
  --edge-data: var(--vscode-charts-blue, #3b73d1); --edge-after: var(--vscode-charts-purple, #8a5cd0);
  --edge-failure: var(--vscode-charts-red, #d14b3b); --edge-condition: var(--vscode-charts-orange, #d18a3b); }
html, body { height: 100%; }
body { font-family: var(--vscode-font-family, system-ui, sans-serif); color: var(--fg); background: var(--bg); margin: 0;
  padding: 16px; box-sizing: border-box; display: flex; flex-direction: column; overflow: hidden; }
h1 { font-size: 15px; font-weight: 600; margin: 0 0 12px; }
.frame { position: relative; flex: 1; min-height: 0; }
svg.graph { position: absolute; inset: 0; width: 100%; height: 100%; cursor: grab; touch-action: none; user-select: none; }
svg.graph.panning { cursor: grabbing; }
.controls { position: absolute; top: 4px; right: 4px; display: flex; gap: 4px; }
.controls button { min-width: 28px; height: 24px; font: inherit; font-size: 13px; color: var(--vscode-button-secondaryForeground, var(--fg));
  background: var(--vscode-button-secondaryBackground, var(--box)); border: 1px solid var(--border); border-radius: 4px; cursor: pointer; }
.node rect { fill: var(--box); stroke: var(--border); stroke-width: 1.4; }
.node-pipeline rect { stroke-dasharray: 5 3; }
.node-unknown rect { stroke: var(--edge-failure); }
.node { cursor: pointer; }
.node text { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); font-size: 12.5px; fill: var(--fg); }
.node .callee { font-weight: 600; }
.node .context { font-size: 10.5px; opacity: 0.75; }
.legend { list-style: none; padding: 0; margin: 12px 0 0; display: flex; gap: 16px; font-size: 12px; }
.empty { opacity: 0.7; }
</style></head>
<body>${body}
<script nonce="${nonce}">${graphViewScript}</script></body></html>`;
}
