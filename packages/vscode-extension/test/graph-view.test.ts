import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI } from 'langium';
import { chromium } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { createWeftLspServices, pipelineGraph, type PipelineGraph } from '@weft/language/lsp';
import { isPipelineDeclaration, type WeftFile } from '@weft/language';
import { graphHtml } from '../src/graph/graph-html.js';
import { layoutGraph } from '../src/graph/graph-layout.js';

const extensionFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

async function graphOf(source: string): Promise<PipelineGraph> {
    const { shared } = createWeftLspServices(EmptyFileSystem);
    const document = shared.workspace.LangiumDocumentFactory.fromString<WeftFile>(source, URI.file('/graph.weft'));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document]);
    const pipeline = document.parseResult.value.declarations.find(isPipelineDeclaration)!;
    return pipelineGraph(pipeline);
}

const source = `
step load() -> (rows: int) { run: "./s.ts#load" }
step clean(rows: int) -> (rows: int) { run: "./s.ts#clean" }
step train(rows: int) -> (score: float) { run: "./s.ts#train" }
step report(score: float) { run: "./s.ts#report" }
step alert(message: string) { run: "./s.ts#alert" }
pipeline flow() -> (score: float) {
  let l = load()
  let c = clean(l.rows)
  let t = train(c.rows)
  when t.score > 0.5 {
    let r = report(t.score)
  }
  on failure of t {
    let a = alert(failure.message)
  }
  let f = report(0.0) after c
  return { score: t.score }
}`;

describe('graph view', () => {
    test('the DAG: one node per call, edges by kind', async () => {
        const graph = await graphOf(source);
        expect(graph.nodes.map(node => node.id)).toEqual(['l', 'c', 't', 'r', 'a', 'f']);
        expect(graph.edges).toEqual(expect.arrayContaining([
            { from: 'l', to: 'c', kind: 'data' }, { from: 't', to: 'r', kind: 'condition' },
            { from: 't', to: 'a', kind: 'failure' }, { from: 'c', to: 'f', kind: 'after' },
        ]));
    });

    test('renders in headless Chromium: every call a box, every edge an arrow, layered top to bottom', async () => {
        const graph = await graphOf(source);
        const html = graphHtml(graph, await layoutGraph(graph), 'test-nonce');
        const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
        try {
            const page = await browser.newPage({ viewport: { width: 640, height: 560 } });
            const errors: string[] = [];
            page.on('pageerror', error => errors.push(error.message));
            await page.setContent(html);
            expect(await page.locator('g.node').count()).toBe(6);
            expect(await page.locator('polyline.edge').count()).toBe(graph.edges.length);
            const top = async (id: string): Promise<number> => (await page.locator(`g.node[data-id="${id}"] rect`).boundingBox())!.y;
            expect(await top('l')).toBeLessThan(await top('c'));
            expect(await top('c')).toBeLessThan(await top('t'));
            expect(await top('t')).toBeLessThan(await top('r'));
            expect(errors).toEqual([]);
            mkdirSync(path.join(extensionFolder, 'images'), { recursive: true });
            await page.screenshot({ path: path.join(extensionFolder, 'images/graph-view.png'), fullPage: true });
        } finally {
            await browser.close();
        }
    });

    test('a file without pipelines shows a hint, not a drawing', () => {
        const html = graphHtml(null, null, 'n');
        expect(html).toContain('Put the cursor in a pipeline');
        expect(html).not.toContain('<svg xmlns');
    });
});
