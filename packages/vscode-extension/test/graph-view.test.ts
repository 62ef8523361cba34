import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmptyFileSystem, URI } from 'langium';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

/** Twelve calls side by side in one layer: far wider than a narrow panel. */
const wideSource = `
step load() -> (rows: int) { run: "./s.ts#load" }
step featurize(rows: int) -> (rows: int) { run: "./s.ts#featurize" }
pipeline wide() {
  let source = load()
${Array.from({ length: 12 }, (_, index) => `  let features${index} = featurize(source.rows)`).join('\n')}
}`;

const chromiumOptions = { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] };

interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

/** The screen boxes of every call box on the page. */
async function nodeBoxes(page: Page): Promise<Box[]> {
    const rects = await page.locator('g.node rect').all();
    return Promise.all(rects.map(async rect => (await rect.boundingBox())!));
}

function inside(box: Box, viewport: { width: number; height: number }): boolean {
    return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}

const scaleOf = async (page: Page): Promise<number> => Number(await page.locator('svg.graph').getAttribute('data-scale'));

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
        const browser = await chromium.launch(chromiumOptions);
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

describe('graph view in a narrow panel', () => {
    const viewport = { width: 480, height: 360 };
    let browser: Browser;
    let html: string;
    beforeAll(async () => {
        const graph = await graphOf(wideSource);
        html = graphHtml(graph, await layoutGraph(graph), 'test-nonce');
        browser = await chromium.launch(chromiumOptions);
    });
    afterAll(async () => {
        await browser?.close();
    });

    /**
     * A page showing the wide graph, with an `acquireVsCodeApi` that records what the page posts
     * and keeps its state in `window.state`, starting from `state` as VS Code's would after a redraw.
     */
    async function openWide(state: unknown = null): Promise<{ page: Page; errors: string[] }> {
        const page = await browser.newPage({ viewport });
        const errors: string[] = [];
        page.on('pageerror', error => errors.push(error.message));
        const recorder = `<script nonce="test-nonce">window.posted = []; window.state = ${JSON.stringify(state)};
window.acquireVsCodeApi = () => ({ postMessage: message => window.posted.push(message), getState: () => window.state, setState: state => { window.state = state; } });</script>`;
        await page.setContent(html.replace('<script nonce="test-nonce">', `${recorder}<script nonce="test-nonce">`));
        return { page, errors };
    }

    const stateOf = (page: Page): Promise<{ pipeline: string; view?: unknown }> => page.evaluate(() => (window as unknown as { state: { pipeline: string; view?: unknown } }).state);

    test('the graph is fitted to the panel on open: every call box lies inside the viewport', async () => {
        const { page, errors } = await openWide();
        const boxes = await nodeBoxes(page);
        expect(boxes).toHaveLength(13);
        const outside = boxes.filter(box => !inside(box, viewport));
        expect(outside).toEqual([]);
        expect(await scaleOf(page)).toBeLessThan(1);
        expect(errors).toEqual([]);
    });

    test('the buttons and keys zoom in and out around the centre, and fit restores the fitted view', async () => {
        const { page, errors } = await openWide();
        const fitted = await scaleOf(page);
        await page.locator('button.zoom-in').click();
        expect(await scaleOf(page)).toBeCloseTo(fitted * 1.25, 6);
        await page.keyboard.press('+');
        expect(await scaleOf(page)).toBeCloseTo(fitted * 1.25 * 1.25, 6);
        await page.locator('button.zoom-out').click();
        await page.keyboard.press('-');
        expect(await scaleOf(page)).toBeCloseTo(fitted, 6);
        await page.keyboard.press('+');
        await page.keyboard.press('+');
        await page.keyboard.press('+');
        expect((await nodeBoxes(page)).filter(box => !inside(box, viewport))).not.toEqual([]);
        await page.locator('button.zoom-fit').click();
        expect(await scaleOf(page)).toBeCloseTo(fitted, 6);
        expect((await nodeBoxes(page)).filter(box => !inside(box, viewport))).toEqual([]);
        expect(errors).toEqual([]);
    });

    test('the wheel (and a pinch, which arrives as a wheel with Ctrl) zooms around the pointer', async () => {
        const { page, errors } = await openWide();
        const fitted = await scaleOf(page);
        const first = page.locator('g.node[data-id="source"] rect');
        const before = (await first.boundingBox())!;
        const centre = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
        await page.mouse.move(centre.x, centre.y);
        await page.mouse.wheel(0, -300);
        await expect.poll(() => scaleOf(page)).toBeGreaterThan(fitted * 2);
        const after = (await first.boundingBox())!;
        expect(after.width).toBeGreaterThan(before.width * 2);
        // The point under the pointer stays where it was (to the pixel: the pointer's position is rounded).
        expect(Math.abs(after.x + after.width / 2 - centre.x)).toBeLessThan(2);
        expect(Math.abs(after.y + after.height / 2 - centre.y)).toBeLessThan(2);
        const zoomed = await scaleOf(page);
        await page.keyboard.down('Control');
        await page.mouse.wheel(0, 150);
        await page.keyboard.up('Control');
        await expect.poll(() => scaleOf(page)).toBeLessThan(zoomed);
        expect(errors).toEqual([]);
    });

    test('dragging pans the drawing (even from a call box); a click without a drag reveals the call', async () => {
        const { page, errors } = await openWide();
        const box = page.locator('g.node[data-id="source"] rect');
        const before = (await box.boundingBox())!;
        const start = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
        await page.mouse.move(start.x, start.y);
        await page.mouse.down();
        await page.mouse.move(start.x + 60, start.y - 30, { steps: 5 });
        await page.mouse.up();
        const after = (await box.boundingBox())!;
        expect(after.x - before.x).toBeCloseTo(60, 0);
        expect(after.y - before.y).toBeCloseTo(-30, 0);
        expect(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).toEqual([]);
        await page.mouse.click(after.x + after.width / 2, after.y + after.height / 2);
        expect(await page.evaluate(() => (window as unknown as { posted: unknown[] }).posted)).toEqual([{ reveal: 4 }]);
        expect(errors).toEqual([]);
    });

    test('a zoomed view survives a redraw of the same pipeline (in the webview state), but not a switch to another pipeline', async () => {
        const { page, errors } = await openWide();
        const fitted = await scaleOf(page);
        expect(await stateOf(page)).toEqual({ pipeline: 'wide' });
        await page.keyboard.press('+');
        const zoomed = await scaleOf(page);
        const state = await stateOf(page);
        expect(state).toEqual({ pipeline: 'wide', view: { scale: zoomed, x: expect.any(Number), y: expect.any(Number) } });
        // A redraw loads the page afresh, with the state VS Code kept.
        const redrawn = await openWide(state);
        expect(await scaleOf(redrawn.page)).toBe(zoomed);
        const switched = await openWide({ ...state, pipeline: 'another' });
        expect(await scaleOf(switched.page)).toBe(fitted);
        expect([...errors, ...redrawn.errors, ...switched.errors]).toEqual([]);
    });

    test('resizing the panel fits the graph again', async () => {
        const { page, errors } = await openWide();
        const wide = await scaleOf(page);
        const narrower = { width: 320, height: 300 };
        await page.setViewportSize(narrower);
        await expect.poll(() => scaleOf(page)).toBeLessThan(wide);
        expect((await nodeBoxes(page)).filter(box => !inside(box, narrower))).toEqual([]);
        expect(errors).toEqual([]);
    });
});
