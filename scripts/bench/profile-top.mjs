// The top frames by self time of a V8 CPU profile (`node --cpu-prof`):
// `node scripts/bench/profile-top.mjs FILE.cpuprofile [N] [--skip NAME,…]` prints a Markdown table;
// `--skip` leaves out frames by function name (the benchmark's own clean-up, `spawnSync`), shares
// are then of what is left.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { skip: { type: 'string', default: '' } } });
const [file, count = '15'] = positionals;
const skipped = new Set(options.skip.split(',').filter(Boolean));
const profile = JSON.parse(readFileSync(file, 'utf8'));
const deltas = profile.timeDeltas;
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (deltas[i] ?? 0));
const byFrame = new Map();
let total = 0;
for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (skipped.has(functionName)) continue;
    total += us;
    const where = url ? `${path.basename(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + us);
}
console.log('| frame | self | share |\n|---|---|---|');
for (const [frame, us] of [...byFrame].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
    console.log(`| \`${frame}\` | ${Math.round(us / 1000)} ms | ${(us / total * 100).toFixed(1)}% |`);
}
