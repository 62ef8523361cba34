// Benchmark of what installing Weft costs a project: installs the tarballs `npm run build` packs
// into pack/ into empty folders, (a) `@weft/contract` alone, as a project that only implements
// steps, and (b) all four packages, as a project that runs the `weft` CLI, and measures what
// lands in node_modules. Prints a Markdown table.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pack = path.join(root, 'pack');
const tarball = name => {
    const file = existsSync(pack) && readdirSync(pack).find(entry => entry.startsWith(`weft-${name}-`) && entry.endsWith('.tgz'));
    if (!file) fail(`no ${name} tarball in pack/; run \`npm run build\` first`);
    return path.join(pack, file);
};

const installs = [
    { name: 'a step-only project: `@weft/contract`', packages: ['contract'] },
    { name: 'the `weft` CLI: `@weft/cli`, `@weft/runtime`, `@weft/language`, `@weft/contract`', packages: ['contract', 'language', 'runtime', 'cli'] },
];

const rows = ['| install | packages | on disk | bytes of files | time |', '|---|---:|---:|---:|---:|'];
for (const install of installs) {
    const folder = mkdtempSync(path.join(tmpdir(), 'weft-install-size-'));
    try {
        writeFileSync(path.join(folder, 'package.json'), '{ "name": "install-size", "private": true }\n');
        process.stderr.write(`installing ${install.packages.join(', ')}…\n`);
        const started = Date.now();
        const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
        const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...install.packages.map(tarball)], { cwd: folder, env, encoding: 'utf8' });
        if (npm.status !== 0) fail(`npm install failed:\n${npm.stderr}`);
        const seconds = (Date.now() - started) / 1000;
        const modules = path.join(folder, 'node_modules');
        const count = readdirSync(modules, { recursive: true, encoding: 'utf8' }).filter(file => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(`node_modules/${file}`)).length;
        const du = args => Number(spawnSync('du', [...args, modules], { encoding: 'utf8' }).stdout.split('\t')[0]);
        const megabytes = bytes => `${(bytes / 1e6).toFixed(1)} MB`;
        rows.push(`| ${install.name} | ${count} | ${megabytes(du(['-sk']) * 1024)} | ${megabytes(du(['-sb', '--apparent-size']))} | ${seconds.toFixed(0)} s |`);
    } finally {
        rmSync(folder, { recursive: true, force: true });
    }
}
process.stdout.write(`${rows.join('\n')}\n`);

function fail(message) {
    process.stderr.write(`bench-install-size: ${message}\n`);
    process.exit(2);
}
