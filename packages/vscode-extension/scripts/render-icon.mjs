// Draws the extension's icon (images/icon.png, 128×128): a "W" woven through three weft threads,
// each crossing alternately over and under. Rendered by headless Chromium (playwright-core, as the
// graph view's test does). Run it again after changing the drawing: `node scripts/render-icon.mjs`.
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const folder = fileURLToPath(new URL('..', import.meta.url));
const size = 128;
const colors = { background: '#1f2a44', warp: '#2ec4b6', weft: '#ffbf69' };
// The W's four strokes and the three horizontal threads.
const points = [[24, 28], [45, 100], [64, 50], [83, 100], [104, 28]];
const threads = [44, 66, 88];
const strokes = points.slice(1).map((end, index) => [points[index], end]);

const line = (x1, y1, x2, y2, color, width, cap = 'round') =>
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${color}" stroke-width="${width}" stroke-linecap="${cap}"/>`;
const polyline = (color, width) =>
    `<polyline points="${points.map(point => point.join(',')).join(' ')}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"/>`;

// Threads first (under everything), then the W with a gap around it, then, where a thread passes
// over a stroke, the thread again, clipped to that stroke's band: over and under alternate along a
// thread and down a stroke.
const width = 14;
const clips = [];
const over = [];
threads.forEach((y, row) => {
    strokes.forEach(([[x1, y1], [x2, y2]], column) => {
        if (y <= Math.min(y1, y2) || y >= Math.max(y1, y2) || (row + column) % 2 === 1) return;
        const length = Math.hypot(x2 - x1, y2 - y1);
        const [nx, ny] = [((y1 - y2) / length) * (width / 2), ((x2 - x1) / length) * (width / 2)];
        const band = [[x1 + nx, y1 + ny], [x2 + nx, y2 + ny], [x2 - nx, y2 - ny], [x1 - nx, y1 - ny]];
        const id = `over-${row}-${column}`;
        clips.push(`<clipPath id="${id}"><polygon points="${band.map(point => point.join(',')).join(' ')}"/></clipPath>`);
        over.push(`<g clip-path="url(#${id})">${line(0, y, size, y, colors.background, 14, 'butt')}${line(0, y, size, y, colors.weft, 8, 'butt')}</g>`);
    });
});
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<defs>${clips.join('')}</defs>
<rect x="2" y="2" width="${size - 4}" height="${size - 4}" rx="26" fill="${colors.background}"/>
${threads.map(y => line(14, y, size - 14, y, colors.weft, 8)).join('\n')}
${polyline(colors.background, width + 8)}
${polyline(colors.warp, width)}
${over.join('\n')}
</svg>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: Number(process.env.SCALE ?? 1) });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: process.env.OUT ?? path.join(folder, 'images/icon.png'), omitBackground: true });
} finally {
    await browser.close();
}
