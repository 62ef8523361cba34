// The packaged extension in a real VS Code: code-server (installed before the tests by
// scripts/test-prerequisites.mjs) with the built .vsix, driven in headless Chromium as a user
// would: open an example, break its types, complete, open the pipeline graph.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startCodeServer } from '../../../scripts/code-server.mjs';
import { expectFreshVsix, vsix } from './packaged-vsix.js';

const example = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/text-classifier');

/** Quiet defaults: no welcome page, no chat side bar, no telemetry. */
const settings = {
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
};

// A loaded two-core machine needs tens of seconds for the workbench and the server's first check.
const UI_TIMEOUT = 120_000;

describe('the extension in code-server', () => {
    let server: Awaited<ReturnType<typeof startCodeServer>>;
    let browser: Browser;
    let page: Page;
    let editor: Locator;
    let workspace: string;
    const pageErrors: string[] = [];

    /** Puts the cursor at the end of the first line of the example that contains `text` (with Go to Line: the editor renders only the lines in view). */
    async function toEndOfLine(text: string): Promise<void> {
        const line = readFileSync(path.join(example, 'sentiment.weft'), 'utf8').split('\n').findIndex(candidate => candidate.includes(text)) + 1;
        expect(line).toBeGreaterThan(0);
        // Go to Line works from the editor: focus may be in the Problems panel or a webview.
        await editor.click({ position: { x: 200, y: 10 } });
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').waitFor();
        await page.keyboard.type(String(line));
        await page.keyboard.press('Enter');
        // The status bar says where the cursor is (the line's text has inlay hints in it).
        await page.locator('.statusbar-item', { hasText: `Ln ${line},` }).first().waitFor();
        await page.keyboard.press('End');
    }

    beforeAll(async () => {
        expectFreshVsix();
        workspace = mkdtempSync(path.join(tmpdir(), 'weft-code-server-workspace-'));
        cpSync(example, workspace, { recursive: true });
        server = await startCodeServer({ vsix, settings });
        browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
        page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.setDefaultTimeout(UI_TIMEOUT);
        page.on('pageerror', error => pageErrors.push(error.message));
        await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded', timeout: UI_TIMEOUT });
        await page.getByRole('treeitem', { name: 'sentiment.weft' }).dblclick();
        editor = page.locator('.editor-instance .monaco-editor').first();
        await editor.locator('.view-line', { hasText: 'minAccuracy' }).first().waitFor();
    }, 4 * UI_TIMEOUT);

    afterAll(async () => {
        await browser?.close();
        await server?.stop();
        if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    test('a type error shows as weft(type-mismatch) in the Problems panel, and the built-in library has no entry there', async () => {
        await toEndOfLine('const minAccuracy');
        await page.keyboard.press('Shift+Home');
        await page.keyboard.type('const minAccuracy: float = true');
        await page.keyboard.press('Control+Shift+M');
        const problems = page.locator('.markers-panel');
        // The panel shows `source(code)`, with the parentheses drawn by its style sheet.
        const mismatch = problems.locator('.monaco-list-row', { has: page.locator('.marker-code', { hasText: 'type-mismatch' }) }).first();
        await mismatch.waitFor();
        const shown = `${await mismatch.locator('.marker-source').innerText()}(${await mismatch.locator('.marker-code').innerText()})`;
        expect(shown).toBe('weft(type-mismatch)');
        expect(await mismatch.locator('.marker-message').innerText()).toBe('Constant `minAccuracy` expects float but got true (a bool).');
        // Each file with problems is a row of its own ("1 problems in file sentiment.weft of folder ."): only the edited file has one.
        const rows = await problems.locator('[role=treeitem]').evaluateAll(items => items.map(item => item.getAttribute('aria-label') ?? ''));
        const files = rows.flatMap(row => /problems? in file (.+?) of folder/.exec(row)?.[1] ?? []);
        expect(files).toEqual(['sentiment.weft']);
        expect(rows.join('\n').toLowerCase()).not.toContain('builtin');
    }, 2 * UI_TIMEOUT);

    test('completion after `m.` offers the outputs of the step m calls', async () => {
        await toEndOfLine('let m = train');
        await page.keyboard.press('Enter');
        await page.keyboard.type('let z = evaluate(m.');
        const suggestions = page.locator('.editor-widget.suggest-widget .monaco-list-row');
        await suggestions.filter({ hasText: 'model' }).first().waitFor();
        const labels = await suggestions.locator('.label-name').allInnerTexts();
        expect(labels).toEqual(expect.arrayContaining(['model', 'metrics']));
        await page.keyboard.press('Escape');
        // The unfinished line goes again, so the pipeline parses for the graph.
        await page.keyboard.press('Control+Shift+K');
    }, 2 * UI_TIMEOUT);

    test('the pipeline graph opens beside the editor with every call inside the panel', async () => {
        await toEndOfLine('let e = evaluate');
        await page.keyboard.press('F1');
        await page.keyboard.type('Weft: Show Pipeline Graph');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Pipeline Graph' }).first().waitFor();
        await page.keyboard.press('Enter');
        const graph = await graphFrame(page);
        const boxes = await graph.evaluate(() => [...document.querySelectorAll('g.node rect')].map(rect => {
            const box = rect.getBoundingClientRect();
            return { left: box.left, top: box.top, right: box.right, bottom: box.bottom, width: innerWidth, height: innerHeight };
        }));
        expect(boxes).toHaveLength(6);
        const outside = boxes.filter(box => box.left < 0 || box.top < 0 || box.right > box.width || box.bottom > box.height);
        expect(outside).toEqual([]);
        expect(pageErrors).toEqual([]);
    }, 2 * UI_TIMEOUT);
});

/** The webview frame that draws the graph, once its call boxes are there. */
async function graphFrame(page: Page): Promise<Frame> {
    const deadline = Date.now() + UI_TIMEOUT;
    while (Date.now() < deadline) {
        for (const frame of page.frames()) {
            if (await frame.locator('svg.graph g.node').count().catch(() => 0) > 0) return frame;
        }
        await page.waitForTimeout(250);
    }
    throw new Error(`no pipeline graph within ${UI_TIMEOUT / 1000} s; frames: ${page.frames().map(frame => frame.url()).join(', ')}`);
}
